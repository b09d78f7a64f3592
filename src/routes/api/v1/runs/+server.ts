import { json } from '@sveltejs/kit';
import { runListQuerySchema } from '$lib/schemas/run';
import { getRuntime } from '$lib/server/runtime';
import { listRuns } from '$lib/server/store/queries/runs';
import { engine } from '$lib/server/workflow';
import { handle, parseQuery } from '$lib/server/api';
import { runJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	handle(async () => {
		const q = parseQuery(url, runListQuerySchema);
		await engine().settled();
		const runs = await listRuns(getRuntime().db, { ...q, workflowId: q.workflow_id });
		return json({ runs: runs.map(runJson) });
	});
