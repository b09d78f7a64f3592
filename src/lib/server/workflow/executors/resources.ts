import type { Executor } from '../types';

/**
 * Resource nodes hand descriptors to agent_call; the agent executor loads what they name.
 * skills → {skills: [id or name]}, mcp → {urls, headers}, memory → text, agent → {agent_id}.
 */
export const skillConfig: Executor = async (ctx) => ({ outputs: { skills: { skills: ctx.data.skills ?? [] } } });

export const mcpConfig: Executor = async (ctx) => ({ outputs: { mcp: { urls: ctx.data.mcp_urls ?? [], headers: ctx.data.headers ?? {} } } });

export const memoryConfig: Executor = async (ctx) => {
	const d = ctx.inputs.data;
	const text = d === undefined || d === null ? '' : typeof d === 'string' ? d : JSON.stringify(d);
	return { outputs: { memory: text } };
};

export const agentConfig: Executor = async (ctx) => ({ outputs: { agent: { agent_id: ctx.data.agent_id ?? '' } } });
