import { runsPage } from '$lib/server/workflow/runsPage';
import type { PageServerLoad } from './$types';

/** Re-run by the page's poll (`invalidate('app:runs')`) while runs are in flight. */
export const load: PageServerLoad = async ({ url, depends }) => {
	depends('app:runs');
	return { history: await runsPage(url.searchParams), now: Date.now() };
};
