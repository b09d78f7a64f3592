import { describe, expect, it } from 'vitest';
import { autoLayout, LAYER_GAP, NODE_GAP, type LayoutNode } from './autoLayout';

const n = (id: string, type = 'template', y = 0, height = 100, width = 200): LayoutNode => ({ id, type, position: { x: 0, y }, width, height });

describe('autoLayout', () => {
	// Prevents a layout where an edge points backwards or two nodes overlap.
	it('places each node right of its inputs, without overlaps', () => {
		const nodes = [n('in', 'input'), n('t'), n('c', 'conditional'), n('a', 'output', 0), n('b', 'output', 10)];
		const edges = [
			{ source: 'in', target: 't' },
			{ source: 't', target: 'c' },
			{ source: 'c', target: 'a' },
			{ source: 'c', target: 'b' },
			{ source: 'in', target: 'c' }
		];
		const pos = autoLayout(nodes, edges);
		for (const e of edges) expect(pos.get(e.target)!.x).toBeGreaterThan(pos.get(e.source)!.x);
		expect(pos.get('t')!.x - pos.get('in')!.x).toBe(200 + LAYER_GAP);
		expect(Math.abs(pos.get('a')!.y - pos.get('b')!.y)).toBeGreaterThanOrEqual(100 + NODE_GAP);
		expect(pos.get('a')!.x).toBe(pos.get('b')!.x);
	});

	// Prevents resource nodes (skills, MCP) being parked at the far left instead of beside their agent.
	it('pulls sources that are not entry nodes next to their consumer', () => {
		const nodes = [n('in', 'input'), n('t1'), n('t2'), n('agent', 'agent_call'), n('skills', 'skill_config')];
		const pos = autoLayout(nodes, [
			{ source: 'in', target: 't1' },
			{ source: 't1', target: 't2' },
			{ source: 't2', target: 'agent' },
			{ source: 'skills', target: 'agent' }
		]);
		expect(pos.get('skills')!.x).toBe(pos.get('t2')!.x);
	});

	// Prevents auto-layout looping on a cycle.
	it('survives cycles', () => {
		const pos = autoLayout([n('a'), n('b')], [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }]);
		expect(pos.size).toBe(2);
	});

	// Prevents a note landing on top of another node, away from what it annotates.
	it('moves a note with the node nearest to it', () => {
		const nodes = [n('in', 'input', 0), n('t', 'template', 500), { ...n('note', 'sticky_note', 650), position: { x: 40, y: 650 } }];
		const pos = autoLayout(nodes, [{ source: 'in', target: 't' }]);
		expect(pos.get('note')).toEqual({ x: pos.get('t')!.x + 40, y: pos.get('t')!.y + 150 });
	});

	// Prevents nodes laid out on top of a group: the group moves as one block, placed by its children's edges.
	it('moves a group as one block in the layer order of its children', () => {
		const nodes = [n('in', 'input'), { ...n('g', 'group', 0, 400, 600) }, { ...n('inner'), parent: 'g' }, n('out', 'output')];
		const pos = autoLayout(nodes, [
			{ source: 'in', target: 'inner' },
			{ source: 'inner', target: 'out' }
		]);
		expect(pos.has('inner')).toBe(false);
		expect(pos.get('g')!.x).toBe(200 + LAYER_GAP);
		expect(pos.get('out')!.x).toBe(200 + LAYER_GAP + 600 + LAYER_GAP);
	});
});
