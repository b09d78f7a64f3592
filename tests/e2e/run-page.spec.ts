import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, test } from './helpers/test';
import { ADMIN, confirmDialog, expectToast, open, unique } from './resources';

/**
 * The run page /runs/[id] against the built app and the mock upstream (provider `mock`): runs are
 * started through the API, the page shows them on their graph, follows them live, cancels and reruns.
 */
test.use({ viewport: { width: 1440, height: 1000 } });

const n = (id: string, type: string, data: Record<string, unknown> = {}, x = 0, y = 0) => ({ id, type, position: { x, y }, data });
const e = (id: string, source: string, source_handle: string, target: string, target_handle: string) => ({ id, source, source_handle, target, target_handle });

/** input → template → llm_call (mock) → conditional → two outputs. */
const triage = {
	nodes: [
		n('in', 'input', { label: 'Question' }),
		n('tpl', 'template', { label: 'Build prompt', template: 'Answer briefly: {{ input.question }}' }, 340),
		n('llm', 'llm_call', { label: 'Draft answer', provider: 'mock', model: 'mock-echo', prompt: '{{ prompt }}' }, 680),
		n('cond', 'conditional', { label: 'Looks good?', expression: 'input.includes("echo")' }, 1020),
		n('yes', 'output', { label: 'answer' }, 1360, -60),
		n('no', 'output', { label: 'fallback' }, 1360, 160)
	],
	edges: [e('e1', 'in', 'output', 'tpl', 'input'), e('e2', 'tpl', 'output', 'llm', 'prompt'), e('e3', 'llm', 'response', 'cond', 'input'), e('e4', 'cond', 'true', 'yes', 'input'), e('e5', 'cond', 'false', 'no', 'input')]
};

/** input → delay → template → output */
const slow = (delay: string) => ({
	nodes: [n('in', 'input'), n('wait', 'delay', { label: 'Wait', duration: delay }, 340), n('say', 'template', { label: 'Say', template: 'done {{ input.n }}' }, 680), n('out', 'output', { label: 'said' }, 1020)],
	edges: [e('e1', 'in', 'output', 'wait', 'input'), e('e2', 'wait', 'output', 'say', 'input'), e('e3', 'say', 'output', 'out', 'input')]
});

async function workflow(request: APIRequestContext, name: string, graph: unknown): Promise<string> {
	const res = await request.post('/api/v1/workflows', { headers: ADMIN, data: { name: unique(name), graph } });
	expect(res.status()).toBe(201);
	return (await res.json()).id;
}

async function run(request: APIRequestContext, id: string, inputs: unknown, sync: boolean): Promise<string> {
	const res = await request.post(`/api/v1/workflows/${id}/run${sync ? '?sync=true' : ''}`, { headers: ADMIN, data: { inputs } });
	expect([200, 202, 500]).toContain(res.status());
	return (await res.json()).run_id;
}

