import { base } from '$app/paths';
import type { Handle } from '@sveltejs/kit';

/**
 * SvelteKit's origin check (a cross-site form POST is refused), applied by AT to every route that a
 * browser cookie can authenticate. /gateway and /webhooks are exempt: they authenticate with tokens,
 * and API clients often post JSON without a JSON content type (`curl -d`), which Kit's built-in check
 * (run before any hook, for every route) would refuse.
 */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const csrf: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (UNSAFE.has(request.method)) {
		const path = url.pathname.slice(base.length);
		const exempt = path.startsWith('/gateway/') || path.startsWith('/webhooks/');
		const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const isForm = type === '' ? request.method === 'POST' && request.headers.has('content-length') : FORM_TYPES.includes(type);
		if (!exempt && isForm && request.headers.get('origin') !== url.origin) {
			const message = `Cross-site ${request.method} form submissions are forbidden`;
			return request.headers.get('accept')?.includes('application/json')
				? new Response(JSON.stringify({ message }), { status: 403, headers: { 'content-type': 'application/json' } })
				: new Response(message, { status: 403 });
		}
	}
	return resolve(event);
};
