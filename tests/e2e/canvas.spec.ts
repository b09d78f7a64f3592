import { readFileSync } from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './helpers/test';

/**
 * The workflow canvas in Chromium against the built app and the mock upstream (provider `mock` in
 * at.e2e.yaml). The API calls of the specs — and of the page, until the suite signs in with a
 * session — carry the e2e admin token.
 */
const ADMIN = { authorization: 'Bearer e2e-admin-token' };
test.use({ extraHTTPHeaders: ADMIN, viewport: { width: 1600, height: 1000 } });

const node = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
const card = (page: Page, id: string) => node(page, id).getByTestId('node-card');

async function createWorkflow(page: Page, name: string, graph: unknown = { nodes: [], edges: [] }): Promise<string> {
	const res = await page.request.post('/api/v1/workflows', { data: { name, graph } });
	expect(res.status()).toBe(201);
	return (await res.json()).id;
}

/** Drags a palette entry onto the canvas at (x, y) relative to the canvas' top-left corner. */
async function dropNode(page: Page, type: string, x: number, y: number) {
	await page.locator(`[data-testid="palette-item"][data-type="${type}"]`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

async function centre(l: Locator) {
	const b = (await l.boundingBox())!;
	return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Connects two ports with the mouse, as a user drags from an output handle to an input handle. */
async function connect(page: Page, from: string, out: string, to: string, input: string) {
	const edges = await page.locator('.svelte-flow__edge').count();
	const a = await centre(node(page, from).locator(`.svelte-flow__handle.source[data-handleid="${out}"]`));
	const b = await centre(node(page, to).locator(`.svelte-flow__handle.target[data-handleid="${input}"]`));
	await page.mouse.move(a.x, a.y);
	await page.mouse.down();
	await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
	await page.mouse.move(b.x, b.y, { steps: 5 });
	await page.mouse.up();
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(edges + 1);
}

/** Waits until the viewport stops moving (fit-view and pan animations). */
async function settled(page: Page) {
	const viewport = page.locator('.svelte-flow__viewport');
	let last = '';
	await expect
		.poll(async () => {
			const now = (await viewport.getAttribute('style')) ?? '';
			const same = now === last;
			last = now;
			return same;
		}, { intervals: [150] })
		.toBe(true);
}

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	return errors;
}

// Fails when a user cannot build, save and run input → template → llm_call → conditional → two outputs on the canvas.
test('builds a workflow by drag and drop, saves it, runs it and watches the nodes turn green', async ({ page }) => {
	const errors = watchErrors(page);
	const id = await createWorkflow(page, 'E2E built on the canvas');
	await page.goto(`/workflows/${id}`);
	await expect(page.getByTestId('empty-canvas')).toBeVisible();

	// Positions keep every card inside the canvas between the palette and the side panel (1600 px window).
	await dropNode(page, 'input', 30, 120);
	await expect(node(page, 'input_1')).toBeVisible();
	await dropNode(page, 'template', 320, 120);
	await dropNode(page, 'llm_call', 610, 120);
	await dropNode(page, 'conditional', 30, 470);
	await dropNode(page, 'output', 320, 420);
	await dropNode(page, 'output', 320, 640);
	for (const n of ['template_2', 'llm_call_3', 'conditional_4', 'output_5', 'output_6']) await expect(node(page, n)).toBeVisible();
	// Fit the view so every handle is on screen (adding a node may pan it towards that node).
	await page.locator('.svelte-flow__controls-fitview').click();
	await settled(page);

	await connect(page, 'input_1', 'output', 'template_2', 'input');
	await connect(page, 'template_2', 'output', 'llm_call_3', 'prompt');
	await connect(page, 'llm_call_3', 'response', 'conditional_4', 'input');
	await connect(page, 'conditional_4', 'true', 'output_5', 'input');
	await connect(page, 'conditional_4', 'false', 'output_6', 'input');

	// A second edge into a single-valued input is refused while dragging (same rule as the server).
	const edgesBefore = await page.locator('.svelte-flow__edge').count();
	const a = await centre(node(page, 'input_1').locator('.svelte-flow__handle.source[data-handleid="output"]'));
	const b = await centre(node(page, 'llm_call_3').locator('.svelte-flow__handle.target[data-handleid="prompt"]'));
	await page.mouse.move(a.x, a.y);
	await page.mouse.down();
	await page.mouse.move(b.x, b.y, { steps: 8 });
	await expect(page.getByTestId('connection-hint')).toContainText('already has a connection');
	await page.mouse.up();
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(edgesBefore);

	// Unconfigured nodes carry validation badges until their settings are filled in.
	await expect(card(page, 'llm_call_3')).toHaveAttribute('data-invalid', 'true');
	await node(page, 'template_2').click();
	await page.getByLabel('Template', { exact: true }).fill('Q: {{ input.question }}');
	await node(page, 'llm_call_3').click();
	await page.getByTestId('provider-select').selectOption('mock');
	await expect(card(page, 'llm_call_3')).not.toHaveAttribute('data-invalid', 'true');
	await node(page, 'conditional_4').click();
	await page.getByTestId('inspector').locator('.cm-content').click();
	await page.keyboard.type("input.startsWith('echo')");
	await node(page, 'output_5').click();
	await page.getByLabel('Output key').fill('yes');
	await node(page, 'output_6').click();
	await page.getByLabel('Output key').fill('no');
	await expect(page.getByTestId('problems-button')).toContainText('0');

	await page.getByTestId('save').click();
	await expect(page.getByTestId('toast').filter({ hasText: 'Saved as version 2' })).toBeVisible();
	await expect(page.getByTestId('draft-status')).toContainText('Draft saved as v2');
	const saved = await (await page.request.get(`/api/v1/workflows/${id}`)).json();
	expect(saved.graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['conditional_4', 'input_1', 'llm_call_3', 'output_5', 'output_6', 'template_2']);
	expect(saved.graph.edges).toHaveLength(5);
	expect(saved.graph.nodes.find((n: { id: string }) => n.id === 'llm_call_3').data.provider).toBe('mock');

	await page.getByTestId('tab-run').click();
	await page.getByTestId('run-inputs').fill('{"question": "what is AT?"}');
	await page.getByTestId('run-start').click();
	for (const n of ['input_1', 'template_2', 'llm_call_3', 'conditional_4', 'output_5']) await expect(card(page, n)).toHaveAttribute('data-status', 'succeeded');
	await expect(card(page, 'output_6')).toHaveAttribute('data-status', 'skipped');
	await expect(page.getByTestId('run-summary')).toHaveAttribute('data-status', 'succeeded');
	await expect(page.getByTestId('run-outputs')).toContainText('echo: Q: what is AT?');
	await expect(node(page, 'llm_call_3').getByTestId('node-output')).toContainText('echo: Q: what is AT?');

	// Undo / redo: delete a node, undo brings it back with its edges, redo removes it again.
	await node(page, 'output_6').click();
	await page.keyboard.press('Delete');
	await expect(node(page, 'output_6')).toHaveCount(0);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(4);
	await page.keyboard.press('Control+z');
	await expect(node(page, 'output_6')).toBeVisible();
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(5);
	await page.keyboard.press('Control+Shift+z');
	await expect(node(page, 'output_6')).toHaveCount(0);
	await page.getByTestId('undo').click();
	await expect(node(page, 'output_6')).toBeVisible();

	// Copy / paste: the clipboard holds AT graph JSON; the copy gets a fresh id.
	await node(page, 'llm_call_3').click();
	await page.keyboard.press('Control+c');
	await page.mouse.move(900, 700);
	await page.keyboard.press('Control+v');
	await expect(node(page, 'llm_call_7')).toBeVisible();
	await expect(page.getByTestId('toast').filter({ hasText: 'Pasted 1 node' })).toBeVisible();
	await page.keyboard.press('Control+d');
	await expect(node(page, 'llm_call_8')).toBeVisible();
	await page.keyboard.press('Control+z');
	await page.keyboard.press('Control+z');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(6);
	await expect(page.getByTestId('unsaved')).toHaveCount(0);

	expect(errors).toEqual([]);
});

// Fails when a webhook trigger built on the canvas does not get a URL after saving, or publishing does not make it callable.
test('a webhook trigger added on the canvas is saved, published and called', async ({ page }) => {
	const errors = watchErrors(page);
	const id = await createWorkflow(page, 'E2E webhook');
	await page.goto(`/workflows/${id}`);
	await dropNode(page, 'http_trigger', 200, 200);
	await dropNode(page, 'output', 600, 200);
	await connect(page, 'http_trigger_1', 'output', 'output_2', 'input');
	await node(page, 'http_trigger_1').click();
	await expect(page.getByTestId('webhook-info')).toContainText('Save the workflow to get the webhook URL');
	await page.getByLabel('Alias').fill('e2e-canvas-hook');
	await page.getByLabel('Public webhook').check();
	await node(page, 'output_2').click();
	await page.getByLabel('Output key').fill('received');

	await page.getByTestId('save').click();
	await expect(page.getByTestId('toast').filter({ hasText: 'Saved as version 2' })).toBeVisible();
	await node(page, 'http_trigger_1').click();
	await expect(page.getByTestId('webhook-url')).toHaveText(/\/webhooks\/e2e-canvas-hook$/);
	await expect(page.getByTestId('published-status')).toHaveText('Not published');

	await page.getByTestId('publish').click();
	await expect(page.getByTestId('toast').filter({ hasText: 'Published version 2' })).toBeVisible();
	await expect(page.getByTestId('published-status')).toHaveText('Published');

	const url = (await page.getByTestId('webhook-url').textContent())!;
	const res = await page.request.post(`${url}?sync=true`, { data: { order: 42 } });
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body.outputs.received.body).toEqual({ order: 42 });

	// The run opens on the canvas (?run=<id>), server-rendered with each node's status.
	const html = await (await page.request.get(`/workflows/${id}?run=${body.run_id}`)).text();
	expect(html).toMatch(/data-node-type="output"[^>]*data-status="succeeded"/);
	await page.goto(`/workflows/${id}?run=${body.run_id}`);
	await expect(card(page, 'http_trigger_1')).toHaveAttribute('data-status', 'succeeded');
	await expect(page.getByTestId('run-summary')).toHaveAttribute('data-status', 'succeeded');
	expect(errors).toEqual([]);
});

// Fails when a large graph is not server-rendered (blank canvas until scripts run) or cannot be panned.
test('a 200-node graph is in the server-rendered HTML and pans', async ({ page }) => {
	const errors = watchErrors(page);
	const graph = JSON.parse(readFileSync('tests/fixtures/graph-200.json', 'utf8')) as { nodes: { id: string }[] };
	const id = await createWorkflow(page, 'E2E 200 nodes', graph);
	const html = await (await page.request.get(`/workflows/${id}`)).text();
	for (const n of graph.nodes) expect(html, n.id).toContain(`data-id="${n.id}"`);
	expect(html.match(/class="svelte-flow__node svelte-flow__node-/g)?.length).toBe(200);
	expect(html.match(/svelte-flow__edge-path/g)?.length).toBe(199);

	await page.goto(`/workflows/${id}`);
	await expect(page.locator('.svelte-flow__node')).toHaveCount(200);
	const viewport = page.locator('.svelte-flow__viewport');
	const before = await viewport.getAttribute('style');
	const c = await centre(page.getByTestId('canvas'));
	await page.mouse.move(c.x, c.y + 300);
	await page.mouse.down();
	for (let i = 1; i <= 20; i++) await page.mouse.move(c.x - i * 15, c.y + 300 - i * 5);
	await page.mouse.up();
	await expect.poll(() => viewport.getAttribute('style')).not.toBe(before);
	expect(errors).toEqual([]);
});

// Fails when notes, groups (parent_id) or version history do not survive a save, or a viewed version can be edited.
test('notes and groups are saved, and versions can be viewed, restored and published', async ({ page }) => {
	const errors = watchErrors(page);
	const id = await createWorkflow(page, 'E2E notes and groups', {
		nodes: [
			{ id: 'input_1', type: 'input', position: { x: 0, y: 0 }, data: {}, node_number: 1 },
			{ id: 'log_2', type: 'log', position: { x: 400, y: 0 }, data: { message: 'hi' }, node_number: 2 }
		],
		edges: [{ id: 'e1', source: 'input_1', source_handle: 'output', target: 'log_2', target_handle: 'data' }]
	});
	await page.goto(`/workflows/${id}`);
	await page.locator('[data-testid="palette-item"][data-type="sticky_note"]').click();
	await expect(node(page, 'sticky_note_3')).toBeVisible();
	await page.getByLabel('Note (Markdown)').fill('**Bold** <img src=x onerror=alert(1)>');
	await expect(node(page, 'sticky_note_3').locator('strong')).toHaveText('Bold');
	await expect(node(page, 'sticky_note_3').locator('img')).toHaveCount(0);

	await node(page, 'input_1').click();
	await node(page, 'log_2').click({ modifiers: ['Control'] });
	await expect(page.getByTestId('multi-selection')).toContainText('2 nodes selected');
	await page.keyboard.press('Control+g');
	await expect(page.getByTestId('group-frame')).toBeVisible();
	await page.getByTestId('inspector').getByLabel('Name', { exact: true }).fill('Greeting');
	await page.getByTestId('save').click();
	await expect(page.getByTestId('toast').filter({ hasText: 'Saved as version 2' })).toBeVisible();
	const saved = await (await page.request.get(`/api/v1/workflows/${id}`)).json();
	const group = saved.graph.nodes.find((n: { type: string }) => n.type === 'group');
	expect(group.data.label).toBe('Greeting');
	expect(saved.graph.nodes.filter((n: { parent_id?: string }) => n.parent_id === group.id).map((n: { id: string }) => n.id).sort()).toEqual(['input_1', 'log_2']);
	expect(saved.graph.nodes.find((n: { type: string }) => n.type === 'sticky_note').data.text).toContain('**Bold**');

	await page.getByTestId('tab-versions').click();
	await page.locator('[data-testid="version-row"][data-version="1"]').getByRole('button', { name: 'View' }).click();
	await expect(page.getByTestId('viewing-banner')).toContainText('Version 1');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	await page.keyboard.press('Delete');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	await page.getByTestId('back-to-draft').click();
	await expect(page.locator('.svelte-flow__node')).toHaveCount(4);

	await page.getByTestId('tab-versions').click();
	await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-publish').click();
	await expect(page.getByTestId('toast').filter({ hasText: 'Published version 1' })).toBeVisible();
	await expect(page.getByTestId('published-status')).toHaveText('v1 published');
	await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-restore').click();
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	await expect(page.getByTestId('unsaved')).toBeVisible();
	await page.getByTestId('undo').click();
	await expect(page.locator('.svelte-flow__node')).toHaveCount(4);
	expect(errors).toEqual([]);
});
