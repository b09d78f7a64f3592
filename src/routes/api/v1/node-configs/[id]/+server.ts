import { json } from '@sveltejs/kit';
import { nodeConfigUpdateSchema } from '$lib/schemas/nodeConfig';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { deleteNodeConfig, nodeConfig, updateNodeConfig } from '$lib/server/workflow/nodeConfigs';
import { nodeConfigJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const c = await nodeConfig(params.id);
	return c ? json(nodeConfigJson(c)) : notFound('node config');
};

/** A sensitive field left blank (or "***") keeps the stored value. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const row = await updateNodeConfig(params.id, await readBody(request, nodeConfigUpdateSchema), actor(locals));
		return row ? json(nodeConfigJson(row)) : notFound('node config');
	});

export const DELETE: RequestHandler = async ({ params }) => ((await deleteNodeConfig(params.id)) ? new Response(null, { status: 204 }) : notFound('node config'));
