import { expect, test } from './helpers/test';
import { ADMIN, expectToast, open, unique } from './resources';

const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const edge = (id: string, source: string, source_handle: string, target: string, target_handle: string) => ({ id, source, source_handle, target, target_handle });

// Fails when the overview misses a webhook or schedule, describes them wrongly, or the switch does not turn a webhook off and on.
test('webhooks and schedules are listed with URL, schedule in words and next fire; a webhook is disabled and enabled again', async ({ page, request, baseURL }) => {
	const alias = unique('orders');
	const name = unique('Order events');
	const graph = {
		nodes: [node('hook', 'http_trigger', { label: 'Orders', alias, public: true }), node('cron', 'cron_trigger', { label: 'Nightly', schedule: '0 3 * * 1-5', timezone: 'Europe/Berlin' }), node('log', 'log', { message: 'got it' }), node('log2', 'log', { message: 'tick' })],
		edges: [edge('e1', 'hook', 'output', 'log', 'data'), edge('e2', 'cron', 'output', 'log2', 'data')]
	};
	const created = await request.post('/api/v1/workflows', { headers: ADMIN, data: { name, graph } });
	expect(created.status(), await created.text()).toBe(201);
	const wf = await created.json();

	await open(page, '/triggers');
	const hook = page.getByTestId('trigger-row').filter({ hasText: name }).and(page.locator('[data-type="http"]'));
	const cron = page.getByTestId('trigger-row').filter({ hasText: name }).and(page.locator('[data-type="cron"]'));
	await expect(hook.getByTestId('webhook-url')).toHaveText(`POST ${baseURL}/webhooks/${alias}`);
	await expect(hook).toContainText('public');
	await expect(hook).toContainText('never');
	await expect(cron.getByTestId('schedule-words')).toHaveText('At 03:00, Monday through Friday');
	await expect(cron).toContainText('Europe/Berlin');
	await expect(cron.getByTestId('next-fire')).toContainText(/Next: (Mon|Tue|Wed|Thu|Fri) \d+ \w+, 03:00 CES?T/);
	await expect(hook.getByRole('link', { name })).toHaveAttribute('href', `/workflows/${wf.id}`);

	await page.getByRole('link', { name: /Schedules/ }).click();
	await expect(page.getByTestId('trigger-row').filter({ hasText: name })).toHaveCount(1);
	await page.getByRole('link', { name: /^All/ }).click();

	const toggle = hook.getByTestId('trigger-toggle');
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await toggle.click();
	await expectToast(page, `Webhook of ${name} disabled.`);
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	expect((await request.post(`/webhooks/${alias}`, { data: { id: 1 } })).status()).toBe(403);

	await toggle.click();
	await expectToast(page, `Webhook of ${name} enabled.`);
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	expect((await request.post(`/webhooks/${alias}?sync=true`, { data: { id: 2 } })).status()).toBe(200);
	await page.reload({ waitUntil: 'networkidle' });
	await expect(hook).toContainText('succeeded');
	await expect(hook.getByRole('link', { name: /ago|just now/ })).toHaveAttribute('href', /\/runs\/[0-9A-Z]{26}$/);
});
