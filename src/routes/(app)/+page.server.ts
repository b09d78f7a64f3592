import { base } from '$app/paths';
import { dashboardData } from '$lib/server/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => ({
	gatewayUrl: `${url.origin}${base}/gateway/v1`,
	dashboard: await dashboardData(locals.user?.role ?? 'viewer')
});
