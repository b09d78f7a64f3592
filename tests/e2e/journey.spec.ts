import { type Page } from '@playwright/test';
import { expect, test } from './helpers/test';
import { MOCK_URL } from './helpers/mock';
import { USERS } from './users';

/**
 * Issue #4's acceptance, walked as a new admin would in Chromium, without touching a config file:
 * sign in → add a provider that points at the upstream → create an API token and call the gateway
 * with it → chat with the new provider's model and watch the reply stream in → rotate the encryption
 * key (the provider keeps working) → sign out. The first admin was created on /setup by auth.setup.ts.
 */
test.use({ storageState: { cookies: [], origins: [] } });

async function rotateKey(page: Page, key: string) {
	await page.goto('/settings');
	const form = page.getByTestId('rotate-form');
	await form.getByLabel('New key', { exact: true }).fill(key);
	await form.getByLabel('New key again').fill(key);
	await form.getByTestId('rotate-key').click();
	await page.getByTestId('confirm-ok').click();
	await expect(page.getByTestId('rotated-counts')).toContainText(/Re-encrypted \d+ provider/);
}

// Fails when any step of a new admin's first session (provider, token, streamed chat, key rotation, sign-out) breaks.
test('a new admin adds a provider, creates a token, chats with a streamed reply, rotates the key and signs out', async ({ page, request }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));

	await page.goto('/providers');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fproviders$/);
	await page.getByLabel('Username').fill(USERS.admin.username);
	await page.getByLabel('Password').fill(USERS.admin.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await expect(page).toHaveURL(/\/providers$/);

	// A provider saved in the database, pointing at the upstream.
	await page.getByRole('link', { name: 'Add provider' }).click();
	await page.locator('[data-preset="custom"]').click();
	await page.getByRole('textbox', { name: 'Key', exact: true }).fill('journey');
	await page.getByLabel('Base URL').fill(`${MOCK_URL}/v1/chat/completions`);
	await page.getByLabel('API key').fill('mock-key');
	await page.getByLabel('Default model').fill('mock-echo');
	await page.getByTestId('save-provider').click();
	await expect(page).toHaveURL(/\/providers\/journey\?created=1$/);
	await page.getByTestId('test-connection').click();
	await expect(page.getByTestId('test-result')).toContainText('OK in');

	// An API token, shown once, that works on the gateway at once.
	await page.goto('/tokens');
	await page.getByTestId('new-token-button').click();
	const dialog = page.getByRole('dialog', { name: 'New API token' });
	await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('journey-token');
	await dialog.getByTestId('create-token').click();
	const token = await page.getByRole('dialog', { name: 'Token created' }).getByTestId('new-token').inputValue();
	expect(token).toMatch(/^at_[0-9a-f]{64}$/);
	await page.getByTestId('token-done').click();
	const viaToken = await request.post('/gateway/v1/chat/completions', {
		headers: { authorization: `Bearer ${token}` },
		data: { model: 'journey/mock-echo', messages: [{ role: 'user', content: 'ping' }] }
	});
	expect(viaToken.status()).toBe(200);
	expect((await viaToken.json()).choices[0].message.content).toBe('echo: ping');

	// The playground streams the new provider's answer word by word (the mock sends one every 20 ms).
	await page.goto('/chat');
	await page.getByTestId('model-picker').click();
	await page.getByRole('combobox', { name: 'Search models' }).fill('journey/mock-echo');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('model-picker')).toContainText('journey/mock-echo');
	const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
	await page.getByTestId('composer').fill(words);
	await page.getByTestId('composer').press('Enter');
	const reply = page.getByTestId('assistant-message').last();
	await expect(reply).toContainText('echo: word0 word1');
	expect(await reply.textContent()).not.toContain('word39');
	await expect(reply).toHaveAttribute('data-status', 'done');
	await expect(reply).toContainText('word39');

	// Rotating the key re-encrypts the stored API key: the provider still answers.
	await rotateKey(page, 'journey-rotated-key');
	await page.goto('/providers/journey');
	await page.getByTestId('test-connection').click();
	await expect(page.getByTestId('test-result')).toContainText('OK in');
	await rotateKey(page, 'e2e-initial-key');

	await page.getByTestId('logout').click();
	await expect(page).toHaveURL(/\/login/);
	await page.goto('/tokens');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Ftokens$/);
	expect(errors).toEqual([]);
});

// Leaves the suite's shared instance as the other specs expect it (they count the live providers' models).
test.afterAll(async ({ request }) => {
	const admin = { authorization: 'Bearer e2e-admin-token' };
	const tokens = (await (await request.get('/api/v1/api-tokens', { headers: admin })).json()).tokens as { id: string; name: string }[];
	for (const t of tokens.filter((t) => t.name === 'journey-token')) await request.delete(`/api/v1/api-tokens/${t.id}`, { headers: admin });
	await request.delete('/api/v1/providers/journey', { headers: admin });
});
