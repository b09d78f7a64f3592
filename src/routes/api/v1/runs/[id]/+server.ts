import { json } from '@sveltejs/kit';
import { runDetailQuerySchema } from '$lib/schemas/run';
import { handle, notFound, parseQuery } from '$lib/server/api';
import { runDetail } from '$lib/server/workflow/history';
import type { RequestHandler } from './$types';

/** The run with `steps` (durations included) and `children`; `?include=graph` adds the graph of its version. */
export const GET: RequestHandler = ({ params, url }) =>
	handle(async () => {
		const q = parseQuery(url, runDetailQuerySchema);
		const run = await runDetail(params.id, { graph: q.include === 'graph' });
		return run ? json(run) : notFound('run');
	});
