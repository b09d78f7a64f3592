import { notFound } from '$lib/server/api';
import { engine } from '$lib/server/workflow';
import { runEventsResponse } from '$lib/server/workflow/sse';
import type { RequestHandler } from './$types';

/** Server-sent events of a run: `run`, `step` and `log` events, live, on whichever instance runs it; `end` when the run is over. */
export const GET: RequestHandler = async ({ params, request }) => (await runEventsResponse(engine(), params.id, request.signal)) ?? notFound('run');
