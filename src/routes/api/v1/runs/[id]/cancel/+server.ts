import { json } from '@sveltejs/kit';
import { actor, handle } from '$lib/server/api';
import { cancelRun } from '$lib/server/workflow/runControl';
import type { RequestHandler } from './$types';

/** Cancels the run on whichever instance executes it (SPEC §9: the request travels over NOTIFY). */
export const POST: RequestHandler = ({ params, locals }) =>
	handle(async () => {
		await cancelRun(params.id, actor(locals));
		return json({ run_id: params.id, status: 'cancelling' }, { status: 202 });
	});
