import { expect, test } from './helpers/test';
import { ADMIN, confirmDialog, expectToast, open, unique } from './resources';

// Fails when e-mail configs cannot be managed in the UI or the SMTP password reaches a page or the API.
test('an e-mail config is created, edited with the password kept, and deleted; the password never comes back', async ({ page, request }) => {
	const name = unique('Mail');
	const password = `smtp-${unique('pass')}`;
	await open(page, '/node-configs');
	await page.getByRole('link', { name: 'New e-mail config' }).first().click();
	await page.locator('#nc-name').fill(name);
	await page.getByRole('button', { name: 'Create config' }).click();
	await expect(page.getByTestId('editor')).toContainText('an SMTP host is required');

	await page.locator('#nc-host').fill('smtp.example.test');
	await expect(page.locator('#nc-port')).toHaveValue('587');
	await page.locator('input[name=tls][value=tls]').check();
	await expect(page.locator('#nc-port')).toHaveValue('465');
	await page.locator('#nc-user').fill('mailer');
	await page.locator('#nc-pass').fill(password);
	await page.locator('#nc-from').fill('AT <workflows@example.test>');
	const [saved] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Create config' }).click()]);
	expect(await saved.text()).not.toContain(password);
	await expectToast(page, `Saved ${name}.`);
	const row = page.getByTestId('node-config-row').filter({ hasText: name });
	await expect(row).toContainText('smtp.example.test:465');
	await expect(row).toContainText('TLS');
	await expect(row).toContainText('mailer');

	await row.getByRole('link', { name: `Edit ${name}` }).click();
	await expect(page.locator('#nc-pass')).toHaveValue('');
	await expect(page.locator('#nc-pass')).toHaveAttribute('placeholder', /stored/);
	await page.locator('#nc-host').fill('mail.example.test');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expectToast(page, `Saved ${name}.`);
	await expect(row).toContainText('mail.example.test:465');

	const api = (await (await request.get('/api/v1/node-configs', { headers: ADMIN })).json()).node_configs.find((c: { name: string }) => c.name === name);
	expect(api.data).toMatchObject({ host: 'mail.example.test', port: 465, tls: 'tls', username: 'mailer', password: '***', has_password: true });
	for (const path of ['/node-configs', `/node-configs?edit=${api.id}`]) expect(await (await request.get(path)).text()).not.toContain(password);

	await row.getByRole('button', { name: `Delete ${name}` }).click();
	await confirmDialog(page);
	await expectToast(page, 'Config deleted.');
	await expect(page.getByText('No node configs yet')).toBeVisible();
});
