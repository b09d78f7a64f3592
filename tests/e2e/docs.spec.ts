import { expect, test } from './helpers/test';

const TOKEN = 'e2e-gateway-token';

test('the samples carry this instance’s base URL and a configured model, and that pair answers', async ({ page, baseURL, request }) => {
	await page.goto('/docs');
	const gateway = `${baseURL}/gateway/v1`;
	await expect(page.getByTestId('base-url')).toHaveText(gateway);

	const curl = page.getByTestId('sample-curl');
	await expect(curl).toBeVisible();
	await expect(curl).toContainText(`curl ${gateway}/chat/completions`);
	await expect(curl).toContainText('"model":"claude/claude-sonnet-4-5"');

	// The pair the samples show is callable as written (with a token).
	const r = await request.post(`${gateway}/chat/completions`, {
		headers: { authorization: `Bearer ${TOKEN}` },
		data: { model: 'claude/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Say hello in one sentence.' }] }
	});
	expect(r.status()).toBe(200);

	await page.getByTestId('sample-model').selectOption('mock/gpt-4o-mini');
	await expect(curl).toContainText('"model":"mock/gpt-4o-mini"');
	await page.getByTestId('tab-python').click();
	const py = page.getByTestId('sample-python');
	await expect(py).toBeVisible();
	await expect(curl).toBeHidden();
	await expect(py).toContainText(`OpenAI(base_url="${gateway}"`);
	await expect(py).toContainText('model="mock/gpt-4o-mini"');

	await page.getByTestId('tab-claude-code').click();
	await expect(page.getByTestId('sample-claude-code')).toContainText(`ANTHROPIC_BASE_URL='${gateway}/providers/claude'`);
	await expect(page.getByTestId('model-list')).toContainText('mock-usage-cached');
});

test('copy puts the sample on the clipboard', async ({ page, context }) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.goto('/docs');
	await page.getByTestId('tab-js').click();
	const js = page.getByTestId('sample-js');
	await js.getByTestId('copy-button').click();
	await expect(js.getByTestId('copy-button')).toContainText('Copied');
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	expect(copied).toBe(await js.getByTestId('code').textContent());
	expect(copied).toContain("import OpenAI from 'openai';");
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	// Fails when the sample tabs need JavaScript to switch.
	test('the sample tabs still switch', async ({ page }) => {
		await page.goto('/docs');
		await expect(page.getByTestId('sample-curl')).toBeVisible();
		await page.getByTestId('tab-ai-sdk').click();
		await expect(page.getByTestId('sample-ai-sdk')).toBeVisible();
		await expect(page.getByTestId('sample-curl')).toBeHidden();
	});
});
