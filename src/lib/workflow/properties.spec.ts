import { describe, expect, it } from 'vitest';
import { canConnect, defaultData, graphSchema, inputPorts, nodeTypes, outputPorts, reachableFrom, topoSort, validateGraph, type Graph, type GraphEdge } from './index';

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const TYPES = Object.keys(nodeTypes);

function randomNodes(rand: () => number, n: number): Graph {
	const nodes = Array.from({ length: n }, (_, i) => {
		const type = TYPES[Math.floor(rand() * TYPES.length)];
		const data = defaultData(type);
		if (type === 'switch') data.cases = [{ name: 'a', expression: 'true' }, { name: 'b', expression: 'false' }];
		return { id: `n${i}`, type, position: { x: i, y: 0 }, data };
	});
	return graphSchema.parse({ nodes, edges: [] });
}

/** Builds a graph by adding random connections the canvas would allow (canConnect). */
function grow(rand: () => number, n: number, attempts: number): Graph {
	const g = randomNodes(rand, n);
	for (let k = 0; k < attempts; k++) {
		const s = g.nodes[Math.floor(rand() * n)];
		const t = g.nodes[Math.floor(rand() * n)];
		const outs = outputPorts(s);
		const ins = inputPorts(t);
		if (!outs.length || !ins.length) continue;
		const c = { source: s.id, source_handle: outs[Math.floor(rand() * outs.length)].name, target: t.id, target_handle: ins[Math.floor(rand() * ins.length)].name };
		if (canConnect(g, c).ok) g.edges.push({ id: `e${k}`, ...c });
	}
	return g;
}

const STRUCTURAL = /does not exist|has no (input|output)|cannot be connected|only accepts|cannot feed|accepts one connection|cycle|already|twice/;

describe('graph invariants over random graphs', () => {
	it('edges accepted by canConnect never make validateGraph report edge, port-count or cycle problems', () => {
		let edges = 0;
		for (let seed = 1; seed <= 150; seed++) {
			const g = grow(rng(seed), 4 + (seed % 9), 60);
			const r = validateGraph(g);
			edges += g.edges.length;
			const structural = r.errors.filter((e) => STRUCTURAL.test(e.message));
			expect(structural, `seed ${seed}`).toEqual([]);
		}
		expect(edges).toBeGreaterThan(500);
	});

	it('topoSort orders every edge source before its target and covers every executable node', () => {
		for (let seed = 1; seed <= 150; seed++) {
			const g = grow(rng(seed), 4 + (seed % 9), 60);
			const order = topoSort(g);
			const pos = new Map(order.map((id, i) => [id, i]));
			const executable = g.nodes.filter((n) => !nodeTypes[n.type].visualOnly).map((n) => n.id);
			expect(new Set(order), `seed ${seed}`).toEqual(new Set(executable));
			for (const e of g.edges) expect(pos.get(e.source)! < pos.get(e.target)!, `seed ${seed} ${e.id}`).toBe(true);
		}
	});

	it('canConnect refuses exactly the edges that would close a cycle', () => {
		let cyclic = 0;
		let fine = 0;
		for (let seed = 1; seed <= 100; seed++) {
			const rand = rng(seed * 7919);
			const g = grow(rand, 6, 40);
			for (const s of g.nodes)
				for (const t of g.nodes) {
					if (s.id === t.id || nodeTypes[s.type].visualOnly || nodeTypes[t.type].visualOnly) continue;
					const free = inputPorts(t).filter((p) => p.many || !g.edges.some((e) => e.target === t.id && e.target_handle === p.name));
					const out = outputPorts(s).find((o) => free.some((p) => p.kind === o.kind));
					if (!out) continue;
					const inp = free.find((p) => p.kind === out.kind)!;
					if (g.edges.some((e) => e.source === s.id && e.source_handle === out.name && e.target === t.id && e.target_handle === inp.name)) continue;
					const c = { source: s.id, source_handle: out.name, target: t.id, target_handle: inp.name };
					const r = canConnect(g, c);
					const closesCycle = reachableFrom(g, [t.id]).has(s.id);
					if (closesCycle) expect(r, `seed ${seed} ${s.id}→${t.id}`).toEqual({ ok: false, reason: 'this connection would create a cycle' });
					else expect(r, `seed ${seed} ${s.id}→${t.id}`).toEqual({ ok: true });
					if (closesCycle) cyclic++;
					else fine++;
				}
		}
		// The random graphs must exercise both outcomes for this property to mean anything.
		expect(cyclic).toBeGreaterThan(20);
		expect(fine).toBeGreaterThan(20);
	});

	it('never throws on malformed input and names what is wrong', () => {
		const junk: unknown[] = [
			null,
			42,
			'graph',
			[],
			{ nodes: 'x' },
			{ nodes: [null] },
			{ nodes: [{ id: 1, type: 'input' }] },
			{ nodes: [{ id: 'a', type: 'input', data: [] }] },
			{ nodes: [{ id: 'a', type: 'input', position: { x: 'left' } }] },
			{ nodes: [], edges: [{ id: 'e', source: 'a' }] },
			{ nodes: [{ id: 'a', type: 'llm_call', data: { temperature: 'hot', provider: 'p' } }] },
			{ nodes: [{ id: 'a', type: '__proto__' }, { id: 'b', type: 'constructor' }, { id: 'c', type: 'toString' }] }
		];
		for (const j of junk) {
			const r = validateGraph(j);
			expect(r.ok, JSON.stringify(j)).toBe(false);
			expect(r.errors.length, JSON.stringify(j)).toBeGreaterThan(0);
			for (const e of r.errors) expect(e.message.length).toBeGreaterThan(5);
		}
		const proto = validateGraph({ nodes: [{ id: 'a', type: '__proto__' }, { id: 'b', type: 'constructor' }] });
		expect(proto.errors.map((e) => e.message)).toEqual(['#1 (__proto__): unknown node type "__proto__"', '#2 (constructor): unknown node type "constructor"']);
		const temp = validateGraph({ nodes: [{ id: 'a', type: 'llm_call', data: { temperature: 'hot', provider: 'p', label: 'Sum' } }] });
		expect(temp.errors).toHaveLength(1);
		expect(temp.errors[0]).toMatchObject({ node_id: 'a', field: 'temperature' });
		expect(temp.errors[0].message).toMatch(/^#1 "Sum" \(llm_call\): temperature: /);
	});

	it('an edge list mutated by hand (duplicates, dangling, wrong ports) is reported edge by edge', () => {
		const g = grow(rng(4242), 8, 80);
		const first = g.edges[0];
		expect(first).toBeDefined();
		const bad: GraphEdge[] = [
			{ ...first, id: 'dup' },
			{ ...first, id: 'dangling', target: 'ghost' },
			{ ...first, id: 'wrongport', source_handle: 'nope' }
		];
		const r = validateGraph({ ...g, edges: [...g.edges, ...bad] });
		for (const id of ['dup', 'dangling', 'wrongport']) expect(r.errors.some((e) => e.edge_id === id), id).toBe(true);
	});
});
