import { expect, test } from './helpers/test';

const TOKEN = { authorization: 'Bearer e2e-gateway-token' };

test('gateway calls show up in the totals, charts, breakdowns and recent calls', async ({ page, request }) => {
	for (let i = 0; i < 3; i++) {
		const r = await request.post('/gateway/v1/chat/completions', { headers: TOKEN, data: { model: 'mock/mock-usage-cached', messages: [{ role: 'user', content: `call ${i}` }] } });
		expect(r.status()).toBe(200);
	}
	const failed = await request.post('/gateway/v1/chat/completions', { headers: TOKEN, data: { model: 'mock/mock-error-500', messages: [{ role: 'user', content: 'x' }] } });
	expect(failed.status()).toBeGreaterThanOrEqual(500);

	await page.goto('/usage');
	await expect(page.getByRole('link', { name: '24 hours' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByTestId('usage-totals')).toContainText('cached');
	await expect(page.getByRole('img', { name: 'Requests per hour' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'Latency over time' })).toBeVisible();

	const model = page.getByTestId('by-model').getByRole('row').filter({ hasText: 'mock/mock-usage-cached' });
	await expect(model.getByRole('cell').nth(1)).toHaveText('3');
	await expect(page.getByTestId('by-provider')).toContainText('mock');
	// Static config tokens have no id: their calls are labelled as such, not shown as a raw id.
	await expect(page.getByTestId('by-token')).toContainText('Config-file tokens');
	await expect(page.getByTestId('by-source')).toContainText('Gateway API');
	await expect(page.getByTestId('by-status')).toContainText('500');

	const recent = page.getByTestId('recent-calls');
	await expect(recent.getByRole('row').filter({ hasText: 'mock-usage-cached' }).first()).toContainText('200');

	await page.getByTestId('errors-only').click();
	await expect(page).toHaveURL(/errors=1/);
	await expect(recent.getByRole('row').filter({ hasText: 'mock-error-500' }).first()).toContainText('500');
	await expect(recent).not.toContainText('mock-usage-cached');
});

test('switches ranges: 7 days keeps today’s calls, a custom range in the past is empty', async ({ page, request }) => {
	expect((await request.post('/gateway/v1/chat/completions', { headers: TOKEN, data: { model: 'mock/mock-echo', messages: [{ role: 'user', content: 'hi' }] } })).status()).toBe(200);
	await page.goto('/usage');
	await page.getByRole('link', { name: '7 days' }).click();
	await expect(page).toHaveURL(/range=7d/);
	await expect(page.getByRole('img', { name: 'Requests per day' })).toBeVisible();
	await expect(page.getByTestId('by-model')).toContainText('mock/mock-echo');

	await page.getByLabel('Start date').fill('2020-01-01');
	await page.getByLabel('End date').fill('2020-01-02');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/range=custom&from=2020-01-01&to=2020-01-02/);
	await expect(page.getByRole('heading', { name: 'No calls in this range' })).toBeVisible();
	await expect(page.getByTestId('recent-calls')).toHaveCount(0);
	await expect(page.getByTestId('usage-totals')).toContainText('Jan 1 – Jan 2 2020');
});

test('a bad custom range is explained and the last 24 hours shown instead', async ({ page }) => {
	await page.goto('/usage?range=custom&from=2024-05-02&to=2024-05-01');
	await expect(page.getByRole('alert')).toContainText('the start date must not be after the end date');
	await expect(page.getByRole('link', { name: '24 hours' })).toHaveAttribute('aria-current', 'page');
});
