import { type Page } from '@playwright/test';
import { expect, test } from './helpers/test';

// The playground posts to /api/v1 from the browser; the admin token stands in for a session here.
const ADMIN = { authorization: 'Bearer e2e-admin-token' };
test.use({ extraHTTPHeaders: ADMIN });

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function open(page: Page) {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/chat');
	// Providers are listed by key: the default model is the first provider's (claude).
	await expect(page.getByTestId('model-picker')).toContainText('claude/claude-sonnet-4-5');
	await pick(page, 'mock/mock-echo');
	await expect(page.getByTestId('model-picker')).toContainText('mock/mock-echo');
	return errors;
}

async function pick(page: Page, search: string) {
	await page.getByTestId('model-picker').click();
	await page.getByRole('combobox', { name: 'Search models' }).fill(search);
	await page.keyboard.press('Enter');
}

async function say(page: Page, text: string) {
	await page.getByTestId('composer').fill(text);
	await page.getByTestId('composer').press('Enter');
}

const lastReply = (page: Page) => page.getByTestId('assistant-message').last();

test('picks a model, streams the answer in word by word and shows tokens, cost and latency', async ({ page }) => {
	const errors = await open(page);
	await pick(page, 'mock/gpt-4o');
	await expect(page.getByTestId('model-picker')).toContainText('mock/gpt-4o-mini');

	const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
	await say(page, words);
	const reply = lastReply(page);
	// The mock sends one word every 20 ms: the first words show while the last one is still to come.
	await expect(reply).toContainText('echo: w0 w1');
	expect(await reply.textContent()).not.toContain('w59');
	await expect(page.getByTestId('stop')).toBeVisible();

	await expect(reply).toHaveAttribute('data-status', 'done');
	await expect(reply).toContainText('w59');
	const prompt = 10 + words.length;
	await expect(reply.getByTestId('reply-tokens')).toHaveText(`${prompt} → 5 tokens`);
	// gpt-4o-mini: $0.15 in / $0.60 out per million tokens.
	const cost = (prompt * 0.15 + 5 * 0.6) / 1e6;
	await expect(reply.getByTestId('reply-cost')).toHaveText(`$${cost.toPrecision(2)}`);
	await expect(reply.getByTestId('reply-latency')).toContainText('total');
	await expect(page.getByTestId('send')).toBeVisible();
	expect(errors).toEqual([]);
});

test('Stop aborts the stream (the server cancels the upstream call) and Regenerate answers again', async ({ page, request }) => {
	await open(page);
	await pick(page, 'mock/mock-stall');
	await say(page, 'hold on');
	const reply = lastReply(page);
	await expect(reply.getByTestId('markdown')).not.toBeEmpty();
	await page.getByTestId('stop').click();
	await expect(reply).toHaveAttribute('data-status', 'stopped');
	await expect(reply).toContainText('stopped');

	// The gateway records the aborted upstream call as 499 "client disconnected".
	await expect
		.poll(async () => {
			const r = await request.get('/api/v1/usage?recent=50', { headers: ADMIN });
			const body = (await r.json()) as { recent: { model: string; status: number; error: string | null; source: string }[] };
			return body.recent.find((u) => u.model === 'mock-stall' && u.source === 'chat');
		})
		.toMatchObject({ status: 499, error: 'client disconnected' });

	await pick(page, 'mock/mock-echo');
	await reply.getByTestId('regenerate').click();
	await expect(page.getByTestId('assistant-message')).toHaveCount(1);
	await expect(lastReply(page)).toHaveAttribute('data-status', 'done');
	await expect(lastReply(page)).toContainText('echo: hold on');
});

test('an upstream error is shown inline and Retry sends again', async ({ page }) => {
	await open(page);
	await pick(page, 'mock/mock-error-500');
	await say(page, 'fail please');
	await expect(lastReply(page).getByTestId('reply-error')).toBeVisible();
	await pick(page, 'mock/mock-echo');
	await lastReply(page).getByRole('button', { name: 'Retry' }).click();
	await expect(lastReply(page)).toContainText('echo: fail please');
	await expect(page.getByTestId('reply-error')).toHaveCount(0);
});

test('attaches images through the file input, removes one, and sends the other as an image_url part', async ({ page }) => {
	await open(page);
	await page.getByTestId('image-input').setInputFiles([
		{ name: 'one.png', mimeType: 'image/png', buffer: PNG },
		{ name: 'two.png', mimeType: 'image/png', buffer: PNG }
	]);
	await expect(page.getByTestId('attachment')).toHaveCount(2);
	await page.getByRole('button', { name: 'Remove two.png' }).click();
	await expect(page.getByTestId('attachment')).toHaveCount(1);

	const sent = page.waitForRequest('**/api/v1/chat/completions');
	await say(page, 'what is this?');
	const body = (await sent).postDataJSON() as { messages: { role: string; content: unknown }[]; stream_options: unknown };
	expect(body.stream_options).toEqual({ include_usage: true });
	expect(body.messages.at(-1)).toEqual({
		role: 'user',
		content: [
			{ type: 'text', text: 'what is this?' },
			{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } }
		]
	});
	await expect(page.getByTestId('sent-image')).toHaveCount(1);
	await expect(page.getByTestId('attachment')).toHaveCount(0);
	await expect(lastReply(page)).toContainText('echo: what is this?');
});

