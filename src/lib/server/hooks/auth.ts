import { base } from '$app/paths';
import { json, type Handle } from '@sveltejs/kit';
import { authService } from '../auth';
import { classify } from '../auth/access';
import { applyAuthHeaders } from '../auth/forwardAuth';
import { deleteSessionTokenCookie, SESSION_COOKIE, setSessionTokenCookie, validateSessionToken } from '../auth/sessions';
import { ensureForwardAuthUser } from '../auth/users';
import { safeEqual } from '../crypto/tokens';
import { log } from '../log';
import { getRuntime } from '../runtime';

const ADMIN_TOKEN_USER = { id: 'admin_token', username: 'admin_token', role: 'admin' } as const;

/**
 * Identity, in this order: a valid session cookie; on /api the admin token; forward-auth (when
 * configured, not for the sign-in pages). The first that answers sets locals.user; a valid session
 * never calls the auth service. Refusing unauthenticated or under-privileged requests is the guard's job.
 */
export const auth: Handle = async ({ event, resolve }) => {
	const route = classify(event.url.pathname.slice(base.length));
	if (route.public && !route.signIn) return resolve(event);
	const rt = getRuntime();

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { session, user, renewed } = await validateSessionToken(rt.db, token);
		if (session) {
			event.locals.user = { id: user.id, username: user.username, role: user.role };
			event.locals.session = { id: session.id, expiresAt: session.expiresAt };
			event.locals.authMethod = 'session';
			if (renewed) setSessionTokenCookie(event, token, session.expiresAt);
			return resolve(event);
		}
		deleteSessionTokenCookie(event);
	}

	if (route.api) {
		const adminToken = rt.config.server.admin_token;
		const m = /^Bearer\s+(.+)$/i.exec(event.request.headers.get('authorization') ?? '');
		if (adminToken && m && safeEqual(m[1].trim(), adminToken)) {
			event.locals.user = { ...ADMIN_TOKEN_USER };
			event.locals.authMethod = 'admin-token';
			return resolve(event);
		}
	}

	const fa = authService().forwardAuth;
	if (fa && !route.signIn) {
		const outcome = await fa.check({
			method: event.request.method,
			url: event.url,
			headers: event.request.headers,
			clientAddress: event.getClientAddress()
		});
		if (outcome.kind === 'error') {
			return route.api
				? json({ message: outcome.message }, { status: 502 })
				: new Response(`Bad gateway: ${outcome.message}`, { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8' } });
		}
		if (outcome.kind === 'deny') return outcome.response;
		applyAuthHeaders(event.request.headers, fa, outcome.copy);
		if (outcome.username) {
			const user = await ensureForwardAuthUser(rt.db, outcome.username, outcome.role);
			event.locals.user = { id: user.id, username: user.username, role: user.role };
			event.locals.authMethod = 'forward-auth';
		} else log.warn('forward-auth allowed a request without a user header', { header: fa.userHeader, path: event.url.pathname });
	}
	return resolve(event);
};
