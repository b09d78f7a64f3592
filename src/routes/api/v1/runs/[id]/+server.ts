import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { getRun, getRunSteps } from '$lib/server/store/queries/runs';
import { engine } from '$lib/server/workflow';
import { notFound } from '$lib/server/api';
import { runJson, stepJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const db = getRuntime().db;
	await engine().settled();
	const run = await getRun(db, params.id);
	if (!run) return notFound('run');
	return json({ ...runJson(run), steps: (await getRunSteps(db, run.id)).map(stepJson) });
};
