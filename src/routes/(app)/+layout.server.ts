import { getRuntime } from '$lib/server/runtime';
import { AT_VERSION } from '$lib/server/version';
import type { LayoutServerLoad } from './$types';

/** Shell data only; access is enforced by the guard in hooks (a layout load is not a guard). */
export const load: LayoutServerLoad = ({ locals }) => ({
	name: getRuntime().config.server.name,
	version: AT_VERSION,
	user: locals.user ? { username: locals.user.username, role: locals.user.role } : null
});
