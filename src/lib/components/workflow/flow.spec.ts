import { describe, expect, it } from 'vitest';
import { validateGraph, type Graph } from '$lib/workflow';
import { fitViewport, fromFlow, newFlowNode, nextEdgeId, nextNode, parseClipboard, pastedGraph, selectionGraph, toFlow } from './flow';
import { NODE_WIDTH } from './layout';

const sample: Graph = {
	nodes: [
		{ id: 'grp', type: 'group', position: { x: 0, y: 0 }, data: { label: 'G' }, width: 600, height: 300 },
		{ id: 'input_1', type: 'input', position: { x: 10, y: 20 }, data: { label: 'In' }, parent_id: 'grp', custom: { keep: true } },
		{ id: 'llm_call_2', type: 'llm_call', position: { x: 400, y: 20 }, data: { label: 'Sum', provider: 'p' }, node_number: 2, width: 999 },
		{ id: 'skill_config_3', type: 'skill_config', position: { x: 100, y: 400 }, data: { skills: ['s'] } },
		{ id: 'agent_call_4', type: 'agent_call', position: { x: 500, y: 400 }, data: { provider: 'p' } }
	],
	edges: [
		{ id: 'e1', source: 'input_1', source_handle: 'output', target: 'llm_call_2', target_handle: 'prompt', note: 'x' },
		{ id: 'e2', source: 'skill_config_3', source_handle: 'skills', target: 'agent_call_4', target_handle: 'skills' }
	]
};

describe('AT graph ⇄ Svelte Flow', () => {
	// Prevents imported AT graphs changing when they are saved unchanged (SPEC §8.1: exports import unchanged).
	it('round-trips nodes and edges, unknown fields included', () => {
		const { nodes, edges } = toFlow(sample);
		const back = fromFlow(nodes, edges);
		expect(back.edges).toEqual(sample.edges);
		expect(back.nodes.find((n) => n.id === 'input_1')).toEqual(sample.nodes[1]);
		expect(back.nodes.find((n) => n.id === 'llm_call_2')).toEqual(sample.nodes[2]);
		expect(back.nodes.find((n) => n.id === 'grp')).toEqual(sample.nodes[0]);
	});

	// Prevents nodes the server cannot size (missing from the server-rendered HTML) and edges without handles.
	it('gives executable nodes the card size and handles, groups their stored size, parents first', () => {
		const { nodes, edges } = toFlow({ nodes: [...sample.nodes].reverse(), edges: sample.edges });
		expect(nodes[0].id).toBe('grp');
		const llm = nodes.find((n) => n.id === 'llm_call_2')!;
		expect(llm.initialWidth).toBe(NODE_WIDTH);
		expect(llm.width).toBeUndefined();
		expect(llm.handles?.map((h) => `${h.type}:${h.id}`)).toEqual(['target:prompt', 'target:context', 'source:response', 'source:usage']);
		expect(nodes[0]).toMatchObject({ width: 600, height: 300 });
		expect(edges.find((e) => e.id === 'e2')?.data?.kind).toBe('skills');
		expect(nodes.find((n) => n.id === 'input_1')?.parentId).toBe('grp');
	});

	// Prevents id clashes with deleted or existing nodes when adding nodes.
	it('numbers new nodes with one counter across types', () => {
		const { nodes } = toFlow(sample);
		expect(nextNode(nodes, 'template')).toEqual({ id: 'template_5', number: 5 });
		const n = newFlowNode('conditional', { x: 1, y: 2 }, nodes);
		expect(n).toMatchObject({ id: 'conditional_5', nodeNumber: 5, data: { expression: '' } });
		expect(nextEdgeId([{ id: 'e1' }, { id: 'e7' }, { id: 'x' }])).toBe('e8');
	});
});

