import { expect, test } from '@playwright/test';

// Fails when the built app cannot render a page in a real browser (CSP, hydration, assets).
test('the app loads in Chromium and hydrates', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	const res = await page.goto('/');
	expect(res?.status()).toBeLessThan(400);
	await expect(page.locator('h1')).toBeVisible();
	expect(errors).toEqual([]);
});
