import { json } from '@sveltejs/kit';
import { workflowCreateSchema } from '$lib/schemas/workflow';
import { getRuntime } from '$lib/server/runtime';
import { listWorkflows } from '$lib/server/store/queries/workflows';
import { actor, handle, readBody } from '$lib/server/api';
import { workflowJson, workflowSummaryJson } from '$lib/server/workflow/serialize';
import { createWorkflow } from '$lib/server/workflow/workflows';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ workflows: (await listWorkflows(getRuntime().db)).map(workflowSummaryJson) });

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const body = await readBody(request, workflowCreateSchema);
		const rt = getRuntime();
		const wf = await createWorkflow(rt.db, body, actor(locals));
		await rt.bus.publish('triggers.changed', { workflow_id: wf.id });
		return json(workflowJson(wf, { version: 1 }), { status: 201 });
	});
