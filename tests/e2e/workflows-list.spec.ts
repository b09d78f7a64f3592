import { readFileSync } from 'node:fs';
import { expect, test } from './helpers/test';
import { confirmDialog, expectToast, open, unique } from './resources';

const FIXTURE = 'src/lib/workflow/fixtures/valid-full.json';
type G = { nodes: { id: string; type: string; data: Record<string, unknown> }[]; edges: unknown[] };
const withoutTriggerIds = (g: G) => ({ ...g, nodes: g.nodes.map(({ data: { trigger_id: _t, ...data }, ...n }) => ({ ...n, data })) });

// Fails when a workflow cannot be created from the list, or the list loses it.
test('a new workflow is created and opens on the canvas, then shows in the list', async ({ page }) => {
	const name = unique('Ticket triage');
	await open(page, '/workflows');
	await page.getByRole('link', { name: 'New workflow' }).first().click();
	await page.getByRole('button', { name: 'Create and open canvas' }).click();
	await expect(page.getByTestId('editor')).toContainText('a name is required');
	await page.locator('#wf-name').fill(name);
	await page.locator('#wf-desc').fill('Routes tickets to the right team');
	await page.getByRole('button', { name: 'Create and open canvas' }).click();
	await expect(page).toHaveURL(/\/workflows\/[0-9A-Z]{26}$/);
	await open(page, '/workflows');
	const row = page.getByTestId('workflow-row').filter({ hasText: name });
	await expect(row).toContainText('Routes tickets to the right team');
	await expect(row).toContainText('v1 draft');
	await expect(row).toContainText('never');
});

// Fails when an AT graph does not import unchanged, the export differs from it, or import errors are not listed.
test('an AT graph imports from a file unchanged, exports the same graph, and bad imports list their problems', async ({ page, request }) => {
	const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as G;
	await open(page, '/workflows?import');
	await page.getByTestId('import-file').setInputFiles({ name: 'at-graph.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fixture)) });
	await expect(page.getByTestId('import-check')).toContainText(`Valid: ${fixture.nodes.length} nodes, ${fixture.edges.length} edges.`);
	const name = unique('Imported from AT');
	await page.locator('#imp-name').fill(name);
	await page.getByRole('button', { name: 'Import and open' }).click();
	await expect(page).toHaveURL(/\/workflows\/[0-9A-Z]{26}$/);
	const id = page.url().split('/').at(-1)!;

	const exported = await request.get(`/workflows/${id}/export`);
	expect(exported.status()).toBe(200);
	expect(exported.headers()['content-disposition']).toMatch(/^attachment; filename="imported-from-at-[\w-]+\.json"$/);
	const file = (await exported.json()) as { name: string; graph: G };
	expect(file.name).toBe(name);
	expect(withoutTriggerIds(file.graph)).toEqual(fixture);
	expect(file.graph.nodes.find((n) => n.type === 'http_trigger')!.data.trigger_id).toEqual(expect.any(String));

	// The same file again: its webhook alias is taken now, and the form says so.
	await open(page, '/workflows?import');
	await page.locator('#imp-json').fill(JSON.stringify(file));
	await page.getByRole('button', { name: 'Import and open' }).click();
	await expect(page.getByTestId('import-check')).toContainText('alias "my-hook" is already used by another webhook');

	// A broken graph is refused before posting, with every problem named by node.
	const broken = { nodes: [{ id: 'a', type: 'teleport', position: { x: 0, y: 0 }, data: { label: 'Beam' } }, { id: 'o', type: 'output', position: { x: 0, y: 0 }, data: {} }], edges: [] };
	await page.locator('#imp-json').fill(JSON.stringify(broken));
	const check = page.getByTestId('import-check');
	await expect(check).toContainText('2 problems');
	await expect(check).toContainText('#1 "Beam" (teleport): unknown node type "teleport"');
	await expect(check).toContainText('#2 (output): input "input" must be connected');
	await expect(page.getByRole('button', { name: 'Import and open' })).toBeDisabled();
	await page.locator('#imp-json').fill('{"nodes": [');
	await expect(check).toContainText('This is not valid JSON');
});

// Fails when duplicate or delete do not work from the list, or a copy keeps the original's webhook alias.
test('a workflow is duplicated without its webhook alias and deleted after confirming', async ({ page, request }) => {
	const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as G;
	fixture.nodes.find((n) => n.type === 'http_trigger')!.data.alias = unique('dup-hook');
	const name = unique('Original');
	await open(page, '/workflows?import');
	await page.locator('#imp-json').fill(JSON.stringify({ name, description: 'to copy', graph: fixture }));
	await page.getByRole('button', { name: 'Import and open' }).click();
	await expect(page).toHaveURL(/\/workflows\/[0-9A-Z]{26}$/);

	await open(page, '/workflows');
	await page.getByRole('button', { name: `Duplicate ${name}` }).click();
	await expectToast(page, `Duplicated as “${name} (copy)”.`);
	const copy = page.getByTestId('workflow-row').filter({ hasText: `${name} (copy)` });
	await expect(copy).toContainText('to copy');
	const copyId = (await copy.getByRole('link', { name: `${name} (copy)`, exact: true }).getAttribute('href'))!.split('/').at(-1);
	const copied = (await (await request.get(`/workflows/${copyId}/export`)).json()) as { graph: G };
	expect(copied.graph.nodes.find((n) => n.type === 'http_trigger')!.data.alias).toBeUndefined();
	expect(copied.graph.nodes).toHaveLength(fixture.nodes.length);

	await page.getByRole('button', { name: `Delete ${name} (copy)` }).click();
	await confirmDialog(page);
	await expectToast(page, 'Workflow deleted.');
	await expect(copy).toHaveCount(0);
	await expect(page.getByTestId('workflow-row').filter({ hasText: name })).toHaveCount(1);

	await page.getByLabel('Filter workflows').fill('no workflow is called this');
	await expect(page.getByText('No workflow matches')).toBeVisible();
	await expect(page).toHaveURL(/\?q=no\+workflow/);
});
