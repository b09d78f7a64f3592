import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createGuardedFetch } from '../../http/ssrf';
import { errorMessage } from '../../log';
import { runToolHandler } from '../skills';
import { NodeError, type AgentDef, type ChatCallResult, type Executor, type NodeContext, type SkillDef, type ToolCall } from '../types';
import { isPlainObject } from '../util';
import { asText } from './llmCall';

/** Tool results handed back to the model are cut to this many characters. */
const MAX_TOOL_RESULT_CHARS = 32_000;
/** Sub-agents may delegate no further than this (a sub-agent's own sub-agents are not offered). */
const MAX_AGENT_DEPTH = 1;

interface Tool {
	name: string;
	description: string;
	parameters: Record<string, unknown>;
	call(args: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

interface AgentSettings {
	provider: string;
	model: string;
	systemPrompt: string;
	maxIterations: number;
	toolTimeout: number;
	skills: string[];
	mcp: { url: string; headers: Record<string, string> }[];
	inlineTools: unknown[];
	subAgents: AgentDef[];
	memory: string;
}

const toolName = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'tool';

function uniqueName(taken: Set<string>, wanted: string): string {
	let name = toolName(wanted);
	for (let i = 2; taken.has(name); i++) name = toolName(`${wanted}_${i}`);
	taken.add(name);
	return name;
}

function cut(s: string): string {
	return s.length > MAX_TOOL_RESULT_CHARS ? `${s.slice(0, MAX_TOOL_RESULT_CHARS)}… [truncated ${s.length - MAX_TOOL_RESULT_CHARS} characters]` : s;
}

/**
 * A tool-using model loop (SPEC §8.3): skills' JS handlers in the sandbox, MCP servers' tools over
 * Streamable HTTP (official client, through the SSRF guard) and sub-agents as `delegate_to_<name>`
 * tools. Parallel tool calls run concurrently, each bounded by tool_timeout; the loop is bounded by
 * max_iterations.
 */
export const agentCall: Executor = async (ctx) => {
	const d = await ctx.renderData();
	const preset = typeof d.agent_id === 'string' && d.agent_id ? (await ctx.host.loaders.agents([d.agent_id]))[0] : undefined;
	if (typeof d.agent_id === 'string' && d.agent_id && !preset) throw new NodeError(`agent_id: no agent "${d.agent_id}"`);
	const str = (v: unknown) => (typeof v === 'string' ? v : '');
	const mcpInputs = (Array.isArray(ctx.inputs.mcp) ? ctx.inputs.mcp : []) as { urls?: unknown; headers?: unknown }[];
	const skillInputs = (Array.isArray(ctx.inputs.skills) ? ctx.inputs.skills : []) as { skills?: unknown }[];
	const agentInputs = (Array.isArray(ctx.inputs.agents) ? ctx.inputs.agents : []) as { agent_id?: unknown }[];
	const subRefs = agentInputs.map((a) => str(a?.agent_id)).filter(Boolean);
	const settings: AgentSettings = {
		provider: str(d.provider) || preset?.provider || '',
		model: str(d.model) || preset?.model || '',
		systemPrompt: str(d.system_prompt) || preset?.system_prompt || '',
		maxIterations: Number(d.max_iterations) || preset?.max_iterations || 10,
		toolTimeout: Number(d.tool_timeout) || preset?.tool_timeout || 60,
		skills: [...new Set([...(preset?.skills ?? []), ...((d.skills as string[]) ?? []), ...skillInputs.flatMap((s) => (Array.isArray(s?.skills) ? s.skills.map(String) : []))])],
		mcp: [
			...[...(preset?.mcp_urls ?? []), ...((d.mcp_urls as string[]) ?? [])].map((url) => ({ url, headers: {} })),
			...mcpInputs.flatMap((m) =>
				(Array.isArray(m?.urls) ? m.urls : []).map((url) => ({ url: String(url), headers: isPlainObject(m.headers) ? (m.headers as Record<string, string>) : {} }))
			)
		],
		inlineTools: Array.isArray(d.tools) ? d.tools : [],
		subAgents: subRefs.length ? await ctx.host.loaders.agents(subRefs) : [],
		memory: asText(ctx.inputs.memory)
	};
	if (!settings.provider) throw new NodeError('provider: choose an agent preset or a provider');
	const prompt = str(d.prompt).trim() ? str(d.prompt) : asText(ctx.inputs.prompt);
	if (!prompt.trim()) throw new NodeError('prompt: empty (set a prompt template or connect the prompt input)');
	const context = asText(ctx.inputs.context);
	const response = await runAgent(ctx, settings, context ? `${prompt}\n\nContext:\n${context}` : prompt, 0);
	return { outputs: { response } };
};

async function runAgent(ctx: NodeContext, s: AgentSettings, prompt: string, depth: number): Promise<string> {
	const closers: (() => Promise<void>)[] = [];
	try {
		const taken = new Set<string>();
		const tools: Tool[] = [];
		let system = s.systemPrompt;
		const skills: SkillDef[] = s.skills.length ? await ctx.host.loaders.skills(s.skills) : [];
		const missing = s.skills.filter((r) => !skills.some((k) => k.id === r || k.name === r));
		if (missing.length) throw new NodeError(`skills: unknown skill ${missing.map((m) => `"${m}"`).join(', ')}`);
		for (const skill of skills) {
			if (skill.system_prompt.trim()) system += `\n\n## Skill: ${skill.name}\n${skill.system_prompt}`;
			for (const t of skill.tools) tools.push(handlerTool(ctx, s, uniqueName(taken, t.name), t));
		}
		for (const raw of s.inlineTools) {
			if (!isPlainObject(raw) || typeof raw.name !== 'string') continue;
			tools.push(
				handlerTool(ctx, s, uniqueName(taken, raw.name), {
					name: raw.name,
					description: typeof raw.description === 'string' ? raw.description : '',
					input_schema: isPlainObject(raw.input_schema) ? raw.input_schema : { type: 'object', properties: {} },
					handler: typeof raw.handler === 'string' ? raw.handler : '',
					handler_type: raw.handler_type === 'bash' ? 'bash' : 'js'
				})
			);
		}
		for (const m of s.mcp) tools.push(...(await mcpTools(ctx, m, taken, closers, s.toolTimeout)));
		if (depth < MAX_AGENT_DEPTH)
			for (const sub of s.subAgents) {
				tools.push({
					name: uniqueName(taken, `delegate_to_${sub.name}`),
					description: `Delegate a task to the agent "${sub.name}"${sub.description ? `: ${sub.description}` : ''}. Returns its answer.`,
					parameters: { type: 'object', properties: { task: { type: 'string', description: 'What the agent should do, with all the context it needs.' } }, required: ['task'] },
					call: (args) =>
						runAgent(
							ctx,
							{
								provider: sub.provider || s.provider,
								model: sub.provider ? sub.model : s.model,
								systemPrompt: sub.system_prompt,
								maxIterations: sub.max_iterations,
								toolTimeout: sub.tool_timeout,
								skills: sub.skills,
								mcp: sub.mcp_urls.map((url) => ({ url, headers: {} })),
								inlineTools: [],
								subAgents: [],
								memory: ''
							},
							String(args.task ?? ''),
							depth + 1
						)
				});
			}
		if (s.memory.trim()) system += `\n\n## Memory\n${s.memory}`;
		const messages: Record<string, unknown>[] = [];
		if (system.trim()) messages.push({ role: 'system', content: system.trim() });
		messages.push({ role: 'user', content: prompt });
		const byName = new Map(tools.map((t) => [t.name, t]));
		const toolDefs = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
		for (let i = 0; i < s.maxIterations; i++) {
			const res: ChatCallResult = await ctx.host.chat(
				{ provider: s.provider, model: s.model, messages, tools: toolDefs.length ? toolDefs : undefined },
				ctx.signal
			);
			const calls = res.message.tool_calls ?? [];
			if (!calls.length) return res.message.content ?? '';
			messages.push({ role: 'assistant', content: res.message.content ?? null, tool_calls: calls });
			const results = await Promise.all(calls.map((c) => callTool(ctx, byName, c, s.toolTimeout)));
			calls.forEach((c, k) => messages.push({ role: 'tool', tool_call_id: c.id, content: results[k] }));
		}
		throw new NodeError(`the agent did not finish within max_iterations (${s.maxIterations})`);
	} finally {
		await Promise.all(closers.map((c) => c().catch(() => {})));
	}
}

async function callTool(ctx: NodeContext, byName: Map<string, Tool>, c: ToolCall, timeoutS: number): Promise<string> {
	const tool = byName.get(c.function.name);
	if (!tool) return `error: there is no tool named "${c.function.name}"`;
	let args: Record<string, unknown> = {};
	try {
		const parsed: unknown = c.function.arguments ? JSON.parse(c.function.arguments) : {};
		if (isPlainObject(parsed)) args = parsed;
	} catch {
		return `error: the arguments are not valid JSON: ${c.function.arguments.slice(0, 200)}`;
	}
	const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutS * 1000)]);
	const t0 = performance.now();
	try {
		const out = await Promise.race([
			tool.call(args, signal),
			new Promise<never>((_, rej) => signal.addEventListener('abort', () => rej(new Error(`tool timed out after ${timeoutS}s`)), { once: true }))
		]);
		ctx.log('info', `tool ${c.function.name} finished in ${Math.round(performance.now() - t0)} ms`);
		return cut(typeof out === 'string' ? out : JSON.stringify(out ?? null));
	} catch (e) {
		if (ctx.signal.aborted) throw e;
		ctx.log('warn', `tool ${c.function.name} failed: ${errorMessage(e)}`);
		return `error: ${errorMessage(e)}`;
	}
}

