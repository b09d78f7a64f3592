import { request as requests } from '@playwright/test';
import { expect, test } from './helpers/test';
import { STATE } from './users';

/**
 * SPEC §4.2: a viewer reads everything except runs and chat, and changes nothing. The server refuses
 * every write (tests/integration/route-access.spec.ts); this checks the pages offer no control that
 * would change something, so a viewer never meets a 403 by clicking.
 */
test.use({ storageState: STATE.viewer });

const ADMIN = { authorization: 'Bearer e2e-admin-token' };
const WRITE = /^(new|add|create|import|delete|duplicate|save|publish|run|rerun|edit|remove|test connection|rotate)\b/i;
let workflowId = '';

// The admin token, in a context without the viewer's session cookie (a session would take precedence).
const asAdmin = (baseURL: string | undefined) => requests.newContext({ baseURL, extraHTTPHeaders: ADMIN, storageState: { cookies: [], origins: [] } });

test.beforeAll(async ({ baseURL }) => {
	const admin = await asAdmin(baseURL);
	const res = await admin.post('/api/v1/workflows', {
		data: {
			name: 'Viewer can look',
			graph: {
				nodes: [
					{ id: 'input_1', type: 'input', position: { x: 0, y: 0 }, data: {} },
					{ id: 'output_2', type: 'output', position: { x: 320, y: 0 }, data: { label: 'out' } }
				],
				edges: [{ id: 'e1', source: 'input_1', source_handle: 'output', target: 'output_2', target_handle: 'input' }]
			}
		}
	});
	expect(res.status()).toBe(201);
	workflowId = (await res.json()).id;
	await admin.dispose();
});

test.afterAll(async ({ baseURL }) => {
	const admin = await asAdmin(baseURL);
	await admin.delete(`/api/v1/workflows/${workflowId}`);
	await admin.dispose();
});

// Fails when a page shows a viewer a button or link that writes (the click would only meet a 403).
test('pages show a viewer no controls that change anything', async ({ page }) => {
	const pages = ['/', '/workflows', `/workflows/${workflowId}`, '/triggers', '/skills', '/agents', '/variables', '/node-configs', '/providers', '/tokens', '/usage', '/docs'];
	for (const path of pages) {
		const res = await page.goto(path);
		expect(res?.status(), path).toBe(200);
		await expect(page.getByTestId('current-role').first()).toHaveText(/viewer/i);
		const controls = page.locator('main').getByRole('button').or(page.locator('main').getByRole('link'));
		const names = (await controls.evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null && !(e as HTMLButtonElement).disabled).map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()))).filter((n) => WRITE.test(n));
		expect(names, path).toEqual([]);
	}
	await expect(page.locator('.svelte-flow__node')).toHaveCount(0);
	await page.goto(`/workflows/${workflowId}`);
	await expect(page.locator('.svelte-flow__node[data-id="input_1"]')).toBeVisible();
	await expect(page.locator('[data-testid="palette-item"]')).toHaveCount(0);
});

// Fails when a viewer can open run history or the chat playground (SPEC §4.2: no runs, no chat).
test('run history and the playground are closed to a viewer', async ({ page }) => {
	for (const path of ['/runs', '/chat']) expect((await page.goto(path))?.status(), path).toBe(403);
});
