/** Pure operations on the canvas's nodes and edges, used by the editor (editor.svelte.ts). */
import type { Graph, GraphError } from '$lib/workflow';
import { connectedInputs, withGeometry, type FlowEdge, type FlowNode } from './flow';

export const NO_ERRORS: ReadonlyMap<string, GraphError[]> = new Map();
export const NO_NUMBERS: ReadonlyMap<string, number> = new Map();
export const NO_PORTS: ReadonlySet<string> = new Set();

/** Groups first (they are drawn behind the other nodes and must precede their children). */
export function groupsFirst(nodes: FlowNode[]): FlowNode[] {
	const groups = nodes.filter((n) => n.type === 'group');
	return groups.length ? [...groups, ...nodes.filter((n) => n.type !== 'group')] : nodes;
}

export function errorsByNode(errors: readonly GraphError[]): Map<string, GraphError[]> {
	const byNode = new Map<string, GraphError[]>();
	for (const e of errors) {
		if (!e.node_id) continue;
		const list = byNode.get(e.node_id);
		if (list) list.push(e);
		else byNode.set(e.node_id, [e]);
	}
	return byNode;
}

/** Input ports with an edge, per target node. */
export function connectedByNode(edges: readonly FlowEdge[]): Map<string, Set<string>> {
	const m = new Map<string, Set<string>>();
	for (const e of edges) {
		if (!e.targetHandle) continue;
		let s = m.get(e.target);
		if (!s) m.set(e.target, (s = new Set()));
		s.add(e.targetHandle);
	}
	return m;
}

/** The number shown on each card: node_number, else the position in the list + 1. */
export function nodeNumbers(nodes: readonly FlowNode[]): Map<string, number> {
	const m = new Map<string, number>();
	nodes.forEach((n, i) => m.set(n.id, n.nodeNumber ?? i + 1));
	return m;
}

export function selectedIds(nodes: readonly FlowNode[]): Set<string> {
	return new Set(nodes.filter((n) => n.selected).map((n) => n.id));
}

/** Script cards show their connected inputs: recompute the geometry of these nodes if scripts. */
export function refreshScripts(nodes: FlowNode[], edges: readonly FlowEdge[], ids: Iterable<string>): FlowNode[] {
	const set = new Set(ids);
	if (!nodes.some((n) => set.has(n.id) && n.type === 'script')) return nodes;
	return nodes.map((n) => (set.has(n.id) && n.type === 'script' ? withGeometry(n, connectedInputs(edges, n.id)) : n));
}

/**
 * After a node's output ports changed (switch cases): a port renamed in place keeps its edges,
 * edges of ports that no longer exist are removed.
 */
export function rewireOutputs(edges: FlowEdge[], nodeId: string, before: string[], after: string[]): FlowEdge[] {
	const rename = new Map<string, string>();
	if (before.length === after.length) before.forEach((b, i) => b !== after[i] && rename.set(b, after[i]));
	const keep = new Set(after);
	return edges
		.map((e) => (e.source === nodeId && e.sourceHandle && rename.has(e.sourceHandle) ? { ...e, sourceHandle: rename.get(e.sourceHandle)! } : e))
		.filter((e) => e.source !== nodeId || !e.sourceHandle || keep.has(e.sourceHandle));
}

/** Removes the selected nodes (with the children of selected groups) and selected or dangling edges. */
export function removeSelection(nodes: FlowNode[], edges: FlowEdge[]): { nodes: FlowNode[]; edges: FlowEdge[]; removedEdges: FlowEdge[] } | null {
	const ids = new Set(nodes.filter((n) => n.selected && n.deletable !== false).map((n) => n.id));
	for (const n of nodes) if (n.parentId && ids.has(n.parentId)) ids.add(n.id);
	const removedEdges = edges.filter((e) => e.selected || ids.has(e.source) || ids.has(e.target));
	if (!ids.size && !removedEdges.length) return null;
	return { nodes: nodes.filter((n) => !ids.has(n.id)), edges: edges.filter((e) => !removedEdges.includes(e)), removedEdges };
}

