import { expect, test } from './helpers/test';
import { ADMIN, confirmDialog, expectToast, open, unique } from './resources';

// Fails when variables cannot be managed in the UI or a secret value reaches any page after it was saved.
test('variables are created, edited and deleted; a secret value never appears in the page HTML again', async ({ page, request }) => {
	const plain = unique('REGION').toUpperCase().replace(/-/g, '_');
	const key = unique('API_KEY').toUpperCase().replace(/-/g, '_');
	const secret = `sk-${unique('very-secret')}`;
	await open(page, '/variables');

	await page.getByRole('link', { name: 'New variable' }).first().click();
	await page.locator('#var-key').fill('1bad');
	await page.getByRole('button', { name: 'Create variable' }).click();
	await expect(page.getByTestId('editor')).toContainText('not starting with a digit');

	await page.locator('#var-key').fill(plain);
	await page.locator('#var-value').fill('eu-west-1');
	await page.getByRole('button', { name: 'Create variable' }).click();
	await expectToast(page, `Saved ${plain}.`);
	await expect(page.getByTestId('editor')).toHaveCount(0);
	await expect(page.getByTestId('variable-row').filter({ hasText: plain })).toContainText('eu-west-1');

	await page.getByRole('link', { name: 'New variable' }).first().click();
	await page.locator('#var-key').fill(key);
	await page.getByLabel('Secret').check();
	await page.locator('#var-value').fill(secret);
	await page.locator('#var-description').fill('OpenAI key for the summariser');
	const [saved] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Create variable' }).click()]);
	expect(await saved.text()).not.toContain(secret);
	await expectToast(page, `Saved ${key}.`);
	const row = page.getByTestId('variable-row').filter({ hasText: key });
	await expect(row).toContainText('stored');
	expect(await page.content()).not.toContain(secret);

	// The editor of the secret starts blank; saving it blank keeps the value (still "stored").
	await row.getByRole('link', { name: `Edit ${key}` }).click();
	await expect(page.locator('#var-value')).toHaveValue('');
	await expect(page.locator('#var-value')).toHaveAttribute('placeholder', /stored/);
	await page.locator('#var-description').fill('rotated monthly');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expectToast(page, `Saved ${key}.`);
	await expect(row).toContainText('rotated monthly');
	await expect(row).toContainText('stored');

	const id = await row.getByRole('link', { name: `Edit ${key}` }).getAttribute('href');
	for (const path of ['/variables', `/variables${id}`, '/variables?new']) expect(await (await request.get(path)).text()).not.toContain(secret);
	expect(JSON.stringify(await (await request.get('/api/v1/variables', { headers: ADMIN })).json())).not.toContain(secret);
	expect(await page.content()).not.toContain(secret);

	await page.getByTestId('variable-row').filter({ hasText: plain }).getByRole('button', { name: `Delete ${plain}` }).click();
	await confirmDialog(page);
	await expectToast(page, 'Variable deleted.');
	await expect(page.getByTestId('variable-row').filter({ hasText: plain })).toHaveCount(0);
});

// Fails when the page needs JavaScript to save, or the response to a no-JS save echoes the secret.
test('without JavaScript a secret variable is saved and the response does not contain it', async ({ browser }, testInfo) => {
	// Same sign-in as the other specs (the project's storageState, when the suite has one).
	const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL: testInfo.project.use.baseURL, storageState: testInfo.project.use.storageState });
	const page = await ctx.newPage();
	const key = unique('NOJS').toUpperCase().replace(/-/g, '_');
	const secret = `pw-${unique('nojs-secret')}`;
	await page.goto('/variables?new');
	await page.locator('#var-key').fill(key);
	await page.getByLabel('Secret').check();
	await page.locator('#var-value').fill(secret);
	const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Create variable' }).click()]);
	expect(await response.text()).not.toContain(secret);
	await expect(page.getByRole('status')).toContainText(`Saved ${key}.`);
	await expect(page.getByTestId('variable-row').filter({ hasText: key })).toContainText('stored');
	expect(await page.content()).not.toContain(secret);
	await ctx.close();
});
