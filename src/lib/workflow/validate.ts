import type { z } from 'zod';
import { graphSchema, type Connection, type Graph, type GraphEdge, type GraphNode } from './graph';
import { getNodeType, inputPorts, outputPorts, type EntrySource, type PortDef } from './nodeTypes';

export interface GraphError {
	node_id?: string;
	edge_id?: string;
	/** The `data` field (dotted path) or the port the error is about. */
	field?: string;
	/** A full sentence naming the node, e.g. `#3 "Summarise" (llm_call): provider: choose a provider`. */
	message: string;
}

export interface ValidationResult {
	ok: boolean;
	errors: GraphError[];
}

/** `#3 "Summarise" (llm_call)`: node_number when set, else the node's position in the list + 1. */
export function describeNode(graph: Pick<Graph, 'nodes'>, node: Pick<GraphNode, 'id' | 'type' | 'data' | 'node_number'>): string {
	const at = (graph.nodes as unknown[]).indexOf(node);
	const n = node.node_number ?? (at >= 0 ? at : graph.nodes.findIndex((x) => x.id === node.id)) + 1;
	const label = typeof node.data?.label === 'string' && node.data.label.trim() ? ` "${node.data.label.trim()}"` : '';
	return `#${n}${label} (${node.type})`;
}

function pathText(path: readonly PropertyKey[]): string {
	return path.map(String).join('.');
}

function isExecutable(node: GraphNode): boolean {
	const def = getNodeType(node.type);
	return !!def && !def.visualOnly;
}

function byId(graph: Graph): Map<string, GraphNode> {
	const m = new Map<string, GraphNode>();
	for (const n of graph.nodes) if (!m.has(n.id)) m.set(n.id, n);
	return m;
}

function edgeText(e: Connection & { id?: string }): string {
	return `${e.id ? `edge ${e.id} ` : ''}(${e.source}.${e.source_handle} → ${e.target}.${e.target_handle})`;
}

/** Why an edge of this shape cannot exist, ignoring other edges; null when it can. */
function portProblem(nodes: Map<string, GraphNode>, c: Connection): string | null {
	const s = nodes.get(c.source);
	const t = nodes.get(c.target);
	if (!s) return `source node "${c.source}" does not exist`;
	if (!t) return `target node "${c.target}" does not exist`;
	if (!getNodeType(s.type)) return `source node has unknown type "${s.type}"`;
	if (!getNodeType(t.type)) return `target node has unknown type "${t.type}"`;
	if (!isExecutable(s) || !isExecutable(t)) return 'groups and notes cannot be connected';
	if (c.source === c.target) return 'a node cannot be connected to itself';
	const out = outputPorts(s).find((p) => p.name === c.source_handle);
	if (!out) return `${s.type} has no output "${c.source_handle}" (outputs: ${portList(outputPorts(s))})`;
	const inp = inputPorts(t).find((p) => p.name === c.target_handle);
	if (!inp) return `${t.type} has no input "${c.target_handle}" (inputs: ${portList(inputPorts(t))})`;
	if (out.kind !== inp.kind) {
		return inp.kind === 'data'
			? `a ${out.kind} resource cannot feed the data input "${inp.name}"`
			: `input "${inp.name}" only accepts ${inp.kind} resources (got ${out.kind === 'data' ? 'data' : `a ${out.kind} resource`})`;
	}
	return null;
}

function portList(ports: PortDef[]): string {
	return ports.length ? ports.map((p) => p.name).join(', ') : 'none';
}

/** Successor lists over executable nodes, following only edges whose both ends exist. */
function adjacency(graph: Graph, edges: readonly Connection[] = graph.edges): Map<string, string[]> {
	const adj = new Map<string, string[]>();
	for (const n of graph.nodes) if (isExecutable(n) && !adj.has(n.id)) adj.set(n.id, []);
	for (const e of edges) {
		const list = adj.get(e.source);
		if (list && adj.has(e.target) && !list.includes(e.target)) list.push(e.target);
	}
	return adj;
}

/** Kahn's algorithm, stable in node order; `rest` holds the nodes on or behind a cycle. */
function kahn(adj: Map<string, string[]>): { order: string[]; rest: string[] } {
	const indeg = new Map<string, number>();
	for (const id of adj.keys()) indeg.set(id, 0);
	for (const succ of adj.values()) for (const t of succ) indeg.set(t, (indeg.get(t) ?? 0) + 1);
	const ready = [...adj.keys()].filter((id) => indeg.get(id) === 0);
	const order: string[] = [];
	while (ready.length) {
		const id = ready.shift()!;
		order.push(id);
		for (const t of adj.get(id) ?? []) {
			const d = indeg.get(t)! - 1;
			indeg.set(t, d);
			if (d === 0) ready.push(t);
		}
	}
	const done = new Set(order);
	return { order, rest: [...adj.keys()].filter((id) => !done.has(id)) };
}

