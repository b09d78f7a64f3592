import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { getRun } from '$lib/server/store/queries/runs';
import { engine } from '$lib/server/workflow';
import { apiError, notFound } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** Cancels the run on whichever instance executes it (SPEC §9: the request travels over NOTIFY). */
export const POST: RequestHandler = async ({ params, locals }) => {
	const e = engine();
	await e.settled();
	const run = await getRun(getRuntime().db, params.id);
	if (!run && !e.isActive(params.id)) return notFound('run');
	if (run && run.status !== 'running' && run.status !== 'queued') return apiError(409, `the run is already ${run.status}`);
	await e.requestCancel(params.id, `cancelled by ${locals.user?.username ?? 'api'}`);
	return json({ run_id: params.id, status: 'cancelling' }, { status: 202 });
};
