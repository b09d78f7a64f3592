/**
 * Layered left-to-right layout (a small Sugiyama): layers by longest path from the entry nodes,
 * nodes without inputs (resources, stray sources) pulled next to the nodes they feed, order inside a
 * layer by barycentre sweeps, then layers placed with their real card sizes and centred. A group
 * moves as one block with its children (edges of children count as the group's); a note keeps its
 * offset to the node nearest to it, so it stays beside what it annotates.
 */
import { getNodeType } from '$lib/workflow';

export interface LayoutNode {
	id: string;
	type: string;
	position: { x: number; y: number };
	width: number;
	height: number;
	/** The group a node sits in (its position is relative to the group). */
	parent?: string | null;
}

export interface LayoutEdge {
	source: string;
	target: string;
}

export const LAYER_GAP = 112;
export const NODE_GAP = 40;
const SWEEPS = 4;

export function autoLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, { x: number; y: number }> {
	const byId = new Map(nodes.map((n) => [n.id, n]));
	const isGroup = (n: LayoutNode) => n.type === 'group';
	const units = nodes.filter((n) => !n.parent && (isGroup(n) || !getNodeType(n.type)?.visualOnly));
	const unitIds = new Set(units.map((u) => u.id));
	const unitOf = (id: string): string | undefined => {
		const n = byId.get(id);
		if (!n) return undefined;
		if (n.parent && unitIds.has(n.parent)) return n.parent;
		return unitIds.has(id) ? id : undefined;
	};
	const entry = new Set<string>();
	for (const n of nodes) if (getNodeType(n.type)?.entry) entry.add(unitOf(n.id) ?? n.id);

	const succ = new Map<string, string[]>();
	const pred = new Map<string, string[]>();
	for (const u of units) {
		succ.set(u.id, []);
		pred.set(u.id, []);
	}
	for (const e of edges) {
		const s = unitOf(e.source);
		const t = unitOf(e.target);
		if (!s || !t || s === t) continue;
		if (!succ.get(s)!.includes(t)) succ.get(s)!.push(t);
		if (!pred.get(t)!.includes(s)) pred.get(t)!.push(s);
	}

	// Longest-path layering over a topological order; units on a cycle go after the rest.
	const indeg = new Map(units.map((u) => [u.id, pred.get(u.id)!.length]));
	const queue = units.filter((u) => indeg.get(u.id) === 0).map((u) => u.id);
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
	for (const u of units) if (!seen.has(u.id)) order.push(u.id);
	const layer = new Map<string, number>();
	for (const id of order) {
		let l = 0;
		for (const p of pred.get(id)!) if (layer.has(p)) l = Math.max(l, layer.get(p)! + 1);
		layer.set(id, l);
	}
	// Sources that are not entry nodes sit just left of their first consumer.
	for (const id of [...order].reverse()) {
		if (pred.get(id)!.length || entry.has(id) || !succ.get(id)!.length) continue;
		layer.set(id, Math.max(0, Math.min(...succ.get(id)!.map((t) => layer.get(t)!)) - 1));
	}

	const layers: string[][] = [];
	for (const id of order) (layers[layer.get(id)!] ??= []).push(id);
	for (const l of layers) if (l) l.sort((a, b) => byId.get(a)!.position.y - byId.get(b)!.position.y);
	const dense = layers.filter(Boolean);

	const index = new Map<string, number>();
	dense.forEach((l) => l.forEach((id, i) => index.set(id, i)));
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
	if (!units.length) return out;
	const originX = Math.min(...units.map((u) => u.position.x));
	const originY = Math.min(...units.map((u) => u.position.y));
	const heights = dense.map((l) => l.reduce((a, id) => a + byId.get(id)!.height, 0) + NODE_GAP * (l.length - 1));
	const tallest = Math.max(0, ...heights);
	let x = originX;
	dense.forEach((l, li) => {
		let y = originY + (tallest - heights[li]) / 2;
		for (const id of l) {
			out.set(id, { x: Math.round(x), y: Math.round(y) });
			y += byId.get(id)!.height + NODE_GAP;
		}
		x += Math.max(...l.map((id) => byId.get(id)!.width)) + LAYER_GAP;
	});

	const centre = (n: LayoutNode) => ({ x: n.position.x + n.width / 2, y: n.position.y + n.height / 2 });
	for (const note of nodes.filter((n) => !n.parent && n.type === 'sticky_note')) {
		const c = centre(note);
		let best: LayoutNode | undefined;
		let bestD = Infinity;
		for (const u of units) {
			const uc = centre(u);
			const d = (uc.x - c.x) ** 2 + (uc.y - c.y) ** 2;
			if (d < bestD) [best, bestD] = [u, d];
		}
		const moved = best && out.get(best.id);
		if (best && moved) out.set(note.id, { x: Math.round(moved.x + note.position.x - best.position.x), y: Math.round(moved.y + note.position.y - best.position.y) });
	}
	return out;
}
