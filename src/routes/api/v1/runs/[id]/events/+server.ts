import { getRuntime } from '$lib/server/runtime';
import { getRun } from '$lib/server/store/queries/runs';
import { engine } from '$lib/server/workflow';
import { notFound } from '$lib/server/api';
import { runEventStream } from '$lib/server/workflow/sse';
import type { RequestHandler } from './$types';

/** Server-sent events of a run: `step`, `log` and `run` events, live; `end` when the run is over. */
export const GET: RequestHandler = async ({ params, request }) => {
	const e = engine();
	await e.settled();
	if (!e.events.has(params.id) && !(await getRun(getRuntime().db, params.id))) return notFound('run');
	return new Response(runEventStream(e, params.id, request.signal), {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }
	});
};
