import type { AgentInput } from '$lib/schemas/agent';
import { registry } from '../gateway';
import { providerModels } from '../gateway/models';
import { getRuntime } from '../runtime';
import { listSkills } from '../store/queries/skills';
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

/** Provider and model pickers: the live registry (config file and database providers). */
export function modelChoices() {
	return registry()
		.list()
		.map((e) => ({ key: e.key, type: e.config.type, defaultModel: e.config.model, models: providerModels(e) }));
}

/** Agents as pages show them; skill references (ids or names) resolved to ids where the skill exists. */
export async function agentViews() {
	const [rows, skillRows] = await Promise.all([agents(), listSkills(getRuntime().db)]);
	const byRef = new Map(skillRows.flatMap((s) => [[s.id, s] as const, [s.name, s] as const]));
	return rows.map((a) => ({
		id: a.id,
		name: a.name,
		description: a.description,
		provider: a.provider,
		model: a.model,
		system_prompt: a.systemPrompt,
		skills: a.skills.map((ref) => byRef.get(ref)?.id ?? ref),
		skillNames: a.skills.map((ref) => byRef.get(ref)?.name ?? ref),
		missingSkills: a.skills.filter((ref) => !byRef.has(ref)),
		mcp_urls: a.mcpUrls,
		max_iterations: a.maxIterations,
		tool_timeout: a.toolTimeout,
		updatedAt: a.updatedAt.toISOString(),
		updatedBy: a.updatedBy
	}));
}
