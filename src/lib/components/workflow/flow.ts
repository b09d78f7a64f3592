/**
 * Between AT's graph JSON (SPEC §8.1: snake_case, `source_handle`, `parent_id`) and Svelte Flow's
 * nodes and edges. Fields of AT nodes and edges that the canvas does not know are carried along in
 * `atExtra` and written back unchanged, so imported graphs round-trip. Children of a group keep
 * positions relative to the group (Svelte Flow's and AT's convention), and parents come first.
 */
import type { Edge, Node, Position } from '@xyflow/svelte';
import { defaultData, getNodeType, graphSchema, outputPorts, type Graph, type GraphEdge, type GraphNode, type PortKind } from '$lib/workflow';
import { handleBoxes, nodeLayout, VISUAL_DEFAULTS } from './layout';

export type FlowNode = Node<Record<string, unknown>, string> & {
	nodeNumber?: number | null;
	atExtra?: Record<string, unknown>;
};
export type FlowEdge = Edge<{ kind: PortKind }> & { atExtra?: Record<string, unknown> };

/** The drag-and-drop data type the palette sets: its value is a node type. */
export const NODE_DRAG_TYPE = 'application/x-at-node-type';

const NODE_KEYS = new Set(['id', 'type', 'position', 'data', 'width', 'height', 'parent_id', 'node_number']);
const EDGE_KEYS = new Set(['id', 'source', 'source_handle', 'target', 'target_handle']);

function extra(obj: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
	const out: Record<string, unknown> = {};
	let any = false;
	for (const [k, v] of Object.entries(obj)) {
		if (known.has(k)) continue;
		out[k] = v;
		any = true;
	}
	return any ? out : undefined;
}

export function isVisual(type: string): boolean {
	return getNodeType(type)?.visualOnly ?? false;
}

/** Input ports of `nodeId` that have at least one edge. */
export function connectedInputs(edges: readonly { target: string; targetHandle?: string | null }[], nodeId: string): Set<string> {
	const s = new Set<string>();
	for (const e of edges) if (e.target === nodeId && e.targetHandle) s.add(e.targetHandle);
	return s;
}

/** Recomputes a node's size and handles from its data (and, for scripts, its connected inputs). */
export function withGeometry(node: FlowNode, connected: ReadonlySet<string>): FlowNode {
	if (isVisual(node.type ?? '')) {
		const def = VISUAL_DEFAULTS[node.type ?? ''] ?? { width: 240, height: 160 };
		return { ...node, width: node.width ?? def.width, height: node.height ?? def.height, handles: [] };
	}
	const layout = nodeLayout(node.type ?? '', node.data, connected);
	return {
		...node,
		initialWidth: layout.width,
		initialHeight: layout.height,
		handles: handleBoxes(layout).map((h) => ({ ...h, position: h.position as Position }))
	};
}

export function toFlowNode(n: GraphNode, connected: ReadonlySet<string> = new Set()): FlowNode {
	const node: FlowNode = {
		id: n.id,
		type: n.type,
		position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
		data: { ...(n.data ?? {}) },
		...(n.parent_id ? { parentId: n.parent_id } : {}),
		...(n.node_number != null ? { nodeNumber: n.node_number } : {}),
		...(isVisual(n.type) && n.width ? { width: n.width } : {}),
		...(isVisual(n.type) && n.height ? { height: n.height } : {}),
		atExtra: extra(n as Record<string, unknown>, NODE_KEYS)
	};
	if (!node.atExtra) delete node.atExtra;
	// Width and height of executable nodes are the card's, not the stored ones; keep them for export.
	if (!isVisual(n.type) && (n.width != null || n.height != null)) node.atExtra = { ...node.atExtra, width: n.width, height: n.height };
	return withGeometry(node, connected);
}

function kindOf(nodes: ReadonlyMap<string, { type: string; data: Record<string, unknown> }>, source: string, handle: string): PortKind {
	const s = nodes.get(source);
	return (s && outputPorts(s).find((p) => p.name === handle)?.kind) || 'data';
}

export function toFlowEdge(e: GraphEdge, kind: PortKind = 'data'): FlowEdge {
	const edge: FlowEdge = {
		id: e.id,
		source: e.source,
		target: e.target,
		sourceHandle: e.source_handle,
		targetHandle: e.target_handle,
		type: 'at',
		data: { kind },
		class: `at-edge at-edge-${kind}`,
		atExtra: extra(e as Record<string, unknown>, EDGE_KEYS)
	};
	if (!edge.atExtra) delete edge.atExtra;
	return edge;
}

