import { json } from '@sveltejs/kit';
import { triggerCreateSchema } from '$lib/schemas/trigger';
import { getRuntime } from '$lib/server/runtime';
import { getWorkflow } from '$lib/server/store/queries/workflows';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { createTrigger, triggerOverview } from '$lib/server/workflow/triggerAdmin';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	if (!(await getWorkflow(getRuntime().db, params.id))) return notFound('workflow');
	return json({ triggers: await triggerOverview({ workflowId: params.id }) });
};

export const POST: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const t = await createTrigger(params.id, await readBody(request, triggerCreateSchema), actor(locals));
		return t ? json(t, { status: 201 }) : notFound('workflow');
	});
