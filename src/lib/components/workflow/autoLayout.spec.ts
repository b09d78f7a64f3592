import { describe, expect, it } from 'vitest';
import { autoLayout, LAYER_GAP, NODE_GAP, type LayoutNode } from './autoLayout';

const n = (id: string, type = 'template', y = 0, height = 100): LayoutNode => ({ id, type, position: { x: 0, y }, height });

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
		const pos = autoLayout(nodes, edges, 200);
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

	// Prevents auto-layout moving notes, groups or nodes inside groups, or looping on a cycle.
	it('leaves visual and grouped nodes alone and survives cycles', () => {
		const nodes = [n('note', 'sticky_note'), { ...n('child'), parent: 'g' }, n('a'), n('b')];
		const pos = autoLayout(nodes, [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }]);
		expect(pos.has('note')).toBe(false);
		expect(pos.has('child')).toBe(false);
		expect(pos.size).toBe(2);
	});
});
