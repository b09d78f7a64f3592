import { json } from '@sveltejs/kit';
import { agentUpdateSchema } from '$lib/schemas/agent';
import { getRuntime } from '$lib/server/runtime';
import { deleteAgent, getAgent, updateAgent } from '$lib/server/store/queries/agents';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { agentJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const a = await getAgent(getRuntime().db, params.id);
	return a ? json(agentJson(a)) : notFound('agent');
};

export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const b = await readBody(request, agentUpdateSchema);
		const patch = {
			...(b.name !== undefined ? { name: b.name } : {}),
			...(b.description !== undefined ? { description: b.description } : {}),
			...(b.provider !== undefined ? { provider: b.provider } : {}),
			...(b.model !== undefined ? { model: b.model } : {}),
			...(b.system_prompt !== undefined ? { systemPrompt: b.system_prompt } : {}),
			...(b.skills !== undefined ? { skills: b.skills } : {}),
			...(b.mcp_urls !== undefined ? { mcpUrls: b.mcp_urls } : {}),
			...(b.max_iterations !== undefined ? { maxIterations: b.max_iterations } : {}),
			...(b.tool_timeout !== undefined ? { toolTimeout: b.tool_timeout } : {})
		};
		const row = await updateAgent(getRuntime().db, params.id, { ...patch, updatedBy: actor(locals) });
		return row ? json(agentJson(row)) : notFound('agent');
	});

export const DELETE: RequestHandler = async ({ params }) =>
	(await deleteAgent(getRuntime().db, params.id)) ? new Response(null, { status: 204 }) : notFound('agent');
