/** Helpers for editors of a graph (the canvas): palette, new nodes, validation results per node. */
import type { Graph, GraphNode } from './graph';
import { defaultData, getNodeType, nodeTypes, paletteGroups, type NodeTypeDef, type PaletteGroup } from './nodeTypes';
import type { GraphError, ValidationResult } from './validate';

/** The palette: every group in display order with its node types (in registry order). */
export function palette(): { group: PaletteGroup; types: NodeTypeDef[] }[] {
	const all = Object.values(nodeTypes);
	return paletteGroups.map((group) => ({ group, types: all.filter((d) => d.group === group) }));
}

/** A node id not used in the graph yet: `<type>_<n>`, n counting up from 1. */
export function nextNodeId(graph: Pick<Graph, 'nodes'>, type: string): string {
	const used = new Set(graph.nodes.map((n) => n.id));
	let n = 1;
	while (used.has(`${type}_${n}`)) n++;
	return `${type}_${n}`;
}

/** A new node of a type with its default data, a fresh id and the next node_number. Throws for an unknown type. */
export function createNode(graph: Pick<Graph, 'nodes'>, type: string, position: { x: number; y: number } = { x: 0, y: 0 }): GraphNode {
	if (!getNodeType(type)) throw new Error(`unknown node type "${type}"`);
	const numbers = graph.nodes.map((n, i) => n.node_number ?? i + 1);
	return {
		id: nextNodeId(graph, type),
		type,
		position: { x: position.x, y: position.y },
		data: defaultData(type),
		node_number: (numbers.length ? Math.max(...numbers) : 0) + 1
	};
}

/** Validation errors grouped for badges: by node id, edge id, and those about the graph as a whole. */
export function errorsByNode(result: Pick<ValidationResult, 'errors'>): { nodes: Record<string, GraphError[]>; edges: Record<string, GraphError[]>; graph: GraphError[] } {
	const nodes: Record<string, GraphError[]> = {};
	const edges: Record<string, GraphError[]> = {};
	const graph: GraphError[] = [];
	for (const e of result.errors) {
		if (e.node_id !== undefined) (nodes[e.node_id] ??= []).push(e);
		if (e.edge_id !== undefined) (edges[e.edge_id] ??= []).push(e);
		if (e.node_id === undefined && e.edge_id === undefined) graph.push(e);
	}
	return { nodes, edges, graph };
}
