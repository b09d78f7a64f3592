import { expect, test } from './helpers/test';
import { STATE } from './users';

/** Form actions of the providers, tokens, users and settings pages, posted directly (as a script would). */
const ACTIONS = [
	['/providers?/delete', { key: 'mock' }],
	['/providers?/test', { key: 'mock' }],
	['/providers/new?/save', { key: 'sneaky', type: 'openai' }],
	['/providers/mock?/discover', { type: 'openai' }],
	['/tokens?/create', { name: 'sneaky' }],
	['/tokens?/delete', { id: 'x' }],
	['/users?/create', { username: 'sneaky', role: 'admin' }],
	['/settings?/rotate', { encryption_key: 'x', confirm: 'x' }],
	['/settings?/price', { model: 'x', input_per_million: '1', output_per_million: '1' }]
] as const;

for (const role of ['viewer', 'editor'] as const) {
	test.describe(`${role} on the admin pages`, () => {
		test.use({ storageState: STATE[role] });

		// Fails when a non-admin sees controls that change providers or tokens, or can open the users and settings pages.
		test('sees providers and tokens read-only and is refused users and settings', async ({ page }) => {
			await page.goto('/providers');
			await expect(page.getByTestId('providers-table')).toContainText('mock-echo');
			await expect(page.getByRole('link', { name: 'Add provider' })).toHaveCount(0);
			await expect(page.getByRole('button', { name: /Test connection of/ })).toHaveCount(0);
			await page.goto('/providers/mock');
			await expect(page.getByLabel('Base URL')).toBeDisabled();
			await expect(page.getByTestId('test-connection')).toHaveCount(0);
			await expect(page.getByRole('link', { name: 'Override in the database' })).toHaveCount(0);
			await page.goto('/tokens');
			await expect(page.getByTestId('new-token-button')).toHaveCount(0);
			await page.goto('/providers/new');
			await expect(page.getByText('Only admins can add providers')).toBeVisible();
			await expect(page.getByTestId('provider-form')).toHaveCount(0);
			for (const path of ['/users', '/settings']) expect((await page.goto(path))?.status(), path).toBe(403);
		});

		// Fails when a form action can be used without the admin role by posting to it directly.
		test('cannot use the form actions by posting directly', async ({ page, baseURL }) => {
			for (const [path, form] of ACTIONS) {
				const res = await page.request.post(path, { form: { ...form }, headers: { origin: baseURL!, accept: 'application/json' }, maxRedirects: 0 });
				expect(res.status(), path).toBe(403);
			}
			await page.goto('/providers');
			await expect(page.getByTestId('providers-table')).toContainText('mock-echo');
		});
	});
}