describe('clipboard', () => {
	// Prevents pasted nodes sharing ids (or webhook triggers) with the originals, or losing their edges.
	it('pastes with fresh ids, remapped edges and groups, offset, and no trigger identity', () => {
		const flow = toFlow(sample);
		const clip = selectionGraph(flow.nodes, flow.edges, new Set(['grp', 'llm_call_2']));
		expect(clip.nodes.map((n) => n.id).sort()).toEqual(['grp', 'input_1', 'llm_call_2']);
		expect(clip.edges.map((e) => e.id)).toEqual(['e1']);
		const text = JSON.stringify(clip);
		const parsed = parseClipboard(text)!;
		const out = pastedGraph(parsed, flow);
		const ids = out.nodes.map((n) => n.id);
		expect(ids.some((id) => flow.nodes.some((n) => n.id === id))).toBe(false);
		const newInput = out.nodes.find((n) => n.type === 'input')!;
		const newGroup = out.nodes.find((n) => n.type === 'group')!;
		expect(newInput.parentId).toBe(newGroup.id);
		expect(newInput.position).toEqual({ x: 10, y: 20 });
		expect(newGroup.position).toEqual({ x: 40, y: 40 });
		expect(out.edges[0]).toMatchObject({ id: 'e3', source: newInput.id, target: out.nodes.find((n) => n.type === 'llm_call')!.id });
		expect(out.nodes.every((n) => n.selected)).toBe(true);
		const merged = fromFlow([...flow.nodes, ...out.nodes], [...flow.edges, ...out.edges]);
		expect(validateGraph(merged).errors.filter((e) => /duplicate/.test(e.message))).toEqual([]);
	});

	// Prevents a copied child landing somewhere else when its group is not copied.
	it('turns a child copied without its group into an absolute position', () => {
		const flow = toFlow({ ...sample, nodes: sample.nodes.map((n) => (n.id === 'grp' ? { ...n, position: { x: 100, y: 50 } } : n)) });
		const clip = selectionGraph(flow.nodes, flow.edges, new Set(['input_1']));
		expect(clip.nodes[0]).toMatchObject({ position: { x: 110, y: 70 } });
		expect(clip.nodes[0].parent_id).toBeUndefined();
	});

	// Prevents two webhooks with the same alias after pasting a trigger.
	it('clears trigger ids and aliases', () => {
		const clip: Graph = { nodes: [{ id: 'h', type: 'http_trigger', position: { x: 0, y: 0 }, data: { alias: 'orders', trigger_id: 't1', public: true } }], edges: [] };
		const out = pastedGraph(clip, { nodes: [], edges: [] }, { x: 300, y: 200 });
		expect(out.nodes[0].data).toEqual({ alias: '', public: true });
		expect(out.nodes[0].position).toEqual({ x: 300, y: 200 });
	});

	// Prevents pasting arbitrary text (or unknown node types) as nodes.
	it('accepts only AT graph JSON with known node types', () => {
		expect(parseClipboard('hello')).toBeNull();
		expect(parseClipboard('{"nodes": []}')).toBeNull();
		expect(parseClipboard('{"nodes": [{"id": "a", "type": "nope"}]}')).toBeNull();
		expect(parseClipboard('{"nodes": [{"id": "a", "type": "log"}]}')?.nodes[0].id).toBe('a');
	});
});

describe('fitViewport', () => {
	// Prevents the server-rendered canvas showing the graph off-screen or at a useless zoom before the browser fits it.
	it('centres the graph bounds in the canvas, zoomed to fit within limits', () => {
		const { nodes } = toFlow(sample);
		const v = fitViewport(nodes, { width: 1000, height: 800 });
		expect(v.zoom).toBeGreaterThan(0.1);
		expect(v.zoom).toBeLessThanOrEqual(1);
		const left = 0 * v.zoom + v.x;
		const right = (500 + NODE_WIDTH) * v.zoom + v.x;
		expect(left).toBeGreaterThanOrEqual(0);
		expect(right).toBeLessThanOrEqual(1000);
		expect(Math.abs(left + right - 1000)).toBeLessThanOrEqual(1);
		expect(fitViewport([])).toEqual({ x: 0, y: 0, zoom: 1 });
	});
});
