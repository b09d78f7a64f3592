import { type Page } from '@playwright/test';
import { expect, test } from './helpers/test';
import { MOCK_URL } from './helpers/mock';

const INITIAL_KEY = 'e2e-initial-key'; // store.encryption_key in at.e2e.yaml

async function rotate(page: Page, opts: { key?: string; disable?: boolean }) {
	const form = page.getByTestId('rotate-form');
	if (opts.disable) await form.getByLabel('Turn encryption off instead').check();
	else {
		await form.getByLabel('New key', { exact: true }).fill(opts.key!);
		await form.getByLabel('New key again').fill(opts.key!);
	}
	await form.getByTestId('rotate-key').click();
	await expect(page.getByTestId('confirm-dialog')).toBeVisible();
	await page.getByTestId('confirm-ok').click();
}

async function testProvider(page: Page, key: string) {
	await page.goto(`/providers/${key}`);
	await page.getByTestId('test-connection').click();
	await expect(page.getByTestId('test-result')).toContainText('OK in');
}

test.describe('settings', () => {
	// Fails when rotating the key (or turning encryption off) loses a stored secret, or the page does not say what happened.
	test('rotate the encryption key, turn it off and on again; the provider keeps working', async ({ page, baseURL }) => {
		const created = await page.request.post('/api/v1/providers', {
			headers: { origin: baseURL! },
			data: { key: 'rotated', config: { type: 'openai', api_key: 'mock-key', base_url: `${MOCK_URL}/v1/chat/completions`, model: 'mock-echo', extra_headers: { 'X-Kept': 'v' } } }
		});
		expect(created.status()).toBe(201);
		await testProvider(page, 'rotated');

		await page.goto('/settings');
		await expect(page.getByTestId('store-type')).toContainText('PGlite');
		await expect(page.getByTestId('encryption-status')).toContainText('on');

		const form = page.getByTestId('rotate-form');
		await form.getByLabel('New key', { exact: true }).fill('a-new-key');
		await form.getByLabel('New key again').fill('another-key');
		await form.getByTestId('rotate-key').click();
		await page.getByTestId('confirm-ok').click();
		await expect(form.getByText('The keys do not match')).toBeVisible();

		await rotate(page, { key: 'e2e-rotated-key' });
		await expect(page.getByTestId('toast').filter({ hasText: 'encrypted with the new key' })).toBeVisible();
		await expect(page.getByTestId('rotated-counts')).toContainText(/Re-encrypted \d+ providers?/);
		await expect(form.getByLabel('New key', { exact: true })).toHaveValue('');
		await testProvider(page, 'rotated');

		await page.goto('/settings');
		await rotate(page, { disable: true });
		await expect(page.getByTestId('encryption-status')).toContainText('off');
		await testProvider(page, 'rotated');

		await page.goto('/settings');
		await rotate(page, { key: INITIAL_KEY });
		await expect(page.getByTestId('encryption-status')).toContainText('on');
		await testProvider(page, 'rotated');
		expect((await page.request.delete('/api/v1/providers/rotated', { headers: { origin: baseURL! } })).status()).toBe(204);
	});

	// Fails when an empty key silently turns encryption off.
	test('an empty key is refused unless turning encryption off is chosen', async ({ page }) => {
		await page.goto('/settings');
		const form = page.getByTestId('rotate-form');
		await form.getByTestId('rotate-key').click();
		await page.getByTestId('confirm-ok').click();
		await expect(form.getByText('Enter the new key, or choose to turn encryption off')).toBeVisible();
		await expect(page.getByTestId('encryption-status')).toContainText('on');
	});

	// Fails when a price cannot be added, edited inline or deleted, or an edit is not stored.
	test('add, edit and delete a model price', async ({ page }) => {
		await page.goto('/settings');
		const add = page.getByTestId('add-price');
		await add.getByLabel('Model').fill('e2e/model-x');
		await add.getByLabel('Input', { exact: true }).fill('1.5');
		await add.getByLabel('Output', { exact: true }).fill('6');
		await add.getByRole('button', { name: 'Add price' }).click();
		const row = page.locator('[data-testid="price-row"][data-model="e2e/model-x"]');
		await expect(row).toBeVisible();
		await expect(row.getByLabel('Input price of e2e/model-x', { exact: true })).toHaveValue('1.5');
		await expect(row.getByLabel('Cached input price of e2e/model-x', { exact: true })).toHaveValue('');
		await expect(add.getByLabel('Model')).toHaveValue('');

		await row.getByLabel('Cached input price of e2e/model-x', { exact: true }).fill('0.25');
		await row.getByLabel('Output price of e2e/model-x', { exact: true }).fill('8');
		await row.getByRole('button', { name: 'Save the price of e2e/model-x' }).click();
		await expect(page.getByTestId('toast').filter({ hasText: 'Price for e2e/model-x saved' }).last()).toBeVisible();
		await page.reload();
		await expect(row.getByLabel('Output price of e2e/model-x', { exact: true })).toHaveValue('8');
		await expect(row.getByLabel('Cached input price of e2e/model-x', { exact: true })).toHaveValue('0.25');

		await row.getByLabel('Input price of e2e/model-x', { exact: true }).fill('-1');
		await row.getByRole('button', { name: 'Save the price of e2e/model-x' }).click();
		await expect(page.getByTestId('toast').filter({ hasText: 'must not be negative' })).toBeVisible();

		await row.getByRole('button', { name: 'Delete the price of e2e/model-x' }).click();
		await page.getByTestId('confirm-ok').click();
		await expect(row).toHaveCount(0);
	});
});
