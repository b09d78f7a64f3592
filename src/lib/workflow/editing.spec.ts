import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNode, errorsByNode, nextNodeId, palette } from './editing';
import { graphSchema } from './graph';
import { nodeTypes, paletteGroups } from './nodeTypes';
import { validateGraph } from './validate';

describe('editing helpers', () => {
	it('lists every node type once in the palette, grouped in display order', () => {
		const p = palette();
		expect(p.map((g) => g.group)).toEqual([...paletteGroups]);
		const listed = p.flatMap((g) => g.types.map((t) => t.type));
		expect(listed.sort()).toEqual(Object.keys(nodeTypes).sort());
		expect(p.find((g) => g.group === 'Triggers')!.types.map((t) => t.type)).toEqual(['input', 'http_trigger', 'cron_trigger']);
		for (const g of p) for (const t of g.types) expect(t.group).toBe(g.group);
	});

	it('creates nodes with fresh ids, default data and the next node number; the result validates as far as defaults allow', () => {
		const g = graphSchema.parse({ nodes: [{ id: 'template_1', type: 'template' }, { id: 'x', type: 'input', node_number: 7 }] });
		expect(nextNodeId(g, 'template')).toBe('template_2');
		const n = createNode(g, 'template', { x: 10, y: 20 });
		expect(n).toEqual({ id: 'template_2', type: 'template', position: { x: 10, y: 20 }, data: expect.objectContaining({ template: '', label: '', stop_on_error: true }), node_number: 8 });
		expect(createNode({ nodes: [] }, 'input').node_number).toBe(1);
		expect(() => createNode(g, 'nope')).toThrow(/unknown node type "nope"/);
		const withNew = { nodes: [...g.nodes, n, createNode({ nodes: [...g.nodes, n] }, 'output')], edges: [] };
		const errs = errorsByNode(validateGraph(withNew));
		expect(Object.keys(errs.nodes)).toEqual(['output_1']);
	});

	it('groups validation errors by node and edge for badges', () => {
		const result = validateGraph({
			nodes: [{ id: 'in', type: 'input' }, { id: 'llm', type: 'llm_call', data: { label: 'Ask' } }, { id: 'o', type: 'output' }],
			edges: [{ id: 'e1', source: 'in', source_handle: 'nope', target: 'llm', target_handle: 'prompt' }]
		});
		const by = errorsByNode(result);
		expect(Object.keys(by.nodes).sort()).toEqual(['llm', 'o']);
		expect(by.nodes.llm.map((e) => e.field)).toEqual(expect.arrayContaining(['provider', 'prompt']));
		expect(by.edges.e1[0].message).toContain('input has no output "nope"');
		expect(by.graph).toEqual([]);
		expect(errorsByNode(validateGraph('not a graph')).graph.length).toBeGreaterThan(0);
	});
});

// The canvas imports this library in the browser: a server-only import would break the page bundle.
describe('src/lib/workflow stays browser-safe', () => {
	it('imports nothing but zod and its own modules', () => {
		const dir = import.meta.dirname;
		const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
		expect(files.length).toBeGreaterThan(3);
		for (const f of files) {
			const src = readFileSync(join(dir, f), 'utf8');
			const specifiers = [...src.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/g), ...src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
			for (const s of specifiers) expect(s === 'zod' || s.startsWith('./'), `${f} imports ${s}`).toBe(true);
			expect(src, f).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(/);
		}
	});
});