const card = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`).getByTestId('node-card');

// Fails when the run page does not colour the graph by step status, does not show a step's inputs and
// outputs, or "Rerun from this node" does not open a new run that reuses the steps before the node.
test('shows a run on its graph with step details, and reruns from the llm_call node reusing the steps before it', async ({ page, request }) => {
	const id = await workflow(request, 'Triage', triage);
	const runId = await run(request, id, { question: 'What is AT?' }, true);

	await open(page, `/runs/${runId}`);
	await expect(page.getByRole('heading', { level: 1 }).getByRole('link')).toHaveAttribute('href', `/workflows/${id}`);
	await expect(page.getByTestId('run-status')).toHaveText('succeeded');
	await expect(page.getByTestId('run-id')).toHaveText(runId);
	await expect(page.getByTestId('run-version')).toContainText('v1');
	for (const node of ['in', 'tpl', 'llm', 'cond', 'yes']) await expect(card(page, node)).toHaveAttribute('data-status', 'succeeded');
	await expect(card(page, 'no')).toHaveAttribute('data-status', 'skipped');
	await expect(page.getByTestId('run-outputs')).toContainText('"answer": "echo: Answer briefly: What is AT?"');

	await expect(page.getByTestId('step-details-empty')).toBeVisible();
	await page.locator('.svelte-flow__node[data-id="llm"]').click();
	const details = page.getByTestId('step-details');
	await expect(details).toHaveAttribute('data-node-id', 'llm');
	await expect(details.getByTestId('step-inputs')).toContainText('Answer briefly: What is AT?');
	await expect(details.getByTestId('step-outputs')).toContainText('echo: Answer briefly: What is AT?');
	await expect(details.getByTestId('step-attempt')).toHaveText('1');

	// A row of the step table selects its node on the graph too.
	await page.getByTestId('step-row').filter({ hasText: 'Looks good?' }).getByRole('button').click();
	await expect(details).toHaveAttribute('data-node-id', 'cond');
	await expect(page.locator('.svelte-flow__node[data-id="cond"]')).toHaveClass(/selected/);
	await expect(page.getByTestId('step-row')).toHaveCount(6);

	await page.locator('.svelte-flow__node[data-id="llm"]').click();
	await page.getByTestId('rerun-from-node').click();
	await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
	await expect(page).toHaveURL(/\/runs\/[0-9A-Z]{26}$/);
	await expect(page.getByTestId('run-status')).toHaveText('succeeded');
	await expect(page.getByTestId('rerun-of')).toHaveAttribute('href', `/runs/${runId}`);
	await expect(page.getByTestId('rerun-of')).toContainText('from Draft answer');
	for (const node of ['in', 'tpl']) await expect(card(page, node)).toHaveAttribute('data-reused', 'true');
	for (const node of ['llm', 'cond', 'yes']) {
		await expect(card(page, node)).toHaveAttribute('data-status', 'succeeded');
		await expect(card(page, node)).not.toHaveAttribute('data-reused', 'true');
	}
	await expect(page.getByTestId('step-row').filter({ hasText: 'Build prompt' }).getByTestId('step-reused')).toBeVisible();
	await page.locator('.svelte-flow__node[data-id="tpl"]').click();
	await expect(page.getByTestId('step-reused-note')).toBeVisible();
});

// Fails when a running run's page does not follow its events (statuses, outputs) without a reload.
test('follows a running run live: steps turn green and the outputs appear without a reload', async ({ page, request }) => {
	const id = await workflow(request, 'Live', slow('3s'));
	const runId = await run(request, id, { n: 7 }, false);

	await open(page, `/runs/${runId}`);
	await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
	await expect(page.getByText('live', { exact: true })).toBeVisible();
	await expect(card(page, 'wait')).toHaveAttribute('data-status', 'running');
	await expect(card(page, 'say')).not.toHaveAttribute('data-status', /.+/);
	await expect(page.getByTestId('cancel-run')).toBeVisible();

	await expect(card(page, 'say')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
	await expect(page.getByTestId('run-status')).toHaveText('succeeded');
	await expectToast(page, /Run succeeded in/);
	await expect(page.getByTestId('run-outputs')).toContainText('"said": "done 7"');
	await expect(page.getByTestId('rerun')).toBeVisible();
	await expect(page.getByTestId('step-row').filter({ hasText: 'Wait' })).toContainText(/3\.\d+ s/);
	expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

// Fails when the Cancel button does not stop a running run (a delay node) or the page does not show it cancelled.
test('cancels a running run from the page after confirming', async ({ page, request }) => {
	const id = await workflow(request, 'Cancel', slow('60s'));
	const runId = await run(request, id, { n: 1 }, false);

	await open(page, `/runs/${runId}`);
	await expect(card(page, 'wait')).toHaveAttribute('data-status', 'running');
	await page.getByTestId('cancel-run').click();
	await confirmDialog(page);
	await expectToast(page, 'Stopping the run…');
	await expect(page.getByTestId('run-status')).toHaveText('cancelled', { timeout: 10_000 });
	await expect(page.getByTestId('run-cancelled')).toContainText('Cancelled by e2e-admin');
	await expect(page.getByTestId('cancel-run')).toHaveCount(0);
	await expect(card(page, 'wait')).toHaveAttribute('data-status', 'cancelled');
	await expect(card(page, 'say')).not.toHaveAttribute('data-status', /.+/);
	const stored = await (await request.get(`/api/v1/runs/${runId}`, { headers: ADMIN })).json();
	expect(stored.status).toBe('cancelled');
});

// Fails when a failed run's page does not say which node failed and why.
test('a failed run shows the error naming the node, and opens on the failed step', async ({ page, request }) => {
	const id = await workflow(request, 'Broken', {
		nodes: [n('in', 'input'), n('check', 'conditional', { label: 'Check', expression: 'input.missing.deeper' }, 340), n('out', 'output', {}, 680)],
		edges: [e('e1', 'in', 'output', 'check', 'input'), e('e2', 'check', 'true', 'out', 'input')]
	});
	const runId = await run(request, id, {}, true);

	await open(page, `/runs/${runId}`);
	await expect(page.getByTestId('run-status')).toHaveText('failed');
	const banner = page.getByTestId('run-error');
	await expect(banner).toContainText('The run failed at Check');
	await expect(banner).toContainText('#2 "Check" (conditional) failed');
	await expect(card(page, 'check')).toHaveAttribute('data-status', 'failed');
	await expect(card(page, 'out')).not.toHaveAttribute('data-status', /.+/);
	const details = page.getByTestId('step-details');
	await expect(details).toHaveAttribute('data-node-id', 'check');
	await expect(details.getByTestId('step-error')).toContainText("cannot read property 'deeper' of undefined");
	await expect(page.getByTestId('step-row').filter({ hasText: 'Check' })).toHaveAttribute('data-status', 'failed');
});

// Fails when an unknown run id renders an empty page instead of a 404.
test('answers 404 for an unknown run', async ({ page }) => {
	const res = await page.goto('/runs/01HNOPE0000000000000000000');
	expect(res?.status()).toBe(404);
	await expect(page.getByText('This run does not exist')).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	// Fails when the run page needs JavaScript to show the run or to rerun it (progressive enhancement).
	test('shows the server-rendered run and reruns it through the form', async ({ page, request }) => {
		const id = await workflow(request, 'No JS', triage);
		const runId = await run(request, id, { question: 'Plain?' }, true);
		await page.goto(`/runs/${runId}`);
		await expect(card(page, 'llm')).toHaveAttribute('data-status', 'succeeded');
		await expect(page.getByTestId('step-row')).toHaveCount(6);
		await page.getByTestId('rerun').click();
		await expect(page).toHaveURL(/\/runs\/[0-9A-Z]{26}$/);
		await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
		await expect(page.getByTestId('rerun-of')).toHaveAttribute('href', `/runs/${runId}`);
	});
});
