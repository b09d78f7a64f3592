import { error } from '@sveltejs/kit';
import { exportWorkflow } from '$lib/server/workflow/workflowList';
import type { RequestHandler } from './$types';

/** Downloads the workflow as `{name, description, graph}` (imports unchanged on /workflows). */
export const GET: RequestHandler = async ({ params }) => {
	const out = await exportWorkflow(params.id);
	if (!out) error(404, 'This workflow does not exist.');
	return new Response(JSON.stringify(out.file, null, 2), {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${out.fileName}"`, 'cache-control': 'no-store' }
	});
};
