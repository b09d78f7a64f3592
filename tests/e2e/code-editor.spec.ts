import { expect, test } from './helpers/test';
import { ADMIN, expectToast, open, unique } from './resources';

/**
 * The one code editor (src/lib/components/code): CodeMirror with line numbers, Tab indentation and
 * JavaScript / JSON highlighting once the page runs, a plain textarea that still posts the code
 * without JavaScript.
 */
async function skillWithTool(request: import('@playwright/test').APIRequestContext) {
	const res = await request.post('/api/v1/skills', {
		headers: ADMIN,
		data: {
			name: unique('Editor'),
			description: '',
			system_prompt: '',
			tools: [{ name: 'lookup', description: 'Looks up', input_schema: { type: 'object', properties: { id: { type: 'string' } } }, handler: 'return args.id;', handler_type: 'js' }]
		}
	});
	expect(res.status()).toBe(201);
	return (await res.json()).id as string;
}

const tool = async (request: import('@playwright/test').APIRequestContext, id: string) =>
	(await (await request.get(`/api/v1/skills/${id}`, { headers: ADMIN })).json()).tools[0] as { handler: string; input_schema: unknown };

// Fails when the skill page's handler and schema fields are not the shared CodeMirror editor (highlighting, line numbers, Tab indents, label focuses).
test('the handler and the schema are CodeMirror fields: highlighted, numbered, Tab indents', async ({ page, request }) => {
	const id = await skillWithTool(request);
	await open(page, `/skills/${id}?tool=lookup`);
	const handler = page.locator('[data-testid="code-editor"]').filter({ has: page.locator('#tool-handler') });
	await expect(handler).toHaveAttribute('data-language', 'javascript');
	await expect(handler.locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: /^1$/ })).toBeVisible();
	await expect(handler.locator('.cm-at-keyword').first()).toHaveText('return');
	const schema = page.locator('[data-testid="code-editor"]').filter({ has: page.locator('#tool-schema') });
	await expect(schema).toHaveAttribute('data-language', 'json');
	await expect(schema.locator('.cm-at-property').first()).toHaveText('"type"');
	await expect(page.locator('textarea[name="handler"]')).toBeHidden();

	await page.locator('label[for="tool-handler"]').click();
	await expect(page.locator('#tool-handler')).toBeFocused();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await page.keyboard.type('// checked');
	await expect(page.locator('textarea[name="handler"]')).toHaveValue('return args.id;\n\t// checked');
	await page.getByRole('button', { name: 'Save tool' }).click();
	await expectToast(page, 'Tool saved.');
	expect((await tool(request, id)).handler).toBe('return args.id;\n\t// checked');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	// Fails when the code fields need JavaScript to be submitted (progressive enhancement).
	test('the fields are textareas that post the code', async ({ page, request }) => {
		const id = await skillWithTool(request);
		await page.goto(`/skills/${id}?tool=lookup`);
		await expect(page.locator('.cm-editor')).toHaveCount(0);
		const handler = page.locator('textarea#tool-handler');
		await expect(handler).toHaveValue('return args.id;');
		await handler.fill('return { id: args.id, ok: true };');
		await page.locator('textarea#tool-schema').fill('{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}');
		await page.getByRole('button', { name: 'Save tool' }).click();
		await expect(page).toHaveURL(/\?tool=lookup$/);
		const saved = await tool(request, id);
		expect(saved.handler).toBe('return { id: args.id, ok: true };');
		expect(saved.input_schema).toEqual({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
	});
});