/** Groups first (drawn behind), parents before children (Svelte Flow needs that), otherwise in the graph's order. */
function parentsFirst<T extends { id: string; parent?: string | null }>(items: T[]): T[] {
	const ids = new Set(items.map((i) => i.id));
	const placed = new Set<string>();
	const out: T[] = [];
	let rest = items;
	while (rest.length) {
		const next: T[] = [];
		for (const it of rest) {
			if (!it.parent || !ids.has(it.parent) || placed.has(it.parent)) {
				out.push(it);
				placed.add(it.id);
			} else next.push(it);
		}
		// A parent cycle: place the remaining nodes as they are.
		if (next.length === rest.length) {
			out.push(...next);
			break;
		}
		rest = next;
	}
	return out;
}

export function toFlow(graph: Graph): { nodes: FlowNode[]; edges: FlowEdge[] } {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const edges = graph.edges.map((e) => toFlowEdge(e, kindOf(byId, e.source, e.source_handle)));
	const groupsFirst = [...graph.nodes.filter((n) => n.type === 'group'), ...graph.nodes.filter((n) => n.type !== 'group')];
	const ordered = parentsFirst(groupsFirst.map((n) => ({ id: n.id, parent: n.parent_id, n })));
	const nodes = ordered.map(({ n }) => {
		const flow = toFlowNode(n, connectedInputs(edges, n.id));
		if (flow.parentId && !byId.has(flow.parentId)) delete flow.parentId;
		return flow;
	});
	return { nodes, edges };
}

export function fromFlowNode(n: FlowNode): GraphNode {
	const visual = isVisual(n.type ?? '');
	const width = n.width ?? n.measured?.width;
	const height = n.height ?? n.measured?.height;
	const out: GraphNode = {
		...(n.atExtra ?? {}),
		id: n.id,
		type: n.type ?? 'unknown',
		position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
		data: n.data
	};
	if (visual && width) out.width = Math.round(width);
	if (visual && height) out.height = Math.round(height);
	if (n.parentId) out.parent_id = n.parentId;
	if (n.nodeNumber != null) out.node_number = n.nodeNumber;
	return out;
}

export function fromFlowEdge(e: FlowEdge): GraphEdge {
	return { ...(e.atExtra ?? {}), id: e.id, source: e.source, source_handle: e.sourceHandle ?? '', target: e.target, target_handle: e.targetHandle ?? '' };
}

export function fromFlow(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Graph {
	return { nodes: nodes.map(fromFlowNode), edges: edges.map(fromFlowEdge) };
}

/** The largest number used in node ids (`llm_call_7`) and node numbers. */
function maxNodeNumber(nodes: readonly { id: string; nodeNumber?: number | null; node_number?: number | null }[]): number {
	let max = 0;
	for (const n of nodes) {
		const m = /_(\d+)$/.exec(n.id);
		if (m) max = Math.max(max, Number(m[1]));
		const num = n.nodeNumber ?? n.node_number;
		if (typeof num === 'number') max = Math.max(max, num);
	}
	return max;
}

/** A fresh node id and number: `<type>_<n>` with one counter across all types (`input_1`, `llm_call_2`). */
export function nextNode(nodes: readonly { id: string; nodeNumber?: number | null }[], type: string): { id: string; number: number } {
	const ids = new Set(nodes.map((n) => n.id));
	let n = maxNodeNumber(nodes) + 1;
	while (ids.has(`${type}_${n}`)) n++;
	return { id: `${type}_${n}`, number: n };
}

export function nextEdgeId(edges: readonly { id: string }[]): string {
	let max = 0;
	for (const e of edges) {
		const m = /^e(\d+)$/.exec(e.id);
		if (m) max = Math.max(max, Number(m[1]));
	}
	const ids = new Set(edges.map((e) => e.id));
	let n = max + 1;
	while (ids.has(`e${n}`)) n++;
	return `e${n}`;
}

export function newFlowNode(type: string, position: { x: number; y: number }, existing: readonly FlowNode[]): FlowNode {
	const { id, number } = nextNode(existing, type);
	return toFlowNode({ id, type, position, data: defaultData(type), node_number: number });
}

/** The selected nodes and the edges between them, as AT graph JSON (what the clipboard holds). */
export function selectionGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[], ids: ReadonlySet<string>): Graph {
	const byId = new Map(nodes.map((n) => [n.id, n]));
	const picked = nodes.filter((n) => ids.has(n.id));
	// Children of a copied group come along with it.
	for (const n of nodes) if (n.parentId && ids.has(n.parentId) && !ids.has(n.id)) picked.push(n);
	const pickedIds = new Set(picked.map((n) => n.id));
	const out = picked.map((n) => {
		const g = fromFlowNode(n);
		if (n.parentId && !pickedIds.has(n.parentId)) {
			const p = byId.get(n.parentId);
			delete g.parent_id;
			if (p) g.position = { x: Math.round(p.position.x + n.position.x), y: Math.round(p.position.y + n.position.y) };
		}
		return g;
	});
	return { nodes: out, edges: edges.filter((e) => pickedIds.has(e.source) && pickedIds.has(e.target)).map(fromFlowEdge) };
}

