import { rerunQuerySchema } from '$lib/schemas/run';
import { engine } from '$lib/server/workflow';
import { handle, parseQuery } from '$lib/server/api';
import { respondToRun } from '$lib/server/workflow/respond';
import { rerunRun } from '$lib/server/workflow/runControl';
import type { RequestHandler } from './$types';

/** Reruns a run (same version and inputs); with from_node, nodes not downstream of it reuse their recorded outputs. */
export const POST: RequestHandler = ({ params, url }) =>
	handle(async () => {
		const q = parseQuery(url, rerunQuerySchema);
		return respondToRun(engine(), await rerunRun(params.id, q.from_node), { sync: q.sync });
	});
