import { rerunQuerySchema } from '$lib/schemas/run';
import { getRuntime } from '$lib/server/runtime';
import { getRun } from '$lib/server/store/queries/runs';
import { engine } from '$lib/server/workflow';
import { handle, notFound, parseQuery } from '$lib/server/api';
import { respondToRun } from '$lib/server/workflow/respond';
import type { RequestHandler } from './$types';

/** Reruns a run (same version and inputs); with from_node, nodes not downstream of it reuse their recorded outputs. */
export const POST: RequestHandler = ({ params, url }) =>
	handle(async () => {
		const q = parseQuery(url, rerunQuerySchema);
		const e = engine();
		await e.settled();
		const old = await getRun(getRuntime().db, params.id);
		if (!old) return notFound('run');
		const h = await e.startRun({ workflowId: old.workflowId, source: old.source, rerun: { runId: old.id, fromNode: q.from_node } });
		return respondToRun(e, h, { sync: q.sync });
	});