/** Strongly connected components with more than one node (or a self-loop): the actual cycles. */
function cycles(adj: Map<string, string[]>, candidates: string[]): string[][] {
	const inSet = new Set(candidates);
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const out: string[][] = [];
	let i = 0;
	const visit = (v: string) => {
		index.set(v, i);
		low.set(v, i);
		i++;
		stack.push(v);
		onStack.add(v);
		for (const w of adj.get(v) ?? []) {
			if (!inSet.has(w)) continue;
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const comp: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				comp.push(w);
			} while (w !== v);
			if (comp.length > 1 || (adj.get(v) ?? []).includes(v)) out.push(comp.reverse());
		}
	};
	for (const v of candidates) if (!index.has(v)) visit(v);
	return out;
}

function zodErrors(issues: z.core.$ZodIssue[], graph: unknown): GraphError[] {
	const nodes = graph && typeof graph === 'object' && Array.isArray((graph as { nodes?: unknown }).nodes) ? ((graph as { nodes: unknown[] }).nodes) : [];
	const edges = graph && typeof graph === 'object' && Array.isArray((graph as { edges?: unknown }).edges) ? ((graph as { edges: unknown[] }).edges) : [];
	const idOf = (list: unknown[], i: unknown) => {
		const x = typeof i === 'number' ? list[i] : undefined;
		return x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string' ? (x as { id: string }).id : undefined;
	};
	return issues.map((iss) => {
		const [top, idx, ...rest] = iss.path;
		const field = pathText(rest);
		if (top === 'nodes' && typeof idx === 'number') {
			const id = idOf(nodes, idx);
			return { node_id: id, field: field || undefined, message: `node ${idx + 1}${id ? ` (${id})` : ''}: ${field ? `${field}: ` : ''}${iss.message}` };
		}
		if (top === 'edges' && typeof idx === 'number') {
			const id = idOf(edges, idx);
			return { edge_id: id, field: field || undefined, message: `edge ${idx + 1}${id ? ` (${id})` : ''}: ${field ? `${field}: ` : ''}${iss.message}` };
		}
		return { message: `${pathText(iss.path) || 'graph'}: ${iss.message}` };
	});
}

/**
 * Checks a graph as saved or about to run (SPEC §8.1). Accepts unparsed JSON; the result lists
 * every problem found, each naming its node (or edge) and field.
 */
export function validateGraph(input: unknown): ValidationResult {
	const parsed = graphSchema.safeParse(input);
	if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error.issues, input) };
	const graph = parsed.data;
	const errors: GraphError[] = [];
	const nodes = byId(graph);
	const nodeErr = (node: GraphNode, message: string, field?: string) =>
		errors.push({ node_id: node.id, ...(field ? { field } : {}), message: `${describeNode(graph, node)}: ${message}` });

	const seenNodes = new Set<string>();
	for (const node of graph.nodes) {
		if (seenNodes.has(node.id)) nodeErr(node, `duplicate node id "${node.id}"`);
		seenNodes.add(node.id);
		const def = getNodeType(node.type);
		if (!def) {
			nodeErr(node, `unknown node type "${node.type}"`);
			continue;
		}
		if (node.parent_id != null && !nodes.has(node.parent_id)) nodeErr(node, `parent "${node.parent_id}" does not exist`, 'parent_id');
		const data = def.dataSchema.safeParse(node.data);
		if (!data.success) {
			for (const iss of data.error.issues) {
				const field = pathText(iss.path);
				nodeErr(node, field ? `${field}: ${iss.message}` : iss.message, field || undefined);
			}
			continue;
		}
		for (const iss of def.check?.(data.data) ?? []) nodeErr(node, `${iss.field}: ${iss.message}`, iss.field);
	}

	const aliases = new Map<string, GraphNode>();
	for (const node of graph.nodes) {
		const alias = node.type === 'http_trigger' && typeof node.data.alias === 'string' ? node.data.alias.trim() : '';
		if (!alias) continue;
		const first = aliases.get(alias);
		if (first) nodeErr(node, `alias: "${alias}" is already used by ${describeNode(graph, first)}`, 'alias');
		else aliases.set(alias, node);
	}

	const goodEdges: GraphEdge[] = [];
	const seenEdges = new Set<string>();
	const seenShapes = new Set<string>();
	for (const edge of graph.edges) {
		const target = nodes.get(edge.target);
		const push = (message: string) =>
			errors.push({
				edge_id: edge.id,
				...(target ? { node_id: target.id, field: edge.target_handle } : {}),
				message: target ? `${describeNode(graph, target)}: ${edgeText(edge)}: ${message}` : `${edgeText(edge)}: ${message}`
			});
		if (seenEdges.has(edge.id)) {
			push(`duplicate edge id "${edge.id}"`);
			continue;
		}
		seenEdges.add(edge.id);
		const problem = portProblem(nodes, edge);
		if (problem) {
			push(problem);
			continue;
		}
		const shape = `${edge.source}\0${edge.source_handle}\0${edge.target}\0${edge.target_handle}`;
		if (seenShapes.has(shape)) {
			push('the same connection exists twice');
			continue;
		}
		seenShapes.add(shape);
		goodEdges.push(edge);
	}

	for (const node of graph.nodes) {
		if (!isExecutable(node)) continue;
		for (const p of inputPorts(node)) {
			const feeding = goodEdges.filter((e) => e.target === node.id && e.target_handle === p.name);
			if (p.required && feeding.length === 0) nodeErr(node, `input "${p.name}" must be connected`, p.name);
			if (!p.many && feeding.length > 1)
				nodeErr(node, `input "${p.name}" accepts one connection but has ${feeding.length} (${feeding.map((e) => e.id).join(', ')})`, p.name);
		}
	}

	const adj = adjacency(graph, goodEdges);
	const { rest } = kahn(adj);
	for (const comp of cycles(adj, rest)) {
		const loop = [...comp, comp[0]].map((id) => describeNode(graph, nodes.get(id)!)).join(' → ');
		for (const id of comp) nodeErr(nodes.get(id)!, `is part of a cycle: ${loop}`);
	}

	return { ok: errors.length === 0, errors };
}