test('renders markdown and keeps HTML in a reply inert', async ({ page }) => {
	await open(page);
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await say(page, '**bold** and [a link](https://example.com) <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>\n\n```js\nconst x = 1;\n```');
	const md = lastReply(page).getByTestId('markdown');
	await expect(lastReply(page)).toHaveAttribute('data-status', 'done');
	await expect(md.locator('strong')).toHaveText('bold');
	await expect(md.locator('pre code')).toHaveText('const x = 1;');
	await expect(md.locator('a')).toHaveAttribute('rel', /noopener/);
	await expect(md.locator('img, script')).toHaveCount(0);
	await expect(md).toContainText('<img src=x onerror="window.__xss=1">');
	expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	expect(dialogs).toEqual([]);
});

test('shows reasoning collapsibly, edits and resends a message, and keeps the conversation over a reload', async ({ page }) => {
	await open(page);
	await pick(page, 'mock/mock-think');
	await page.getByTestId('system-prompt').fill('Be brief.');
	await say(page, 'first question');
	await expect(lastReply(page)).toHaveAttribute('data-status', 'done');
	const reasoning = lastReply(page).getByTestId('reasoning');
	await expect(reasoning).toBeVisible();
	await expect(reasoning).not.toHaveAttribute('open');
	await reasoning.locator('summary').click();
	await expect(reasoning).toHaveAttribute('open');

	await say(page, 'second question');
	await expect(page.getByTestId('assistant-message')).toHaveCount(2);
	await expect(lastReply(page)).toHaveAttribute('data-status', 'done');

	// Editing the first message drops everything after it and answers the edited text.
	await page.getByTestId('user-message').first().hover();
	await page.getByTestId('edit-message').first().click();
	await page.getByRole('textbox', { name: 'Edit message' }).fill('edited question');
	await page.getByRole('button', { name: 'Save & send' }).click();
	await expect(page.getByTestId('user-message')).toHaveCount(1);
	await expect(lastReply(page)).toContainText('echo: edited question');
	await expect(lastReply(page)).toHaveAttribute('data-status', 'done');

	await page.reload();
	await expect(page.getByTestId('user-message')).toHaveText(/edited question/);
	await expect(lastReply(page)).toContainText('echo: edited question');
	await expect(page.getByTestId('system-prompt')).toHaveValue('Be brief.');
	await expect(page.getByTestId('model-picker')).toContainText('mock/mock-think');

	await page.getByTestId('clear-chat').click();
	await page.getByRole('button', { name: 'Clear' }).last().click();
	await expect(page.getByTestId('user-message')).toHaveCount(0);
	await expect(page.getByText('Start a conversation')).toBeVisible();
});

test('attaches images by drag-and-drop and by paste', async ({ page }) => {
	await open(page);
	const file = (name: string) =>
		page.evaluateHandle(
			([n, b64]) => {
				const dt = new DataTransfer();
				dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], n, { type: 'image/png' }));
				return dt;
			},
			[name, PNG.toString('base64')] as const
		);
	await page.getByRole('region', { name: 'Conversation' }).dispatchEvent('drop', { dataTransfer: await file('dropped.png') });
	await expect(page.getByRole('img', { name: 'dropped.png' })).toBeVisible();
	const pasted = await file('pasted.png');
	await page.getByTestId('composer').evaluate((el, dt) => el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })), pasted);
	await expect(page.getByTestId('attachment')).toHaveCount(2);
	await expect(page.getByRole('img', { name: 'pasted.png' })).toBeVisible();
});

test('Shift+Enter adds a line, Enter sends, and a file that is not an image is refused', async ({ page }) => {
	await open(page);
	const composer = page.getByTestId('composer');
	await composer.pressSequentially('line one');
	await composer.press('Shift+Enter');
	await composer.pressSequentially('line two');
	await expect(composer).toHaveValue('line one\nline two');
	await expect(page.getByTestId('user-message')).toHaveCount(0);
	await composer.press('Enter');
	await expect(page.getByTestId('user-message')).toContainText('line one\nline two');
	await expect(lastReply(page)).toContainText('echo: line one');
	await expect(composer).toHaveValue('');

	await page.getByTestId('image-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
	await expect(page.getByText('notes.txt is not an image.')).toBeVisible();
	await expect(page.getByTestId('attachment')).toHaveCount(0);
});
