import { json } from '@sveltejs/kit';
import { agentSchema } from '$lib/schemas/agent';
import { actor, handle, readBody } from '$lib/server/api';
import { agents, createAgent } from '$lib/server/workflow/agents';
import { agentJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ agents: (await agents()).map(agentJson) });

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => json(agentJson(await createAgent(await readBody(request, agentSchema), actor(locals))), { status: 201 }));
