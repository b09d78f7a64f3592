import { json } from '@sveltejs/kit';
import { agentSchema } from '$lib/schemas/agent';
import { getRuntime } from '$lib/server/runtime';
import { insertAgent, listAgents } from '$lib/server/store/queries/agents';
import { actor, handle, readBody } from '$lib/server/api';
import { agentJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ agents: (await listAgents(getRuntime().db)).map(agentJson) });

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const b = await readBody(request, agentSchema);
		const user = actor(locals);
		const row = await insertAgent(getRuntime().db, {
			name: b.name,
			description: b.description,
			provider: b.provider,
			model: b.model,
			systemPrompt: b.system_prompt,
			skills: b.skills,
			mcpUrls: b.mcp_urls,
			maxIterations: b.max_iterations,
			toolTimeout: b.tool_timeout,
			createdBy: user,
			updatedBy: user
		});
		return json(agentJson(row), { status: 201 });
	});