/** Whether the canvas may add this edge to the graph (same rules as validateGraph). */
export function canConnect(graph: Graph, c: Connection): { ok: true } | { ok: false; reason: string } {
	const nodes = byId(graph);
	const problem = portProblem(nodes, c);
	if (problem) return { ok: false, reason: problem };
	if (graph.edges.some((e) => e.source === c.source && e.source_handle === c.source_handle && e.target === c.target && e.target_handle === c.target_handle))
		return { ok: false, reason: 'these ports are already connected' };
	const inp = inputPorts(nodes.get(c.target)!).find((p) => p.name === c.target_handle)!;
	if (!inp.many && graph.edges.some((e) => e.target === c.target && e.target_handle === c.target_handle))
		return { ok: false, reason: `input "${inp.name}" already has a connection` };
	if (reachableFrom(graph, [c.target]).has(c.source)) return { ok: false, reason: 'this connection would create a cycle' };
	return { ok: true };
}

/** Executable node ids in dependency order (stable in node order). Throws on a cycle. */
export function topoSort(graph: Graph): string[] {
	const { order, rest } = kahn(adjacency(graph));
	if (rest.length) throw new Error(`the graph has a cycle through ${rest.join(', ')}`);
	return order;
}

/**
 * The nodes a run starts from (SPEC §8.2): `input` nodes for API runs; the given trigger node (or
 * every trigger node of that kind) for webhook and cron runs. Editor runs start at the given node
 * when it is an entry node, else at the `input` nodes, else at every trigger node.
 */
export function entryNodes(graph: Graph, source: EntrySource | 'editor', triggerNodeId?: string): string[] {
	const isEntry = (n: GraphNode, kind?: EntrySource) => {
		const e = getNodeType(n.type)?.entry;
		return !!e && (kind === undefined || e === kind);
	};
	if (triggerNodeId !== undefined) {
		const n = graph.nodes.find((x) => x.id === triggerNodeId);
		return n && isEntry(n, source === 'editor' ? undefined : source) ? [n.id] : [];
	}
	if (source !== 'editor') return graph.nodes.filter((n) => isEntry(n, source)).map((n) => n.id);
	const inputs = graph.nodes.filter((n) => isEntry(n, 'api'));
	return (inputs.length ? inputs : graph.nodes.filter((n) => isEntry(n))).map((n) => n.id);
}

/** The given nodes and every executable node downstream of them. */
export function reachableFrom(graph: Graph, ids: Iterable<string>): Set<string> {
	const adj = adjacency(graph);
	const seen = new Set<string>();
	const stack = [...ids].filter((id) => adj.has(id));
	while (stack.length) {
		const id = stack.pop()!;
		if (seen.has(id)) continue;
		seen.add(id);
		for (const t of adj.get(id) ?? []) if (!seen.has(t)) stack.push(t);
	}
	return seen;
}

/**
 * What a run from these entries executes: the nodes reachable from them plus the resource
 * (`*_config`) nodes that feed those nodes, directly or through other resource nodes.
 */
export function nodesToRun(graph: Graph, entryIds: Iterable<string>): Set<string> {
	const run = reachableFrom(graph, entryIds);
	const nodes = byId(graph);
	let grew = true;
	while (grew) {
		grew = false;
		for (const e of graph.edges) {
			const s = nodes.get(e.source);
			if (s && !run.has(s.id) && run.has(e.target) && getNodeType(s.type)?.resource) {
				run.add(s.id);
				grew = true;
			}
		}
	}
	return run;
}
