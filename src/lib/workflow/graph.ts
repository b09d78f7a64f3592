/**
 * The workflow graph in AT's JSON shape (SPEC §8.1), so AT exports import unchanged.
 *
 * Objects are loose: fields this schema does not know (Svelte Flow's `selected`, `measured`, a
 * viewport…) survive parsing. A node's `data` is only checked here for being an object; the node
 * type's own schema (see nodeTypes.ts) is applied by validateGraph.
 */
import { z } from 'zod';

export const positionSchema = z.looseObject({ x: z.number(), y: z.number() });

export const graphNodeSchema = z.looseObject({
	id: z.string().min(1, 'node id must not be empty'),
	type: z.string().min(1, 'node type must not be empty'),
	position: positionSchema.default({ x: 0, y: 0 }),
	data: z.record(z.string(), z.unknown()).default({}),
	width: z.number().nullish(),
	height: z.number().nullish(),
	parent_id: z.string().nullish(),
	node_number: z.number().int().nullish()
});

export const graphEdgeSchema = z.looseObject({
	id: z.string().min(1, 'edge id must not be empty'),
	source: z.string().min(1),
	source_handle: z.string().min(1, 'source_handle must name an output port'),
	target: z.string().min(1),
	target_handle: z.string().min(1, 'target_handle must name an input port')
});

export const graphSchema = z.looseObject({
	nodes: z.array(graphNodeSchema).default([]),
	edges: z.array(graphEdgeSchema).default([])
});

export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type Graph = z.infer<typeof graphSchema>;

/** A prospective edge, as the canvas has it while the user drags a connection. */
export interface Connection {
	source: string;
	source_handle: string;
	target: string;
	target_handle: string;
}
