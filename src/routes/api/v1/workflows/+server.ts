import { json } from '@sveltejs/kit';
import { workflowCreateSchema } from '$lib/schemas/workflow';
import { getRuntime } from '$lib/server/runtime';
import { listWorkflows } from '$lib/server/store/queries/workflows';
import { actor, handle, readBody } from '$lib/server/api';
import { workflowJson, workflowSummaryJson } from '$lib/server/workflow/serialize';
import { newWorkflow } from '$lib/server/workflow/workflowList';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ workflows: (await listWorkflows(getRuntime().db)).map(workflowSummaryJson) });

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const wf = await newWorkflow(await readBody(request, workflowCreateSchema), actor(locals));
		return json(workflowJson(wf, { version: 1 }), { status: 201 });
	});
