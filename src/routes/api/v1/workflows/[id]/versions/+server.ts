import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { listVersions } from '$lib/server/store/queries/versions';
import { getWorkflow } from '$lib/server/store/queries/workflows';
import { notFound } from '$lib/server/api';
import { versionJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const db = getRuntime().db;
	const wf = await getWorkflow(db, params.id);
	if (!wf) return notFound('workflow');
	const versions = (await listVersions(db, wf.id)).map((v) => ({ ...versionJson(v), active: v.version === wf.activeVersion }));
	return json({ versions, active_version: wf.activeVersion });
};
