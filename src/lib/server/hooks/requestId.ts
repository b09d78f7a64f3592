import type { Handle } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a well-formed incoming x-request-id or makes one; starts the request clock. */
export const requestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && VALID.test(incoming) ? incoming : randomUUID();
	event.locals.startedAt = performance.now();
	event.locals.log = {};
	const response = await resolve(event);
	try {
		response.headers.set('x-request-id', event.locals.requestId);
	} catch {
		// Responses from fetch() have immutable headers; the id is then already the upstream's business.
	}
	return response;
};