/** `trigger_id` of each trigger node in a graph the server returned. */
export function triggerIds(graph: Graph): Map<string, string> {
	const ids = new Map<string, string>();
	for (const n of graph.nodes) if (typeof n.data?.trigger_id === 'string') ids.set(n.id, n.data.trigger_id);
	return ids;
}

export function withTriggerIds<T extends { id: string; data: Record<string, unknown> }>(nodes: T[], ids: ReadonlyMap<string, string>): T[] {
	return nodes.map((n) => (ids.has(n.id) && n.data.trigger_id !== ids.get(n.id) ? { ...n, data: { ...n.data, trigger_id: ids.get(n.id) } } : n));
}

function size(n: FlowNode) {
	return { w: n.measured?.width ?? n.width ?? n.initialWidth ?? 0, h: n.measured?.height ?? n.height ?? n.initialHeight ?? 0 };
}

/**
 * After a drag: a node whose centre was dropped inside a group joins it (its position becomes
 * relative to the group), a child dragged out of its group leaves it. Nodes dragged together with
 * their group stay in it. Returns null when no node changed group.
 */
export function reparent(nodes: FlowNode[], draggedIds: readonly string[]): FlowNode[] | null {
	const byId = new Map(nodes.map((n) => [n.id, n]));
	const abs = (n: FlowNode) => {
		const p = n.parentId ? byId.get(n.parentId) : undefined;
		return p ? { x: p.position.x + n.position.x, y: p.position.y + n.position.y } : n.position;
	};
	const groups = nodes.filter((n) => n.type === 'group');
	const moved = new Set(draggedIds);
	let changed = false;
	const next = nodes.map((n) => {
		if (!moved.has(n.id) || n.type === 'group') return n;
		if (n.parentId && moved.has(n.parentId)) return n;
		const a = abs(n);
		const s = size(n);
		const cx = a.x + s.w / 2;
		const cy = a.y + s.h / 2;
		const host = [...groups].reverse().find((g) => {
			const gs = size(g);
			return cx >= g.position.x && cx <= g.position.x + gs.w && cy >= g.position.y && cy <= g.position.y + gs.h;
		});
		if (host?.id === n.parentId) return n;
		changed = true;
		const rest = { ...n };
		delete rest.parentId;
		return host ? { ...rest, parentId: host.id, position: { x: Math.round(a.x - host.position.x), y: Math.round(a.y - host.position.y) } } : { ...rest, position: a };
	});
	return changed ? groupsFirst(next) : null;
}

export const GROUP_PADDING = 40;
/** Room above a group's children for its label. */
const GROUP_LABEL_SPACE = 28;

/**
 * Wraps the selected top-level nodes in a new group sized to their bounding box; the nodes become
 * its children (positions relative to it). Returns null when fewer than one node can be grouped.
 */
export function groupNodes(nodes: FlowNode[], ids: ReadonlySet<string>, group: FlowNode): FlowNode[] | null {
	const members = nodes.filter((n) => ids.has(n.id) && !n.parentId && n.type !== 'group');
	if (!members.length) return null;
	const box = members.reduce(
		(b, n) => {
			const s = size(n);
			return { x1: Math.min(b.x1, n.position.x), y1: Math.min(b.y1, n.position.y), x2: Math.max(b.x2, n.position.x + s.w), y2: Math.max(b.y2, n.position.y + s.h) };
		},
		{ x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity }
	);
	const origin = { x: Math.round(box.x1 - GROUP_PADDING), y: Math.round(box.y1 - GROUP_PADDING - GROUP_LABEL_SPACE) };
	const frame: FlowNode = {
		...group,
		position: origin,
		width: Math.round(box.x2 - box.x1 + 2 * GROUP_PADDING),
		height: Math.round(box.y2 - box.y1 + 2 * GROUP_PADDING + GROUP_LABEL_SPACE),
		selected: true
	};
	const memberIds = new Set(members.map((m) => m.id));
	const rest = nodes.map((n) =>
		memberIds.has(n.id) ? { ...n, selected: false, parentId: frame.id, position: { x: Math.round(n.position.x - origin.x), y: Math.round(n.position.y - origin.y) } } : n.selected ? { ...n, selected: false } : n
	);
	return groupsFirst([frame, ...rest]);
}
