import { expect, test } from './helpers/test';
import { ADMIN, confirmDialog, expectToast, open, unique } from './resources';

// Fails when agent presets cannot be managed in the UI, the pickers ignore the live registry, or bad MCP URLs are accepted.
test('an agent is created with a provider, model, skill and MCP server, edited and deleted', async ({ page, request }) => {
	const skill = await request.post('/api/v1/skills', { headers: ADMIN, data: { name: unique('Weather'), description: 'Forecasts', tools: [{ name: 'forecast', handler: 'return "sunny"' }] } });
	expect(skill.status()).toBe(201);
	const skillName = (await skill.json()).name as string;
	const name = unique('Support agent');

	await open(page, '/agents');
	await page.getByRole('link', { name: 'New agent' }).first().click();
	const editor = page.getByTestId('editor');
	await page.locator('#ag-name').fill(name);
	await page.locator('#ag-provider').selectOption('mock');
	// The model suggestions and the default come from the provider in at.e2e.yaml.
	await expect(page.locator('#ag-models option[value="gpt-mock-large"]')).toHaveCount(1);
	await expect(page.locator('#ag-model')).toHaveAttribute('placeholder', 'mock-echo');
	await page.locator('#ag-model').fill('gpt-mock-large');
	await page.locator('#ag-prompt').fill('You answer questions about orders.');
	await editor.getByLabel(skillName).check();
	await page.locator('#ag-mcp').fill('https://mcp.example.com/mcp\nnot a url');
	await page.getByRole('button', { name: 'Create agent' }).click();
	await expect(editor).toContainText('not an http(s) URL: not a url');

	await page.locator('#ag-mcp').fill('https://mcp.example.com/mcp');
	await page.locator('#ag-iter').fill('5');
	await page.getByRole('button', { name: 'Create agent' }).click();
	await expectToast(page, `Saved ${name}.`);
	const row = page.getByTestId('agent-row').filter({ hasText: name });
	await expect(row).toContainText('mock/gpt-mock-large');
	await expect(row).toContainText('5 iterations');

	const stored = (await (await request.get('/api/v1/agents', { headers: ADMIN })).json()).agents.find((a: { name: string }) => a.name === name);
	expect(stored).toMatchObject({ provider: 'mock', model: 'gpt-mock-large', mcp_urls: ['https://mcp.example.com/mcp'], max_iterations: 5, system_prompt: 'You answer questions about orders.' });
	expect(stored.skills).toHaveLength(1);

	await row.getByRole('link', { name: `Edit ${name}` }).click();
	await expect(page.locator('#ag-provider')).toHaveValue('mock');
	await expect(editor.getByLabel(skillName)).toBeChecked();
	await expect(page.locator('#ag-mcp')).toHaveValue('https://mcp.example.com/mcp');
	await editor.getByLabel(skillName).uncheck();
	await page.locator('#ag-timeout').fill('90');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expectToast(page, `Saved ${name}.`);
	await expect(row).toContainText('90 s/tool');
	await expect(row).not.toContainText(skillName);

	await row.getByRole('button', { name: `Delete ${name}` }).click();
	await confirmDialog(page);
	await expectToast(page, 'Agent deleted.');
	await expect(page.getByTestId('agent-row').filter({ hasText: name })).toHaveCount(0);
});
