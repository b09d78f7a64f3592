import { describe, expect, it } from 'vitest';
import table from './fixtures/spec-ports.json';
import { canConnect, defaultData, getNodeType, graphSchema, inputPorts, nodeTypes, outputPorts, paletteGroups, validateGraph, type Graph } from './index';

interface Row {
	group?: string;
	inputs: string[];
	outputs: string[];
	entry?: string;
	resource?: boolean;
	visualOnly?: boolean;
	selectsPorts?: boolean;
	templated?: string[];
	kinds?: Record<string, string>;
}

const rows = table.types as Record<string, Row>;

/** One node of every type, with default data, as the canvas would create them. */
function allNodesGraph(): Graph {
	return graphSchema.parse({
		nodes: Object.keys(rows).map((type, i) => ({ id: type, type, position: { x: i * 10, y: 0 }, data: defaultData(type) })),
		edges: []
	});
}

describe('node-type registry against the SPEC §8.3 table', () => {
	it('has exactly the node types of the table', () => {
		expect(Object.keys(nodeTypes).sort()).toEqual(Object.keys(rows).sort());
	});

	for (const [type, row] of Object.entries(rows)) {
		it(`${type}: ports, flags and palette entry`, () => {
			const def = getNodeType(type)!;
			expect(def).toBeDefined();
			const node = { type, data: defaultData(type) };
			expect(inputPorts(node).map((p) => p.name + (p.many ? '*' : ''))).toEqual(row.inputs);
			expect(outputPorts(node).map((p) => p.name)).toEqual(row.outputs);
			for (const p of outputPorts(node)) expect(p.many, `${type}.${p.name}`).toBe(false);
			expect(def.entry).toBe(row.entry);
			expect(def.resource).toBe(row.resource ?? false);
			expect(def.visualOnly).toBe(row.visualOnly ?? false);
			if (row.selectsPorts) expect(def.selectsPorts).toBe(true);
			if (row.group) expect(def.group).toBe(row.group);
			expect(paletteGroups).toContain(def.group);
			for (const f of row.templated ?? []) expect(def.templated).toContain(f);
			for (const f of def.templated) expect(Object.keys(defaultData(type))).toContain(f);
			for (const [portName, kind] of Object.entries(row.kinds ?? {})) expect(inputPorts(node).find((p) => p.name === portName)?.kind).toBe(kind);
			expect(def.label.trim()).not.toBe('');
			expect(def.description.trim()).not.toBe('');
			expect(def.icon).toMatch(/^[a-z0-9-]+$/);
		});
	}

	it('gives switch one output per case plus default, in case order', () => {
		const data = { ...defaultData('switch'), cases: [{ name: 'urgent', expression: 'input.p > 8' }, { name: 'normal', expression: 'true' }] };
		expect(outputPorts({ type: 'switch', data }).map((p) => p.name)).toEqual(['urgent', 'normal', 'default']);
	});

	it('connects resource outputs only to agent inputs of the same kind', () => {
		const g = allNodesGraph();
		const resources: [string, string, string][] = [
			['skill_config', 'skills', 'skills'],
			['mcp_config', 'mcp', 'mcp'],
			['memory_config', 'memory', 'memory'],
			['agent_config', 'agent', 'agents']
		];
		for (const [source, out, matching] of resources) {
			for (const target of ['skills', 'mcp', 'memory', 'agents', 'prompt', 'context']) {
				const r = canConnect(g, { source, source_handle: out, target: 'agent_call', target_handle: target });
				expect(r.ok, `${source}.${out} → agent_call.${target}`).toBe(target === matching);
			}
			expect(canConnect(g, { source, source_handle: out, target: 'llm_call', target_handle: 'prompt' }).ok).toBe(false);
		}
		expect(canConnect(g, { source: 'llm_call', source_handle: 'response', target: 'agent_call', target_handle: 'skills' }).ok).toBe(false);
		expect(canConnect(g, { source: 'llm_call', source_handle: 'response', target: 'agent_call', target_handle: 'prompt' }).ok).toBe(true);
	});

	it('lets any data output feed any data input of another executable node, and never a visual node', () => {
		const g = allNodesGraph();
		for (const [type, row] of Object.entries(rows)) {
			if (row.visualOnly) continue;
			for (const p of inputPorts({ type, data: defaultData(type) })) {
				if (p.kind !== 'data' || type === 'input') continue;
				expect(canConnect(g, { source: 'input', source_handle: 'output', target: type, target_handle: p.name }).ok, `input.output → ${type}.${p.name}`).toBe(true);
			}
		}
		expect(canConnect(g, { source: 'input', source_handle: 'output', target: 'sticky_note', target_handle: 'input' }).ok).toBe(false);
		expect(canConnect(g, { source: 'group', source_handle: 'output', target: 'output', target_handle: 'input' }).ok).toBe(false);
	});

	it('reports every type whose default data still needs settings, and nothing else', () => {
		const r = validateGraph(allNodesGraph());
		expect(r.ok).toBe(false);
		for (const e of r.errors) {
			expect(e.node_id).toBeDefined();
			expect(e.message.startsWith(`#${Object.keys(rows).indexOf(e.node_id!) + 1} `), e.message).toBe(true);
			expect(e.message).toContain(`(${e.node_id})`);
		}
		// Required inputs (output, conditional, switch, loop, delay …) are unconnected here; trigger and
		// annotation nodes need nothing.
		const failing = new Set(r.errors.map((e) => e.node_id));
		for (const ok of ['input', 'http_trigger', 'skill_config', 'mcp_config', 'memory_config', 'group', 'sticky_note']) expect(failing.has(ok), ok).toBe(false);
		for (const bad of ['output', 'cron_trigger', 'llm_call', 'agent_config', 'conditional', 'switch', 'loop', 'http_request', 'email', 'workflow_call']) expect(failing.has(bad), bad).toBe(true);
	});
});
