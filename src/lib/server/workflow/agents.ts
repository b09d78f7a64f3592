import type { AgentInput } from '$lib/schemas/agent';
import { getRuntime } from '../runtime';
import { deleteAgent as deleteRow, getAgent, insertAgent, listAgents, updateAgent as updateRow } from '../store/queries/agents';
import type { AgentRow } from '../store/schema';

/** Agent presets for agent_call (SPEC §8.5), shared by the API and the /agents page. */
export const agents = () => listAgents(getRuntime().db);
export const agent = (id: string) => getAgent(getRuntime().db, id);

function columns(b: Partial<AgentInput>) {
	return {
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
}

export async function createAgent(input: AgentInput, user: string): Promise<AgentRow> {
	return insertAgent(getRuntime().db, { ...columns(input), name: input.name, createdBy: user, updatedBy: user });
}

/** Fields left out stay as stored. Undefined when the agent does not exist. */
export async function updateAgent(id: string, patch: Partial<AgentInput>, user: string): Promise<AgentRow | undefined> {
	return updateRow(getRuntime().db, id, { ...columns(patch), updatedBy: user });
}

export const deleteAgent = (id: string) => deleteRow(getRuntime().db, id);
