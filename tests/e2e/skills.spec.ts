import { expect, test } from './helpers/test';
import { confirmDialog, expectToast, open, unique } from './resources';

// Fails when a skill cannot be built in the UI or the Test panel does not show what the handler returned or threw.
test('a skill gets a tool whose handler test shows the result and the error, then tool and skill are deleted', async ({ page }) => {
	const name = unique('Orders');
	await open(page, '/skills');
	await page.getByRole('link', { name: 'New skill' }).first().click();
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Description').fill('Find orders');
	await page.getByRole('button', { name: 'Create and add tools' }).click();
	await expect(page).toHaveURL(/\/skills\/\w+\?tool=new$/);
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

	await page.locator('#tool-name').fill('lookup_order');
	await page.locator('#tool-desc').fill('Looks up an order by number');
	const schema = page.locator('#tool-schema');
	await schema.fill('{"type": "object", "properties": {"id": {"type": "string"}},}');
	await expect(page.locator('#tool-schema-status')).toContainText('Line 1, column 61: expected a property name');
	await expect(page.getByRole('button', { name: 'Add tool' })).toBeDisabled();
	await schema.fill('{"type": "object", "properties": {"id": {"type": "string", "examples": ["A-7"]}}, "required": ["id"]}');
	await expect(page.locator('#tool-schema-status')).toContainText('valid object');
	await page.locator('#tool-handler').fill('log.info("looking up " + args.id);\nreturn { id: args.id, status: "shipped" };');
	await page.getByRole('button', { name: 'Add tool' }).click();
	await expectToast(page, 'Tool added.');
	await expect(page).toHaveURL(/\?tool=lookup_order$/);
	await expect(page.getByTestId('tool-list')).toContainText('lookup_order');

	// The example arguments come from the saved schema; the run shows result, duration and logs.
	await expect(page.locator('#test-args')).toContainText('"id": "A-7"');
	await page.getByRole('button', { name: 'Run test' }).click();
	const result = page.getByTestId('test-result');
	await expect(result).toContainText('returned');
	await expect(result).toContainText('"status": "shipped"');
	await expect(result).toContainText('looking up A-7');
	await expect(page.getByTestId('test-duration')).toHaveText(/\d+ ms|<1 ms|\d\.\d+ s/);

	// Unsaved edits are what the Test panel runs.
	await page.locator('#tool-handler').fill('throw new Error("no such order: " + args.id);');
	await page.locator('#test-args').fill('{"id": "B-2"}');
	await page.getByRole('button', { name: 'Run test' }).click();
	await expect(result).toContainText('error');
	await expect(result).toContainText('no such order: B-2');

	// Rename and save; the list follows.
	await page.locator('#tool-handler').fill('return args.id;');
	await page.locator('#tool-name').fill('find_order');
	await page.getByRole('button', { name: 'Save tool' }).click();
	await expectToast(page, 'Tool saved.');
	await expect(page).toHaveURL(/\?tool=find_order$/);
	await expect(page.getByTestId('tool-list')).not.toContainText('lookup_order');

	await page.getByRole('button', { name: 'Delete tool' }).click();
	await confirmDialog(page);
	await expectToast(page, 'Tool deleted.');
	await expect(page.getByText('Add the first tool')).toBeVisible();

	await page.getByRole('button', { name: 'Delete skill' }).click();
	await confirmDialog(page);
	await expect(page).toHaveURL(/\/skills$/);
	await expectToast(page, 'Skill deleted.');
	await expect(page.getByTestId('skill-row').filter({ hasText: name })).toHaveCount(0);
});
