import { describe, expect, it } from 'vitest';
import specExample from './fixtures/spec-example.json';
import validFull from './fixtures/valid-full.json';
import invalidCases from './fixtures/invalid-cases.json';
import {
	canConnect,
	defaultData,
	entryNodes,
	getNodeType,
	graphSchema,
	inputPorts,
	nodesToRun,
	nodeTypes,
	outputPorts,
	paletteGroups,
	parseNodeData,
	parseDurationMs,
	reachableFrom,
	topoSort,
	validateGraph,
	type Graph
} from './index';

const ALL_TYPES = [
	'input',
	'http_trigger',
	'cron_trigger',
	'output',
	'llm_call',
	'agent_call',
	'skill_config',
	'mcp_config',
	'memory_config',
	'agent_config',
	'template',
	'conditional',
	'switch',
	'loop',
	'script',
	'http_request',
	'email',
	'exec',
	'log',
	'workflow_call',
	'delay',
	'group',
	'sticky_note'
];

const full = (): Graph => graphSchema.parse(structuredClone(validFull));

describe('graph schema', () => {
	it('parses the SPEC §8.1 example unchanged', () => {
		const g = graphSchema.parse(specExample);
		expect(g.nodes[0]).toMatchObject({ id: 'llm_call_2', type: 'llm_call', position: { x: 250, y: 0 } });
		expect(g.nodes[0].data).toEqual({ label: 'Summarise', provider: 'openai', model: '', system_prompt: 'Be brief' });
		expect(g.edges[0]).toEqual({ id: 'e1', source: 'input_1', source_handle: 'output', target: 'llm_call_2', target_handle: 'prompt' });
	});

	it('validates the §8.1 example only for its missing input node', () => {
		const r = validateGraph(specExample);
		expect(r.ok).toBe(false);
		expect(r.errors).toEqual([
			{
				node_id: 'llm_call_2',
				edge_id: 'e1',
				field: 'prompt',
				message: '#1 "Summarise" (llm_call): edge e1 (input_1.output → llm_call_2.prompt): source node "input_1" does not exist'
			}
		]);
		const withInput = structuredClone(specExample) as { nodes: unknown[] };
		withInput.nodes.unshift({ id: 'input_1', type: 'input', position: { x: 0, y: 0 }, data: {} });
		expect(validateGraph(withInput)).toEqual({ ok: true, errors: [] });
	});

	it('keeps unknown fields (Svelte Flow state, viewport)', () => {
		const g = full() as Graph & { viewport?: unknown };
		expect(g.viewport).toEqual({ x: 0, y: 0, zoom: 1 });
		expect((g.nodes.find((n) => n.id === 'llm_1') as Record<string, unknown>).selected).toBe(true);
	});
});

