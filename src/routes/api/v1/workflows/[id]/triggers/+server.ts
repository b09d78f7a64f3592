import { json } from '@sveltejs/kit';
import { triggerCreateSchema } from '$lib/schemas/trigger';
import { getRuntime } from '$lib/server/runtime';
import { insertTrigger, listTriggers } from '$lib/server/store/queries/triggers';
import { getWorkflow } from '$lib/server/store/queries/workflows';
import { actor, apiError, handle, notFound, readBody } from '$lib/server/api';
import { triggerJson } from '$lib/server/workflow/serialize';
import { cronProblem } from '$lib/server/workflow/workflows';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const db = getRuntime().db;
	if (!(await getWorkflow(db, params.id))) return notFound('workflow');
	return json({ triggers: (await listTriggers(db, params.id)).map(triggerJson) });
};

export const POST: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const body = await readBody(request, triggerCreateSchema);
		const rt = getRuntime();
		if (!(await getWorkflow(rt.db, params.id))) return notFound('workflow');
		if (body.type === 'cron') {
			const problem = cronProblem(body.config.schedule, body.config.timezone);
			if (problem) return apiError(400, `config.schedule: ${problem}`);
		}
		const user = actor(locals);
		const row = await insertTrigger(rt.db, {
			workflowId: params.id,
			type: body.type,
			config: body.config,
			nodeId: body.node_id ?? null,
			alias: body.type === 'http' && body.alias ? body.alias : null,
			public: body.public,
			enabled: body.enabled,
			createdBy: user,
			updatedBy: user
		});
		await rt.bus.publish('triggers.changed', { trigger_id: row.id });
		return json(triggerJson(row), { status: 201 });
	});
