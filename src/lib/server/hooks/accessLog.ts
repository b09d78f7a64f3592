import { isHttpError, isRedirect, type Handle } from '@sveltejs/kit';
import { log } from '../log';

const QUIET = /\/(healthz|readyz|_app\/|favicon)/;

/** One structured line per request; handlers add fields (token prefix, model) to locals.log. */
export const accessLog: Handle = async ({ event, resolve }) => {
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} catch (e) {
		// The guard answers pages with redirect()/error(), which SvelteKit turns into the response.
		if (isRedirect(e) || isHttpError(e)) status = e.status;
		throw e;
	} finally {
		const path = event.url.pathname;
		if (!QUIET.test(path) || status >= 400 || log.enabled('debug'))
			logRequest({
				request_id: event.locals.requestId,
				method: event.request.method,
				path,
				status,
				duration_ms: Math.round((performance.now() - event.locals.startedAt) * 100) / 100,
				user: event.locals.user?.username,
				...event.locals.log
			});
	}
};

/** The one access-log line format (also written by the gateway's direct path). */
export function logRequest(fields: { request_id: string; method: string; path: string; status: number; duration_ms: number } & Record<string, unknown>) {
	log.info('request', fields);
}