function handlerTool(ctx: NodeContext, s: AgentSettings, name: string, t: SkillDef['tools'][number]): Tool {
	return {
		name,
		description: t.description,
		parameters: Object.keys(t.input_schema ?? {}).length ? t.input_schema : { type: 'object', properties: {} },
		async call(args, signal) {
			const r = await runToolHandler({
				handler: t.handler,
				handlerType: t.handler_type,
				args,
				timeoutMs: s.toolTimeout * 1000,
				signal,
				execEnabled: ctx.host.config.execEnabled,
				allowHosts: ctx.host.config.allowHosts,
				getVar: (k) => ctx.host.getVar(k)
			});
			if (r.error !== null) throw new Error(r.error);
			return r.result;
		}
	};
}

async function mcpTools(
	ctx: NodeContext,
	m: { url: string; headers: Record<string, string> },
	taken: Set<string>,
	closers: (() => Promise<void>)[],
	timeoutS: number
): Promise<Tool[]> {
	let url: URL;
	try {
		url = new URL(m.url);
	} catch {
		throw new NodeError(`mcp: "${m.url}" is not a URL`);
	}
	const transport = new StreamableHTTPClientTransport(url, {
		fetch: createGuardedFetch({ allowHosts: ctx.host.config.allowHosts }),
		requestInit: { headers: m.headers }
	});
	const client = new Client({ name: 'at-workflow', version: '1.0.0' });
	try {
		await client.connect(transport, { signal: ctx.signal, timeout: timeoutS * 1000 });
	} catch (e) {
		throw new NodeError(`mcp: cannot connect to ${url.origin}${url.pathname}: ${errorMessage(e)}`);
	}
	closers.push(() => client.close());
	const listed = await client.listTools(undefined, { signal: ctx.signal, timeout: timeoutS * 1000 });
	return listed.tools.map((t) => ({
		name: uniqueName(taken, t.name),
		description: t.description ?? '',
		parameters: (t.inputSchema as Record<string, unknown>) ?? { type: 'object', properties: {} },
		async call(args, signal) {
			const r = await client.callTool({ name: t.name, arguments: args }, undefined, { signal, timeout: timeoutS * 1000 });
			const content = Array.isArray(r.content) ? (r.content as { type: string; text?: string }[]) : [];
			const text = content.map((c) => (c.type === 'text' ? (c.text ?? '') : JSON.stringify(c))).join('\n');
			if (r.isError) throw new Error(text || 'the MCP tool reported an error');
			return text || (r.structuredContent ?? '');
		}
	}));
}
