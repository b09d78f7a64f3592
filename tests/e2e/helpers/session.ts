import { expect, type Page } from '@playwright/test';

/**
 * Signs the page in as an admin when it has no session yet, so that these specs run both with the
 * suite's stored admin state and on their own: a fresh instance gets its first admin through /setup,
 * an instance that has users gets a sign-in with the same credentials.
 */
export const E2E_ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password' };

export async function ensureAdmin(page: Page): Promise<void> {
	await page.goto('/');
	const path = new URL(page.url()).pathname;
	if (path.endsWith('/setup')) {
		await page.getByLabel('Username').fill(E2E_ADMIN.username);
		await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
		await page.getByLabel('Confirm password').fill(E2E_ADMIN.password);
		await page.getByRole('button', { name: /create admin/i }).click();
	} else if (path.endsWith('/login')) {
		await page.getByLabel('Username').fill(E2E_ADMIN.username);
		await page.getByLabel('Password').fill(E2E_ADMIN.password);
		await page.getByRole('button', { name: /sign in/i }).click();
	}
	await expect(page.getByTestId('current-user')).toBeVisible();
}

/** The mock upstream of playwright.config.ts (its chat URL is `${MOCK_URL}/v1/chat/completions`, key `mock-key`). */
export const MOCK_URL = `http://127.0.0.1:${process.env.E2E_MOCK_PORT ?? 4010}`;
