import { expect, test } from './helpers/test';
import { ADMIN, open, unique } from './resources';

const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const edge = (id: string, source: string, source_handle: string, target: string, target_handle: string) => ({ id, source, source_handle, target, target_handle });
const graph = (delay: string) => ({
	nodes: [node('in', 'input'), node('wait', 'delay', { duration: delay }), node('out', 'output', { label: 'done' })],
	edges: [edge('e1', 'in', 'output', 'wait', 'input'), edge('e2', 'wait', 'output', 'out', 'input')]
});

// Fails when the run history does not list runs, its filters are not kept in the URL, or a running run does not update by itself.
test('runs are listed and filtered through the URL; a running run turns succeeded without a reload', async ({ page, request }) => {
	const fast = await (await request.post('/api/v1/workflows', { headers: ADMIN, data: { name: unique('Fast'), graph: graph('0s') } })).json();
	const slow = await (await request.post('/api/v1/workflows', { headers: ADMIN, data: { name: unique('Slow'), graph: graph('4s') } })).json();
	for (let i = 0; i < 2; i++) expect((await request.post(`/api/v1/workflows/${fast.id}/run?sync=true`, { headers: ADMIN, data: { inputs: { i } } })).status()).toBe(200);
	const started = await request.post(`/api/v1/workflows/${slow.id}/run`, { headers: ADMIN, data: { inputs: {} } });
	expect(started.status()).toBe(202);
	const { run_id } = await started.json();

	await open(page, '/runs');
	const slowRow = page.getByTestId('run-row').filter({ hasText: slow.name });
	await expect(slowRow).toHaveAttribute('data-status', /running|queued/);
	await expect(slowRow.getByRole('link', { name: slow.name })).toHaveAttribute('href', `/runs/${run_id}`);
	await expect(page.getByTestId('run-row').filter({ hasText: fast.name })).toHaveCount(2);
	// Polled while running: no reload needed.
	await expect(slowRow).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
	await expect(slowRow).toContainText(/4\.\d+ s/);

	const filters = page.getByTestId('run-filters');
	await filters.locator('select[name=workflow_id]').selectOption({ label: fast.name });
	await expect(page).toHaveURL(new RegExp(`workflow_id=${fast.id}`));
	await expect(page.getByTestId('run-count')).toHaveText('2 runs');
	await expect(page.getByTestId('run-row')).toHaveCount(2);
	await filters.locator('select[name=status]').selectOption('failed');
	await expect(page).toHaveURL(/status=failed/);
	await expect(page.getByText('No runs match these filters')).toBeVisible();

	await page.goto(`/runs?workflow_id=${slow.id}&source=api&range=24h`);
	await expect(page.getByTestId('run-count')).toHaveText('1 run');
	await expect(page.getByTestId('run-filters').locator('select[name=range]')).toHaveValue('24h');
	await page.goto('/runs?status=bogus');
	await expect(page.getByRole('alert')).toContainText('Some filters were ignored: status: must be one of');
});
