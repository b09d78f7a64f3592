import { json } from '@sveltejs/kit';
import { triggerListQuerySchema } from '$lib/schemas/trigger';
import { handle, parseQuery } from '$lib/server/api';
import { triggerOverview } from '$lib/server/workflow/triggerAdmin';
import type { RequestHandler } from './$types';

/** Every webhook and schedule with workflow name, next fire times, last run and webhook path. */
export const GET: RequestHandler = ({ url }) =>
	handle(async () => {
		const q = parseQuery(url, triggerListQuerySchema);
		return json({ triggers: await triggerOverview({ workflowId: q.workflow_id, type: q.type }) });
	});