/** Reads clipboard text as an AT graph with at least one node of a known type; null otherwise. */
export function parseClipboard(text: string): Graph | null {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return null;
	}
	const parsed = graphSchema.safeParse(raw);
	if (!parsed.success || parsed.data.nodes.length === 0) return null;
	if (!parsed.data.nodes.every((n) => getNodeType(n.type))) return null;
	return parsed.data;
}

/**
 * Nodes and edges of `clip` with fresh ids (and node numbers), ready to add to a graph that already
 * has `existing`. The pasted block's top-left corner lands at `at`, or 40 px below and right of the
 * original. Trigger ids and webhook aliases are dropped: they belong to the original trigger.
 */
export function pastedGraph(
	clip: Graph,
	existing: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] },
	at?: { x: number; y: number }
): { nodes: FlowNode[]; edges: FlowEdge[] } {
	const all: { id: string; nodeNumber?: number | null }[] = [...existing.nodes];
	const ids = new Map<string, string>();
	const numbers = new Map<string, number>();
	for (const n of clip.nodes) {
		const next = nextNode(all, n.type);
		ids.set(n.id, next.id);
		numbers.set(n.id, next.number);
		all.push({ id: next.id, nodeNumber: next.number });
	}
	const top = clip.nodes.filter((n) => !n.parent_id || !ids.has(n.parent_id));
	const minX = Math.min(...top.map((n) => n.position.x));
	const minY = Math.min(...top.map((n) => n.position.y));
	const dx = at ? at.x - minX : 40;
	const dy = at ? at.y - minY : 40;
	const edgeList: { id: string }[] = [...existing.edges];
	const edges: GraphEdge[] = [];
	for (const e of clip.edges) {
		const source = ids.get(e.source);
		const target = ids.get(e.target);
		if (!source || !target) continue;
		const id = nextEdgeId(edgeList);
		edgeList.push({ id });
		edges.push({ ...e, id, source, target });
	}
	const nodes: GraphNode[] = clip.nodes.map((n) => {
		const inside = !!n.parent_id && ids.has(n.parent_id);
		const data = { ...n.data };
		if (n.type === 'http_trigger' || n.type === 'cron_trigger') delete data.trigger_id;
		if (n.type === 'http_trigger') data.alias = '';
		return {
			...n,
			id: ids.get(n.id)!,
			node_number: numbers.get(n.id)!,
			parent_id: inside ? ids.get(n.parent_id!)! : undefined,
			position: inside ? n.position : { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) },
			data
		};
	});
	const flow = toFlow({ nodes, edges });
	return { nodes: flow.nodes.map((n) => ({ ...n, selected: true })), edges: flow.edges };
}

/** A typical canvas area (px) on a desktop screen: the server's guess before the browser measures it. */
const GUESS = { width: 980, height: 760 };

/**
 * The viewport that shows the whole graph in a canvas of the given size (Svelte Flow's fitView
 * arithmetic, padding as a fraction). The server renders with it; the browser then fits exactly.
 */
export function fitViewport(nodes: readonly FlowNode[], size = GUESS, opts = { padding: 0.2, minZoom: 0.1, maxZoom: 1 }): { x: number; y: number; zoom: number } {
	const top = nodes.filter((n) => !n.parentId);
	if (!top.length) return { x: 0, y: 0, zoom: 1 };
	let x1 = Infinity;
	let y1 = Infinity;
	let x2 = -Infinity;
	let y2 = -Infinity;
	for (const n of top) {
		const w = n.width ?? n.initialWidth ?? 0;
		const h = n.height ?? n.initialHeight ?? 0;
		x1 = Math.min(x1, n.position.x);
		y1 = Math.min(y1, n.position.y);
		x2 = Math.max(x2, n.position.x + w);
		y2 = Math.max(y2, n.position.y + h);
	}
	const bw = Math.max(1, x2 - x1);
	const bh = Math.max(1, y2 - y1);
	const zoom = Math.min(opts.maxZoom, Math.max(opts.minZoom, Math.min(size.width / (bw * (1 + opts.padding)), size.height / (bh * (1 + opts.padding)))));
	return { x: Math.round((size.width - bw * zoom) / 2 - x1 * zoom), y: Math.round((size.height - bh * zoom) / 2 - y1 * zoom), zoom };
}
