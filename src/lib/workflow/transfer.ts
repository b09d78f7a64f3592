/**
 * Workflow files (import/export on /workflows). An export is `{name, description, graph}`; an import
 * accepts that, any workflow object with a `graph` (AT's and this API's `GET /workflows/{id}`), or a
 * bare `{nodes, edges}` graph — AT's graph shape, unchanged. Pure: the page previews an import with
 * the same checks the server applies.
 */
import { validateGraph, type GraphError } from './validate';

export interface WorkflowFile {
	name: string;
	description: string;
	graph: { nodes: unknown[]; edges: unknown[] };
}

export type ImportCheck = { ok: true; file: WorkflowFile; nodes: number; edges: number } | { ok: false; errors: string[]; graphErrors: GraphError[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(...errors: string[]): ImportCheck {
	return { ok: false, errors, graphErrors: [] };
}

export function checkWorkflowImport(text: string): ImportCheck {
	if (!text.trim()) return fail('The file is empty: choose an exported workflow (.json) or paste its JSON.');
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (e) {
		return fail(`This is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (!isObject(raw)) return fail('Expected a JSON object: a workflow with a "graph", or a graph with "nodes" and "edges".');
	let graph: unknown = 'graph' in raw ? raw.graph : raw;
	if (typeof graph === 'string') {
		try {
			graph = JSON.parse(graph);
		} catch {
			return fail('"graph" is a string but not JSON.');
		}
	}
	if (!isObject(graph) || !('nodes' in graph)) return fail('No graph found: expected "nodes" and "edges" (or a workflow object with a "graph").');
	const check = validateGraph(graph);
	if (!check.ok) return { ok: false, errors: check.errors.map((e) => e.message), graphErrors: check.errors };
	const g = graph as { nodes: unknown[]; edges?: unknown[] };
	const str = (v: unknown) => (typeof v === 'string' ? v : '');
	const file: WorkflowFile = {
		name: str(raw.name).trim(),
		description: str(raw.description),
		graph: { ...(graph as Record<string, unknown>), nodes: g.nodes, edges: g.edges ?? [] }
	};
	return { ok: true, file, nodes: g.nodes.length, edges: (g.edges ?? []).length };
}

export function exportFileName(name: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[^\w\s-]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, '-')
		.slice(0, 80);
	return `${slug || 'workflow'}.json`;
}

/**
 * A copy of a graph that can be saved next to the original: webhook aliases are unique across
 * workflows, so copies drop them, and trigger ids belong to the original's trigger rows.
 */
export function detachTriggers<G extends { nodes: { type: string; data?: Record<string, unknown> }[] }>(graph: G): G {
	return {
		...graph,
		nodes: graph.nodes.map((n) => {
			if (n.type !== 'http_trigger' && n.type !== 'cron_trigger') return n;
			const data = { ...(n.data ?? {}) };
			delete data.trigger_id;
			if (n.type === 'http_trigger') delete data.alias;
			return { ...n, data };
		})
	};
}