describe('node registry', () => {
	it('has every §8.3 type with metadata, a palette group and default data that validates', () => {
		expect(Object.keys(nodeTypes).sort()).toEqual([...ALL_TYPES].sort());
		for (const t of ALL_TYPES) {
			const def = getNodeType(t)!;
			expect(def.type).toBe(t);
			expect(def.label).not.toBe('');
			expect(def.description).not.toBe('');
			expect(def.icon).not.toBe('');
			expect(paletteGroups).toContain(def.group);
			const data = defaultData(t);
			expect(def.dataSchema.parse(data)).toEqual(data);
			for (const f of def.templated) expect(Object.keys(data)).toContain(f);
		}
		expect(getNodeType('toString')).toBeUndefined();
		expect(() => defaultData('nope')).toThrow('unknown node type "nope"');
	});

	it('marks entries, visual-only nodes, port selectors and resources', () => {
		expect(ALL_TYPES.filter((t) => nodeTypes[t].entry).map((t) => [t, nodeTypes[t].entry])).toEqual([
			['input', 'api'],
			['http_trigger', 'webhook'],
			['cron_trigger', 'cron']
		]);
		expect(ALL_TYPES.filter((t) => nodeTypes[t].visualOnly)).toEqual(['group', 'sticky_note']);
		expect(ALL_TYPES.filter((t) => nodeTypes[t].selectsPorts)).toEqual(['conditional', 'switch', 'script', 'http_request', 'email', 'exec']);
		expect(ALL_TYPES.filter((t) => nodeTypes[t].resource)).toEqual(['skill_config', 'mcp_config', 'memory_config', 'agent_config']);
	});

	it('types the resource ports of agent_call', () => {
		const ports = inputPorts({ type: 'agent_call', data: {} });
		expect(ports.map((p) => [p.name, p.kind, p.many])).toEqual([
			['prompt', 'data', false],
			['context', 'data', false],
			['skills', 'skills', true],
			['mcp', 'mcp', true],
			['memory', 'memory', false],
			['agents', 'agent', true]
		]);
	});

	it('gives scripts the inputs data, data2 … data10', () => {
		expect(inputPorts({ type: 'script', data: {} }).map((p) => p.name)).toEqual(['data', ...Array.from({ length: 9 }, (_, i) => `data${i + 2}`)]);
		expect(outputPorts({ type: 'script', data: {} }).map((p) => p.name)).toEqual(['true', 'false', 'always']);
	});

	it('derives switch outputs from the cases, plus default', () => {
		const data = { cases: [{ name: 'small', expression: 'x<1' }, { name: 'big', expression: 'x>9' }, { name: '', expression: '' }, { name: 'small' }] };
		expect(outputPorts({ type: 'switch', data }).map((p) => p.name)).toEqual(['small', 'big', 'default']);
		expect(outputPorts({ type: 'switch', data: {} }).map((p) => p.name)).toEqual(['default']);
		expect(outputPorts({ type: 'nope', data: {} })).toEqual([]);
	});

	it('parses a node\'s data with defaults, typed per node type', () => {
		const d = parseNodeData('llm_call', { provider: 'openai', extra: 1 });
		const temperature: number | null | undefined = d.temperature;
		expect(temperature).toBeUndefined();
		expect(d).toEqual({
			label: '',
			retry: { count: 0, backoff: 1 },
			stop_on_error: true,
			provider: 'openai',
			model: '',
			system_prompt: '',
			prompt: '',
			response_format: 'text',
			extra: 1
		});
		expect(parseNodeData('loop', undefined).concurrency).toBe(4);
		expect(() => parseNodeData('http_request', { method: 'FETCH' })).toThrow();
	});

	it('accepts AT-style spellings: numeric strings, enum case and aliases', () => {
		const d = parseNodeData('llm_call', { provider: 'openai', temperature: '0.5', max_tokens: '', response_format: 'json_object', retry: { count: '2' } });
		expect([d.temperature, d.max_tokens, d.response_format, d.retry.count]).toEqual([0.5, undefined, 'json', 2]);
		expect(parseNodeData('http_request', { method: 'post', url: 'x' }).method).toBe('POST');
		expect(parseNodeData('email', { content_type: 'html' }).content_type).toBe('text/html');
		expect(parseNodeData('log', { level: 'Warning' }).level).toBe('warn');
		expect(parseNodeData('log', { level: '' }).level).toBe('info');
		const bad = validateGraph({ nodes: [{ id: 'h', type: 'http_request', position: { x: 0, y: 0 }, data: { method: 'FETCH', url: 'https://x.test', timeout: 'soon' } }], edges: [] });
		expect(bad.errors.map((e) => e.field)).toEqual(['timeout', 'method']);
		expect(bad.errors[1].message).toMatch(/^#1 \(http_request\): method: /);
	});

	it('parses delay durations', () => {
		expect(parseDurationMs(2)).toBe(2000);
		expect(parseDurationMs('500ms')).toBe(500);
		expect(parseDurationMs('1.5s')).toBe(1500);
		expect(parseDurationMs('2m')).toBe(120_000);
		expect(parseDurationMs('1h')).toBe(3_600_000);
		expect(parseDurationMs('soon')).toBeNull();
		expect(parseDurationMs(-1)).toBeNull();
	});
});

describe('validateGraph', () => {
	it('accepts a graph using every node type', () => {
		expect(validateGraph(validFull)).toEqual({ ok: true, errors: [] });
	});

	for (const c of invalidCases) {
		it(`reports: ${c.name}`, () => {
			const r = validateGraph(c.graph);
			expect(r.ok).toBe(false);
			expect(r.errors).toEqual(c.errors);
		});
	}

	it('rejects a non-object', () => {
		const r = validateGraph('nodes');
		expect(r.ok).toBe(false);
		expect(r.errors[0].message).toMatch(/^graph: /);
	});
});

describe('canConnect', () => {
	it('allows a fresh, compatible connection', () => {
		expect(canConnect(full(), { source: 'input_1', source_handle: 'output', target: 'agent_1', target_handle: 'context' })).toEqual({ ok: true });
		expect(canConnect(full(), { source: 'skills_1', source_handle: 'skills', target: 'agent_1', target_handle: 'skills' })).toEqual({
			ok: false,
			reason: 'these ports are already connected'
		});
		const second = { ...full() };
		second.nodes = [...second.nodes, { id: 'skills_2', type: 'skill_config', position: { x: 0, y: 0 }, data: {} }];
		expect(canConnect(second, { source: 'skills_2', source_handle: 'skills', target: 'agent_1', target_handle: 'skills' })).toEqual({ ok: true });
	});

	it('refuses the same things validation refuses', () => {
		const g = full();
		expect(canConnect(g, { source: 'tpl_1', source_handle: 'output', target: 'llm_1', target_handle: 'context' })).toEqual({ ok: true });
		expect(canConnect(g, { source: 'input_1', source_handle: 'output', target: 'llm_1', target_handle: 'prompt' })).toEqual({
			ok: false,
			reason: 'input "prompt" already has a connection'
		});
		expect(canConnect(g, { source: 'delay_1', source_handle: 'output', target: 'tpl_1', target_handle: 'input' })).toMatchObject({ ok: false });
		expect(canConnect(g, { source: 'out_1', source_handle: 'output', target: 'log_1', target_handle: 'data' })).toEqual({
			ok: false,
			reason: 'output has no output "output" (outputs: none)'
		});
		expect(canConnect(g, { source: 'script_1', source_handle: 'always', target: 'llm_1', target_handle: 'context' })).toEqual({
			ok: false,
			reason: 'this connection would create a cycle'
		});
		expect(canConnect(g, { source: 'tpl_1', source_handle: 'output', target: 'tpl_1', target_handle: 'input' })).toEqual({
			ok: false,
			reason: 'a node cannot be connected to itself'
		});
		expect(canConnect(g, { source: 'mem_1', source_handle: 'memory', target: 'llm_1', target_handle: 'context' })).toEqual({
			ok: false,
			reason: 'a memory resource cannot feed the data input "context"'
		});
		expect(canConnect(g, { source: 'sub_1', source_handle: 'agent', target: 'agent_1', target_handle: 'skills' })).toEqual({
			ok: false,
			reason: 'input "skills" only accepts skills resources (got a agent resource)'
		});
		expect(canConnect(g, { source: 'note_1', source_handle: 'x', target: 'out_1', target_handle: 'input' })).toEqual({
			ok: false,
			reason: 'groups and notes cannot be connected'
		});
	});
});

describe('topoSort, entries and reachability', () => {
	it('orders every executable node after its predecessors', () => {
		const g = full();
		const order = topoSort(g);
		expect(order).toHaveLength(g.nodes.length - 2);
		expect(order).not.toContain('group_1');
		for (const e of g.edges) expect(order.indexOf(e.source)).toBeLessThan(order.indexOf(e.target));
	});

	it('throws on a cycle', () => {
		const cyc = graphSchema.parse(invalidCases.find((c) => c.name === 'cycle')!.graph);
		expect(() => topoSort(cyc)).toThrow('the graph has a cycle through a, b');
	});

	it('picks entry nodes per run source', () => {
		const g = full();
		expect(entryNodes(g, 'api')).toEqual(['input_1']);
		expect(entryNodes(g, 'webhook')).toEqual(['hook_1']);
		expect(entryNodes(g, 'webhook', 'hook_1')).toEqual(['hook_1']);
		expect(entryNodes(g, 'webhook', 'cron_1')).toEqual([]);
		expect(entryNodes(g, 'cron', 'cron_1')).toEqual(['cron_1']);
		expect(entryNodes(g, 'editor')).toEqual(['input_1']);
		expect(entryNodes(g, 'editor', 'cron_1')).toEqual(['cron_1']);
		expect(entryNodes(g, 'editor', 'tpl_1')).toEqual([]);
		const noInput = { ...g, nodes: g.nodes.filter((n) => n.type !== 'input') };
		expect(entryNodes(noInput, 'editor')).toEqual(['hook_1', 'cron_1']);
	});

	it('finds what runs from an entry, including resources feeding it', () => {
		const g = full();
		expect([...reachableFrom(g, ['switch_1'])].sort()).toEqual(['exec_1', 'http_1', 'log_1', 'mail_1', 'switch_1']);
		const fromHook = nodesToRun(g, ['hook_1']);
		expect(fromHook.has('agent_1')).toBe(true);
		expect(fromHook.has('skills_1')).toBe(true);
		expect(fromHook.has('mcp_1')).toBe(true);
		expect(fromHook.has('sub_1')).toBe(true);
		expect(fromHook.has('mem_1')).toBe(true);
		expect(fromHook.has('input_1')).toBe(false);
		expect(fromHook.has('llm_1')).toBe(false);
	});
});
