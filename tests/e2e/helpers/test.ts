import { test as base } from '@playwright/test';

/**
 * Playwright's `test` whose `page.goto` also waits until SvelteKit has hydrated the page (the root
 * layout sets `html[data-hydrated]`): `goto` resolves on the load event, before the client app has
 * started, and a click in that gap gets the page's no-JavaScript behaviour. Error pages rendered from
 * the static template never hydrate, so only successful HTML answers are waited for.
 */
export const test = base.extend({
	page: async ({ page, javaScriptEnabled }, use) => {
		const goto = page.goto.bind(page);
		page.goto = async (url, opts) => {
			const res = await goto(url, opts);
			const html = (res?.headers()['content-type'] ?? '').includes('text/html');
			if (javaScriptEnabled !== false && res?.ok() && html) await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
			return res;
		};
		await use(page);
	}
});

export { expect } from '@playwright/test';
