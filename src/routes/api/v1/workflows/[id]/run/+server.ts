import { runQuerySchema, runRequestSchema } from '$lib/schemas/workflow';
import { handle, parseQuery, readBody } from '$lib/server/api';
import { engine } from '$lib/server/workflow';
import { respondToRun } from '$lib/server/workflow/respond';
import type { RequestHandler } from './$types';

/** `{inputs}` → 202 `{run_id}`, or with ?sync=true the outputs (SPEC §7). Editor runs (`source: "editor"`) use the draft. */
export const POST: RequestHandler = ({ params, request, url }) =>
	handle(async () => {
		const q = parseQuery(url, runQuerySchema);
		const body = await readBody(request, runRequestSchema);
		const e = engine();
		const h = await e.startRun({
			workflowId: params.id,
			version: q.version ?? (body.source === 'editor' ? 'draft' : 'active'),
			source: body.source,
			inputs: body.inputs,
			entryNodeId: body.entry_node
		});
		return respondToRun(e, h, { sync: q.sync, early: q.early, timeout: q.timeout });
	});
