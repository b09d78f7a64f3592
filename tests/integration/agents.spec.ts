import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node, step } from '../fixtures/workflows';
import { startScriptedLlm, type ScriptedLlm } from '../fixtures/scriptedLlm';
import { startMcpServer, type McpMock } from '../mocks/mcpServer';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;
let llm: ScriptedLlm;
let mcp: McpMock;

beforeAll(async () => {
	llm = await startScriptedLlm();
	mcp = await startMcpServer();
	at = await startAt({
		config: {
			server: { admin_token: 'adm' },
			providers: { mock: { type: 'openai', api_key: 'sk-mock', base_url: llm.url, model: 'echo' } },
			// Only the MCP server's port on loopback is allowed; every other loopback port stays refused.
			workflow: { http: { allow_hosts: [`127.0.0.1:${mcp.port}`] } }
		}
	});
	A = api(at.url, 'adm');
});

afterAll(async () => {
	await at?.destroy();
	await llm?.close();
	await mcp?.close();
});

describe(`LLM and agent nodes on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('llm_call renders its prompts, calls the provider through the gateway and records usage as workflow', async () => {
		const id = await A.createWorkflow(
			'llm',
			graph(
				[node('in', 'input'), node('llm', 'llm_call', { provider: 'mock', model: 'echo', system_prompt: 'Be {{ prompt.tone }}', prompt: 'Summarise {{ prompt.topic }}' }), node('o', 'output', { label: 'answer' }), node('u', 'output', { label: 'usage' })],
				[edge('in.output', 'llm.prompt'), edge('llm.response', 'o.input'), edge('llm.usage', 'u.input')]
			)
		);
		const r = await A.runSync(id, { tone: 'brief', topic: 'cats' });
		expect(r.status, JSON.stringify(r.json)).toBe(200);
		expect(r.json.outputs).toEqual({ answer: 'echo: Summarise cats', usage: expect.objectContaining({ prompt_tokens: 10, completion_tokens: 5 }) });
		const req = llm.requests.at(-1)!;
		expect(req.model).toBe('echo');
		expect(req.messages[0]).toEqual({ role: 'system', content: 'Be brief' });
		// Provider default model when the node leaves it blank; an unknown provider fails the node with the gateway's message.
		const blank = await A.createWorkflow('llm default', graph([node('in', 'input'), node('llm', 'llm_call', { provider: 'mock', prompt: 'hi' }), node('o', 'output', { label: 'a' })], [edge('in.output', 'llm.prompt'), edge('llm.response', 'o.input')]));
		expect((await A.runSync(blank)).json.outputs).toEqual({ a: 'echo: hi' });
		const bad = await A.createWorkflow('llm bad', graph([node('in', 'input'), node('llm', 'llm_call', { provider: 'nope', prompt: 'hi' }), node('o', 'output')], [edge('in.output', 'llm.prompt'), edge('llm.response', 'o.input')]));
		const failed = await A.runSync(bad);
		expect(failed.json.status).toBe('failed');
		expect(String(failed.json.error)).toMatch(/404.*unknown provider "nope"/);
		const usage = await A.get('/usage?group_by=source');
		expect(JSON.stringify(usage.json.groups)).toContain('"workflow"');
	});

	it('agent_call uses skills (sandboxed JS handlers), a real MCP server and a sub-agent, in parallel tool calls', async () => {
		const skill = await A.post('/skills', {
			name: 'shouting',
			description: 'Makes text loud',
			system_prompt: 'Use shout for emphasis.',
			tools: [{ name: 'shout', description: 'Upper-cases text', input_schema: { type: 'object', properties: { text: { type: 'string' } } }, handler: 'return args.text.toUpperCase() + "!"' }]
		});
		expect(skill.status).toBe(201);
		const helper = await A.post('/agents', { name: 'helper', provider: 'mock', model: 'echo', system_prompt: 'You help.' });
		expect(helper.status).toBe(201);
		const id = await A.createWorkflow(
			'agent',
			graph(
				[
					node('in', 'input'),
					node('skills', 'skill_config', { skills: ['shouting'] }),
					node('mcp', 'mcp_config', { mcp_urls: [mcp.url] }),
					node('mem', 'memory_config'),
					node('sub', 'agent_config', { agent_id: helper.json.id }),
					node('agent', 'agent_call', { provider: 'mock', model: 'agent', prompt: 'Do it: {{ prompt.task }}' }),
					node('o', 'output', { label: 'answer' })
				],
				[
					edge('in.output', 'agent.prompt'),
					edge('in.output', 'mem.data'),
					edge('skills.skills', 'agent.skills'),
					edge('mcp.mcp', 'agent.mcp'),
					edge('mem.memory', 'agent.memory'),
					edge('sub.agent', 'agent.agents'),
					edge('agent.response', 'o.input')
				]
			)
		);
		const before = llm.requests.length;
		const r = await A.runSync(id, { task: 'everything' });
		expect(r.status, JSON.stringify(r.json)).toBe(200);
		const answer = String((r.json.outputs as { answer: string }).answer);
		expect(answer).toMatch(/^final: /);
		expect(answer).toContain('HI!');
		expect(answer).toContain('5');
		expect(answer).toContain('echo: say hi');
		expect(mcp.calls).toContainEqual({ tool: 'add', args: { a: 2, b: 3 } });
		const first = llm.requests[before];
		expect(first.tools!.map((t) => t.function.name).sort()).toEqual(['add', 'delegate_to_helper', 'shout']);
		const system = String(first.messages[0].content);
		expect(system).toContain('Use shout for emphasis.');
		expect(system).toContain('"task":"everything"');
		const run = await A.getRun(r.json.run_id as string);
		expect(step(run, 'agent').status).toBe('succeeded');
		for (const res of ['skills', 'mcp', 'mem', 'sub']) expect(step(run, res).status).toBe('succeeded');
	});

	it('agent_call from a preset fails clearly on an MCP URL the SSRF guard refuses', async () => {
		const preset = await A.post('/agents', { name: 'guarded', provider: 'mock', model: 'agent', mcp_urls: ['http://127.0.0.1:1/mcp'] });
		expect(preset.status).toBe(201);
		const id = await A.createWorkflow('guarded', graph([node('in', 'input'), node('agent', 'agent_call', { agent_id: preset.json.id, prompt: 'x' }), node('o', 'output')], [edge('in.output', 'agent.prompt'), edge('agent.response', 'o.input')]));
		const r = await A.runSync(id);
		expect(r.json.status).toBe('failed');
		expect(String(r.json.error)).toMatch(/mcp: cannot connect.*refused/);
	});

	it('manages agents and skills through the API and tests a handler', async () => {
		const list = (await A.get('/agents')).json.agents as { name: string }[];
		expect(list.map((a) => a.name)).toEqual(expect.arrayContaining(['helper', 'guarded']));
		const bad = await A.post('/agents', { name: '', mcp_urls: ['ftp://x'] });
		expect(bad.status).toBe(400);
		const dup = await A.post('/agents', { name: 'helper' });
		expect(dup.status).toBe(409);
		const created = await A.post('/agents', { name: 'temp', max_iterations: 3 });
		const upd = await A.put(`/agents/${created.json.id}`, { model: 'm2' });
		expect(upd.json).toMatchObject({ name: 'temp', model: 'm2', max_iterations: 3 });
		expect((await A.del(`/agents/${created.json.id}`)).status).toBe(204);
		expect((await A.get(`/agents/${created.json.id}`)).status).toBe(404);

		const t = await A.post('/skills/test-handler', { handler: 'log.info("adding"); return args.a + args.b', args: { a: 2, b: 40 } });
		expect(t.json).toMatchObject({ result: 42, error: null, duration_ms: expect.any(Number) });
		const thrown = await A.post('/skills/test-handler', { handler: 'throw new Error("nope")' });
		expect(thrown.json).toMatchObject({ result: null, error: expect.stringContaining('nope') });
		const spin = await A.post('/skills/test-handler', { handler: 'while(true){}', timeout: 0.5 });
		expect(spin.json.error).toMatch(/time limit/);
		const bash = await A.post('/skills/test-handler', { handler: 'echo hi', handler_type: 'bash' });
		expect(bash.json.error).toMatch(/disabled/);
		const env = await A.post('/skills/test-handler', { handler: 'return typeof process' });
		expect(env.json.result).toBe('undefined');
		const badSkill = await A.post('/skills', { name: 'x', tools: [{ name: '1bad' }] });
		expect(badSkill.status).toBe(400);
		const skills = (await A.get('/skills')).json.skills as { id: string; name: string }[];
		const s = skills.find((x) => x.name === 'shouting')!;
		expect((await A.put(`/skills/${s.id}`, { description: 'louder' })).json.description).toBe('louder');
		expect((await A.get(`/skills/${s.id}`)).json.tools).toHaveLength(1);
	});
});
