import { json } from '@sveltejs/kit';
import { triggerUpdateSchema } from '$lib/schemas/trigger';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { removeTrigger, triggerView, updateTriggerSettings } from '$lib/server/workflow/triggerAdmin';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const t = await triggerView(params.id);
	return t ? json(t) : notFound('trigger');
};

/** A blank or "***" webhook secret keeps the stored one; `{enabled}` enables or disables; re-enabling clears last_error. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const t = await updateTriggerSettings(params.id, await readBody(request, triggerUpdateSchema), actor(locals));
		return t ? json(t) : notFound('trigger');
	});

export const DELETE: RequestHandler = async ({ params }) => ((await removeTrigger(params.id)) ? new Response(null, { status: 204 }) : notFound('trigger'));
