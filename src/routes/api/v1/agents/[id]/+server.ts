import { json } from '@sveltejs/kit';
import { agentUpdateSchema } from '$lib/schemas/agent';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { agent, deleteAgent, updateAgent } from '$lib/server/workflow/agents';
import { agentJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const a = await agent(params.id);
	return a ? json(agentJson(a)) : notFound('agent');
};

export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const row = await updateAgent(params.id, await readBody(request, agentUpdateSchema), actor(locals));
		return row ? json(agentJson(row)) : notFound('agent');
	});

export const DELETE: RequestHandler = async ({ params }) => ((await deleteAgent(params.id)) ? new Response(null, { status: 204 }) : notFound('agent'));
