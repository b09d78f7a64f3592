import { expect, test } from './helpers/test';

// Fails when the built app cannot render a page in a real browser (CSP, hydration, assets); signed in as the admin (auth.setup.ts).
test('the home page renders the gateway URL in Chromium without errors', async ({ page, baseURL }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	const res = await page.goto('/');
	expect(res?.status()).toBe(200);
	await expect(page.getByTestId('instance-name')).toHaveText('AT e2e');
	await expect(page.getByTestId('gateway-url')).toHaveText(`${baseURL}/gateway/v1`);
	expect(errors).toEqual([]);
});
