import { expect, test } from './helpers/test';
import { STATE, USERS } from './users';

test.describe('signed out', () => {
	test.use({ storageState: { cookies: [], origins: [] } });

	// Fails when a wrong password signs in, or the right one does not after a failure.
	test('a wrong password is refused with a message, then the right one signs in', async ({ page, baseURL }) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill(USERS.admin.username);
		await page.getByLabel('Password').fill('not-the-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		await expect(page.getByLabel('Password')).toHaveValue('');
		await expect(page).toHaveURL(/\/login$/);
		await page.getByLabel('Password').fill(USERS.admin.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${baseURL}/`);
		await expect(page.getByTestId('gateway-url')).toBeVisible();
	});

	test('empty fields are named under the fields', async ({ page }) => {
		await page.goto('/login');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByText('Enter your username')).toBeVisible();
		await expect(page.getByText('Enter your password')).toBeVisible();
	});

	// Fails when a deep link loses its destination, or the guard lets a signed-out visitor in.
	test('a signed-out visit goes to /login and comes back after signing in', async ({ page, baseURL }) => {
		await page.goto('/?from=deep-link');
		await expect(page).toHaveURL(`${baseURL}/login?redirectTo=${encodeURIComponent('/?from=deep-link')}`);
		await page.getByLabel('Username').fill(USERS.editor.username);
		await page.getByLabel('Password').fill(USERS.editor.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${baseURL}/?from=deep-link`);
		await expect(page.getByTestId('gateway-url')).toBeVisible();
	});

	test('sign-in works without JavaScript', async ({ browser, baseURL }) => {
		const ctx = await browser.newContext({ javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
		const page = await ctx.newPage();
		await page.goto('/login');
		await page.getByLabel('Username').fill(USERS.viewer.username);
		await page.getByLabel('Password').fill('wrong-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		await page.getByLabel('Password').fill(USERS.viewer.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${baseURL}/`);
		await ctx.close();
	});

	// Fails when logging out leaves the session usable.
	test('logging out ends the session and clears the cookie', async ({ page, baseURL }) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill(USERS.admin.username);
		await page.getByLabel('Password').fill(USERS.admin.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${baseURL}/`);
		const cookie = (await page.context().cookies()).find((c) => c.name === 'at_session');
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
		const out = await page.request.post('/logout', { headers: { origin: baseURL! }, maxRedirects: 0 });
		expect(out.status()).toBe(303);
		expect(out.headers().location).toBe('/login');
		expect((await page.context().cookies()).find((c) => c.name === 'at_session')).toBeUndefined();
		await page.goto('/');
		await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
		const replay = await page.request.get('/api/v1/users', { headers: { cookie: `at_session=${cookie!.value}` } });
		expect(replay.status()).toBe(401);
	});
});

test.describe('as a viewer', () => {
	test.use({ storageState: STATE.viewer });

	// Fails when a viewer can open admin-only pages.
	test('an admin-only page answers 403 with the reason', async ({ page }) => {
		const res = await page.goto('/users');
		expect(res?.status()).toBe(403);
		await expect(page.getByText('this needs the admin role (your role is viewer)')).toBeVisible();
	});
});
