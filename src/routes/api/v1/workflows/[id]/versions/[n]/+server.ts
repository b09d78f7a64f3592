import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { getVersion } from '$lib/server/store/queries/versions';
import { apiError, notFound } from '$lib/server/api';
import { versionJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const n = Number(params.n);
	if (!Number.isInteger(n) || n < 1) return apiError(400, 'the version must be a positive integer');
	const v = await getVersion(getRuntime().db, params.id, n);
	if (!v) return notFound(`version ${n}`);
	return json(versionJson(v));
};
