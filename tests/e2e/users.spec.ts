import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './helpers/test';

const row = (page: Page, username: string) => page.locator(`[data-testid="user-row"][data-username="${username}"]`);

/** Signs in as `username` in a fresh context; resolves to the role the shell shows, or null when refused. */
async function signInAs(browser: Browser, baseURL: string, username: string, password: string): Promise<string | null> {
	const ctx = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
	const page = await ctx.newPage();
	await page.goto('/login');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: /sign in/i }).click();
	const role = await Promise.race([
		page.getByTestId('current-role').textContent({ timeout: 10_000 }),
		page
			.getByRole('alert')
			.first()
			.waitFor({ timeout: 10_000 })
			.then(() => null)
	]);
	await ctx.close();
	return role?.trim().toLowerCase() ?? null;
}

test.describe('users', () => {
	// Fails when an admin cannot add a user with a role, demote them, reset their password or delete them, or a change does not apply to sign-in.
	test('create, demote, reset the password of and delete a user', async ({ page, browser, baseURL }) => {
		await page.goto('/users');
		const me = page.locator('[data-testid="user-row"]').filter({ hasText: 'you' });
		await expect(me).toHaveCount(1);
		await expect(me.getByRole('button', { name: /^Delete/ })).toHaveCount(0);

		const form = page.getByTestId('user-create-form');
		await form.getByLabel('Username').fill('e2e-new-user');
		await form.getByLabel('Password', { exact: true }).fill('first-password');
		await form.getByLabel('Confirm password').fill('first-password');
		await form.getByText('Editor', { exact: true }).click();
		await form.getByTestId('create-user').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'e2e-new-user can sign in now as editor' })).toBeVisible();
		await expect(row(page, 'e2e-new-user')).toContainText('editor');
		await expect(row(page, 'e2e-new-user')).toContainText('never');
		expect(await signInAs(browser, baseURL!, 'e2e-new-user', 'first-password')).toBe('editor');

		await row(page, 'e2e-new-user').getByRole('link', { name: 'Edit e2e-new-user' }).click();
		const dialog = page.getByRole('dialog', { name: 'Edit e2e-new-user' });
		await dialog.getByText('Viewer', { exact: true }).click();
		await dialog.getByLabel('New password', { exact: true }).fill('second-password');
		await dialog.getByLabel('Confirm new password').fill('typo-password');
		await dialog.getByTestId('save-user').click();
		await expect(dialog.getByText('The passwords do not match')).toBeVisible();
		await dialog.getByLabel('New password', { exact: true }).fill('second-password');
		await dialog.getByLabel('Confirm new password').fill('second-password');
		await dialog.getByTestId('save-user').click();
		await expect(dialog).toBeHidden();
		await expect(row(page, 'e2e-new-user')).toContainText('viewer');
		await expect(row(page, 'e2e-new-user')).not.toContainText('never');
		expect(await signInAs(browser, baseURL!, 'e2e-new-user', 'first-password')).toBeNull();
		expect(await signInAs(browser, baseURL!, 'e2e-new-user', 'second-password')).toBe('viewer');

		await row(page, 'e2e-new-user').getByRole('button', { name: 'Delete e2e-new-user' }).click();
		await page.getByTestId('confirm-ok').click();
		await expect(row(page, 'e2e-new-user')).toHaveCount(0);
		expect(await signInAs(browser, baseURL!, 'e2e-new-user', 'second-password')).toBeNull();
	});

	// Fails when the last admin can be demoted, or the refusal is not shown to the user.
	test('the last admin cannot be demoted, with a clear error', async ({ page }) => {
		await page.goto('/users');
		const admins = page.locator('[data-testid="user-row"]').filter({ has: page.getByText('admin', { exact: true }) });
		await expect(admins).toHaveCount(1);
		const me = page.locator('[data-testid="user-row"]').filter({ hasText: 'you' });
		await me.getByRole('link', { name: /^Edit/ }).click();
		const dialog = page.getByRole('dialog');
		await expect(dialog).toContainText('is the only admin');
		await dialog.getByText('Viewer', { exact: true }).click();
		await dialog.getByTestId('save-user').click();
		await expect(dialog.getByRole('alert').filter({ hasText: 'is the last admin' })).toBeVisible();
		await page.keyboard.press('Escape');
		await page.reload();
		await expect(me.getByText('admin', { exact: true })).toBeVisible();
	});

	// Fails when a taken username or a short password is accepted.
	test('bad new users are refused on their fields', async ({ page }) => {
		await page.goto('/users');
		const form = page.getByTestId('user-create-form');
		const myName = (await page.getByTestId('current-user').textContent())!.trim();
		await form.getByLabel('Username').fill(myName);
		await form.getByTestId('create-user').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'already exists' })).toBeVisible();
		await form.getByLabel('Username').fill('e2e-short');
		await form.getByLabel('Password', { exact: true }).fill('short');
		await form.getByLabel('Confirm password').fill('short');
		await form.getByTestId('create-user').click();
		await expect(form.getByText('At least 8 characters')).toBeVisible();
		await expect(row(page, 'e2e-short')).toHaveCount(0);
	});
});
