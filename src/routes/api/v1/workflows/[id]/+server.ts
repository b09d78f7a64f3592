import { json } from '@sveltejs/kit';
import { workflowUpdateSchema } from '$lib/schemas/workflow';
import { getRuntime } from '$lib/server/runtime';
import { latestVersionNumber } from '$lib/server/store/queries/versions';
import { getWorkflow } from '$lib/server/store/queries/workflows';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { workflowJson } from '$lib/server/workflow/serialize';
import { removeWorkflow } from '$lib/server/workflow/workflowList';
import { saveWorkflow } from '$lib/server/workflow/workflows';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const db = getRuntime().db;
	const wf = await getWorkflow(db, params.id);
	if (!wf) return notFound('workflow');
	return json(workflowJson(wf, { version: await latestVersionNumber(db, wf.id) }));
};

/** Saves the draft and appends a version (SPEC §7). */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const body = await readBody(request, workflowUpdateSchema);
		const rt = getRuntime();
		const wf = await saveWorkflow(rt.db, params.id, body, actor(locals));
		if (!wf) return notFound('workflow');
		if (body.graph !== undefined) await rt.bus.publish('triggers.changed', { workflow_id: wf.id });
		return json(workflowJson(wf, { version: await latestVersionNumber(rt.db, wf.id) }));
	});

export const DELETE: RequestHandler = async ({ params }) => ((await removeWorkflow(params.id)) ? new Response(null, { status: 204 }) : notFound('workflow'));
