/**
 * Layered left-to-right layout (a small Sugiyama): layers by longest path from the entry nodes,
 * nodes without inputs (resources, stray sources) pulled next to the nodes they feed, order inside a
 * layer by barycentre sweeps, then layers stacked with their real card heights and centred.
 * Groups, notes and nodes inside groups keep their positions.
 */
import { getNodeType } from '$lib/workflow';

export interface LayoutNode {
	id: string;
	type: string;
	position: { x: number; y: number };
	height: number;
	/** Nodes inside a group are left where they are. */
	parent?: string | null;
}

export interface LayoutEdge {
	source: string;
	target: string;
}

export const LAYER_GAP = 112;
export const NODE_GAP = 40;
const SWEEPS = 4;

export function autoLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], width = 272): Map<string, { x: number; y: number }> {
	const movable = nodes.filter((n) => !n.parent && !getNodeType(n.type)?.visualOnly);
	const ids = new Set(movable.map((n) => n.id));
	const succ = new Map<string, string[]>();
	const pred = new Map<string, string[]>();
	for (const n of movable) {
		succ.set(n.id, []);
		pred.set(n.id, []);
	}
	for (const e of edges) {
		if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
		if (!succ.get(e.source)!.includes(e.target)) succ.get(e.source)!.push(e.target);
		if (!pred.get(e.target)!.includes(e.source)) pred.get(e.target)!.push(e.source);
	}

	// Longest-path layering over a topological order; nodes on a cycle go after the rest.
	const indeg = new Map(movable.map((n) => [n.id, pred.get(n.id)!.length]));
	const queue = movable.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
	const order: string[] = [];
	while (queue.length) {
		const id = queue.shift()!;
		order.push(id);
		for (const t of succ.get(id)!) {
			indeg.set(t, indeg.get(t)! - 1);
			if (indeg.get(t) === 0) queue.push(t);
		}
	}
	const seen = new Set(order);
	for (const n of movable) if (!seen.has(n.id)) order.push(n.id);
	const layer = new Map<string, number>();
	for (const id of order) {
		let l = 0;
		for (const p of pred.get(id)!) if (layer.has(p)) l = Math.max(l, layer.get(p)! + 1);
		layer.set(id, l);
	}
	// Sources that are not entry nodes sit just left of their first consumer.
	const byId = new Map(movable.map((n) => [n.id, n]));
	for (const id of [...order].reverse()) {
		const def = getNodeType(byId.get(id)!.type);
		if (pred.get(id)!.length || def?.entry || !succ.get(id)!.length) continue;
		layer.set(id, Math.max(0, Math.min(...succ.get(id)!.map((t) => layer.get(t)!)) - 1));
	}

	const layers: string[][] = [];
	for (const id of order) (layers[layer.get(id)!] ??= []).push(id);
	for (const l of layers) if (l) l.sort((a, b) => byId.get(a)!.position.y - byId.get(b)!.position.y);
	const dense = layers.filter(Boolean);

	const index = new Map<string, number>();
	const reindex = () => dense.forEach((l) => l.forEach((id, i) => index.set(id, i)));
	reindex();
	const bary = (id: string, nb: Map<string, string[]>) => {
		const ns = nb.get(id)!.filter((x) => index.has(x));
		return ns.length ? ns.reduce((a, x) => a + index.get(x)!, 0) / ns.length : index.get(id)!;
	};
	for (let s = 0; s < SWEEPS; s++) {
		const down = s % 2 === 0;
		const seq = down ? dense : [...dense].reverse();
		for (const l of seq) {
			const key = new Map(l.map((id) => [id, bary(id, down ? pred : succ)]));
			l.sort((a, b) => key.get(a)! - key.get(b)! || index.get(a)! - index.get(b)!);
			l.forEach((id, i) => index.set(id, i));
		}
	}

	const out = new Map<string, { x: number; y: number }>();
	const originX = movable.length ? Math.min(...movable.map((n) => n.position.x)) : 0;
	const originY = movable.length ? Math.min(...movable.map((n) => n.position.y)) : 0;
	const heights = dense.map((l) => l.reduce((a, id) => a + byId.get(id)!.height, 0) + NODE_GAP * (l.length - 1));
	const tallest = Math.max(0, ...heights);
	dense.forEach((l, li) => {
		let y = originY + (tallest - heights[li]) / 2;
		for (const id of l) {
			out.set(id, { x: Math.round(originX + li * (width + LAYER_GAP)), y: Math.round(y) });
			y += byId.get(id)!.height + NODE_GAP;
		}
	});
	return out;
}
