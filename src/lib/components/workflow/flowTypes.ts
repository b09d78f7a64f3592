/** The Svelte Flow node and edge components of AT graphs, shared by the canvas and the run page's graph. */
import type { EdgeTypes, Node, NodeTypes } from '@xyflow/svelte';
import { getNodeType, nodeTypes as registry } from '$lib/workflow';
import AtEdge from './AtEdge.svelte';
import GroupNode from './nodes/GroupNode.svelte';
import StickyNoteNode from './nodes/StickyNoteNode.svelte';
import WorkflowNode from './nodes/WorkflowNode.svelte';
import { GROUP_TONES } from './tones';

export const NODE_TYPES: NodeTypes = {
	...Object.fromEntries(Object.keys(registry).map((t) => [t, WorkflowNode])),
	group: GroupNode,
	sticky_note: StickyNoteNode
};

export const EDGE_TYPES: EdgeTypes = { at: AtEdge };

/** Minimap fill: the node's palette group colour; groups are drawn as outlines, notes in amber. */
export const minimapColor = (n: Node) => (n.type === 'group' ? 'transparent' : n.type === 'sticky_note' ? '#fcd34d' : GROUP_TONES[getNodeType(n.type ?? '')?.group ?? 'Processing'].minimap);
export const minimapStroke = (n: Node) => (n.type === 'group' ? '#a1a1aa' : 'transparent');
