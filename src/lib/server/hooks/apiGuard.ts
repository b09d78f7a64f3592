import { base } from '$app/paths';
import type { Handle } from '@sveltejs/kit';
import { safeEqual } from '../crypto/tokens';
import { getRuntime } from '../runtime';

/**
 * Backstop for the management API: /api/v1 answers only an authenticated user (set on locals by the
 * session / forward-auth handle) or `Authorization: Bearer <server.admin_token>`. Role checks live in
 * the role guard; this makes sure no /api/v1 route is ever open (SPEC §4.4).
 */
export const apiGuard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname.slice(base.length);
	if (path !== '/api/v1' && !path.startsWith('/api/v1/')) return resolve(event);
	if (event.locals.user) return resolve(event);
	const adminToken = getRuntime().config.server.admin_token;
	const m = /^Bearer\s+(.+)$/i.exec(event.request.headers.get('authorization') ?? '');
	if (adminToken && m && safeEqual(m[1].trim(), adminToken)) return resolve(event);
	return new Response(JSON.stringify({ message: 'authentication required: sign in or send Authorization: Bearer <admin_token>' }), {
		status: 401,
		headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }
	});
};
