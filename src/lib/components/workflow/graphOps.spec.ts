import { describe, expect, it } from 'vitest';
import { toFlow, type FlowNode } from './flow';
import { newFlowNode } from './flow';
import { errorsByNode, GROUP_PADDING, groupNodes, removeSelection, reparent, rewireOutputs, refreshScripts } from './graphOps';

const g = toFlow({
	nodes: [
		{ id: 'grp', type: 'group', position: { x: 100, y: 100 }, data: {}, width: 600, height: 400 },
		{ id: 'a', type: 'template', position: { x: 0, y: 0 }, data: {} },
		{ id: 'b', type: 'template', position: { x: 50, y: 50 }, data: {}, parent_id: 'grp' },
		{ id: 's', type: 'switch', position: { x: 900, y: 0 }, data: { cases: [{ name: 'x', expression: '1' }, { name: 'y', expression: '1' }] } },
		{ id: 'o1', type: 'output', position: { x: 1200, y: 0 }, data: {} },
		{ id: 'o2', type: 'output', position: { x: 1200, y: 200 }, data: {} },
		{ id: 'sc', type: 'script', position: { x: 0, y: 600 }, data: {} }
	],
	edges: [
		{ id: 'e1', source: 'a', source_handle: 'output', target: 'b', target_handle: 'input' },
		{ id: 'e2', source: 's', source_handle: 'x', target: 'o1', target_handle: 'input' },
		{ id: 'e3', source: 's', source_handle: 'y', target: 'o2', target_handle: 'input' }
	]
});
const at = (nodes: FlowNode[], id: string) => nodes.find((n) => n.id === id)!;

describe('graph operations', () => {
	// Prevents a node dropped on a group staying outside it, or jumping when it joins or leaves.
	it('reparents dropped nodes into and out of groups, keeping their place on screen', () => {
		const moved = g.nodes.map((n) => (n.id === 'a' ? { ...n, position: { x: 300, y: 300 } } : n));
		const joined = reparent(moved, ['a'])!;
		expect(at(joined, 'a')).toMatchObject({ parentId: 'grp', position: { x: 200, y: 200 } });
		expect(joined[0].id).toBe('grp');
		const out = joined.map((n) => (n.id === 'b' ? { ...n, position: { x: 900, y: 900 } } : n));
		const left = reparent(out, ['b'])!;
		expect(at(left, 'b').parentId).toBeUndefined();
		expect(at(left, 'b').position).toEqual({ x: 1000, y: 1000 });
		expect(reparent(g.nodes, ['a'])).toBeNull();
	});

	// Prevents renaming a switch case from dropping its connection (or leaving an edge to a port that is gone).
	it('rewires renamed outputs and drops edges of removed ones', () => {
		const renamed = rewireOutputs(g.edges, 's', ['x', 'y', 'default'], ['x2', 'y', 'default']);
		expect(renamed.find((e) => e.id === 'e2')?.sourceHandle).toBe('x2');
		const removed = rewireOutputs(g.edges, 's', ['x', 'y', 'default'], ['y', 'default']);
		expect(removed.map((e) => e.id)).toEqual(['e1', 'e3']);
	});

	// Prevents deleting a group leaving orphans, or a deleted node leaving dangling edges.
	it('removes selected nodes with their children and edges', () => {
		const sel = g.nodes.map((n) => (n.id === 'grp' ? { ...n, selected: true } : n));
		const r = removeSelection(sel, g.edges)!;
		expect(r.nodes.map((n) => n.id)).not.toContain('b');
		expect(r.removedEdges.map((e) => e.id)).toEqual(['e1']);
		expect(removeSelection(g.nodes, g.edges)).toBeNull();
	});

	// Prevents a script card keeping a stale port list after a connection.
	it('recomputes script cards after their connections change', () => {
		const edges = [...g.edges, { id: 'e9', source: 'a', target: 'sc', sourceHandle: 'output', targetHandle: 'data' }];
		const next = refreshScripts(g.nodes, edges, ['sc']);
		expect(at(next, 'sc').handles?.filter((h) => h.type === 'target').map((h) => h.id)).toEqual(['data', 'data2']);
		expect(refreshScripts(g.nodes, edges, ['a'])).toBe(g.nodes);
	});

	// Prevents a new group that does not enclose the grouped nodes, or nodes that jump when grouped.
	it('wraps selected top-level nodes in a group that encloses them', () => {
		const frame = newFlowNode('group', { x: 0, y: 0 }, g.nodes);
		const next = groupNodes(g.nodes, new Set(['s', 'o1', 'b']), frame)!;
		const grp = at(next, frame.id);
		expect(next[0].type).toBe('group');
		expect(grp.position.x).toBe(900 - GROUP_PADDING);
		for (const id of ['s', 'o1']) {
			const n = at(next, id);
			expect(n.parentId).toBe(frame.id);
			const orig = at(g.nodes, id).position;
			expect({ x: grp.position.x + n.position.x, y: grp.position.y + n.position.y }).toEqual(orig);
			expect(n.position.x + (n.initialWidth ?? 0)).toBeLessThanOrEqual(grp.width!);
		}
		expect(at(next, 'b').parentId).toBe('grp');
		expect(groupNodes(g.nodes, new Set(), frame)).toBeNull();
	});

	// Prevents validation errors without a node landing on a card.
	it('groups errors by node', () => {
		const m = errorsByNode([{ node_id: 'a', message: 'x' }, { message: 'graph' }, { node_id: 'a', message: 'y' }]);
		expect(m.get('a')?.map((e) => e.message)).toEqual(['x', 'y']);
		expect(m.size).toBe(1);
	});
});
