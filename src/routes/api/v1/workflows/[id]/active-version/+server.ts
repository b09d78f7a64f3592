import { json } from '@sveltejs/kit';
import { activeVersionSchema } from '$lib/schemas/workflow';
import { getRuntime } from '$lib/server/runtime';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { workflowJson } from '$lib/server/workflow/serialize';
import { setActiveVersion } from '$lib/server/workflow/workflows';
import type { RequestHandler } from './$types';

/** Publishes a version: webhook and cron runs use it. `{version: null}` unpublishes. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const { version } = await readBody(request, activeVersionSchema);
		const rt = getRuntime();
		const wf = await setActiveVersion(rt.db, params.id, version, actor(locals));
		if (!wf) return notFound('workflow');
		await rt.bus.publish('triggers.changed', { workflow_id: wf.id });
		return json(workflowJson(wf));
	});
