import { base } from '$app/paths';
import { error, json, redirect, type Handle } from '@sveltejs/kit';
import { authService } from '../auth';
import { classify, hasRole, requiredRole } from '../auth/access';
import { getRuntime } from '../runtime';

const UNAUTHENTICATED = 'authentication required: sign in or send Authorization: Bearer <admin_token>';

/**
 * The one place that refuses requests (SPEC §4.2, §4.4), keyed on the route and method before any
 * load, action or endpoint runs. Pages answer through SvelteKit's redirect()/error() so that document,
 * `__data.json` and enhanced form-action requests each get the form their client expects.
 */
export const guard: Handle = async ({ event, resolve }) => {
	const route = classify(event.url.pathname.slice(base.length));
	if (route.public) return resolve(event);
	const user = event.locals.user;
	const method = event.request.method;

	if (!user) {
		if (route.api) return json({ message: UNAUTHENTICATED }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
		if (!(await authService().anyUser(getRuntime().db))) redirect(303, `${base}/setup`);
		redirect(303, `${base}/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}

	const needed = requiredRole(route.section, method);
	if (hasRole(user.role, needed)) return resolve(event);
	const message = `forbidden: this needs the ${needed} role (your role is ${user.role})`;
	if (route.api) return json({ message }, { status: 403 });
	// An enhanced form action expects an ActionResult; a document or data request gets the error page.
	if (method === 'POST' && (event.request.headers.get('accept') ?? '').includes('application/json'))
		return json({ type: 'error', error: { message } }, { status: 403 });
	error(403, message);
};
