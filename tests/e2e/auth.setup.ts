import { expect, test as setup } from './helpers/test';
import { STATE, USERS } from './users';

// Fails when a fresh install cannot be set up in a real browser, which would block every other spec.
setup('the first admin walks /setup, lands signed in, and creates an editor and a viewer', async ({ page, baseURL, playwright }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/setup$/);
	await expect(page.getByTestId('instance-name')).toHaveText('AT e2e');
	await page.getByLabel('Username').fill(USERS.admin.username);
	await page.getByLabel('Password', { exact: true }).fill(USERS.admin.password);
	await page.getByLabel('Confirm password').fill(USERS.admin.password);
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await expect(page).toHaveURL(`${baseURL}/`);
	await expect(page.getByTestId('gateway-url')).toBeVisible();
	await page.context().storageState({ path: STATE.admin });

	for (const role of ['editor', 'viewer'] as const) {
		const { username, password } = USERS[role];
		const created = await page.request.post('/api/v1/users', { data: { username, password, role } });
		expect(created.status()).toBe(201);
		const ctx = await playwright.request.newContext({ baseURL });
		const res = await ctx.post('/login', { form: { username, password }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
		expect(res.status()).toBe(303);
		await ctx.storageState({ path: STATE[role] });
		await ctx.dispose();
	}
});
