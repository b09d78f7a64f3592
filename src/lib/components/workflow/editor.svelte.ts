/**
 * The canvas's state: Svelte Flow's nodes and edges (`$state.raw`, replaced, never mutated), undo
 * history of committed graphs, validation (debounced, on commits only — panning and dragging never
 * re-validate), the run shown on the canvas, and the commands behind toolbar buttons and shortcuts.
 *
 * A commit is a change the user made (add, connect, delete, drop after a drag, a form edit);
 * selection and measuring are not commits.
 */
import { getContext, setContext } from 'svelte';
import { canConnect, getNodeType, outputPorts, validateGraph, type Connection, type Graph, type GraphError } from '$lib/workflow';
import { autoLayout } from './autoLayout';
import { fromFlow, isVisual, newFlowNode, nextEdgeId, parseClipboard, pastedGraph, selectionGraph, toFlow, withGeometry, type FlowEdge, type FlowNode } from './flow';
import {
	connectedByNode,
	errorsByNode,
	groupNodes,
	groupsFirst,
	NO_ERRORS,
	NO_NUMBERS,
	NO_PORTS,
	nodeNumbers,
	refreshScripts,
	removeSelection,
	reparent,
	rewireOutputs,
	selectedIds,
	triggerIds,
	withTriggerIds
} from './graphOps';
import { History } from './history';
import { NODE_WIDTH } from './layout';
import type { RunView } from './runState';
import type { Lookups } from './summary';

const VALIDATE_DELAY_MS = 150;

interface Snapshot {
	graph: Graph;
	json: string;
}

function snapshot(graph: Graph): Snapshot {
	return { graph, json: JSON.stringify(graph) };
}

export class Editor {
	nodes = $state.raw<FlowNode[]>([]);
	edges = $state.raw<FlowEdge[]>([]);
	/** Viewing a stored version (or a run's version): nothing can be edited. */
	readonly = $state(false);
	errors = $state.raw<ReadonlyMap<string, GraphError[]>>(NO_ERRORS);
	problems = $state.raw<GraphError[]>([]);
	run = $state.raw<RunView | null>(null);
	canUndo = $state(false);
	canRedo = $state(false);
	/** Why the connection being dragged is refused (shown next to the cursor). */
	connectionHint = $state<string | null>(null);
	lookups = $state.raw<Lookups>({});
	/** Node numbers by id; refreshed on commits, not on every drag frame. */
	numbers = $state.raw<ReadonlyMap<string, number>>(NO_NUMBERS);

	private savedJson = $state('');
	private currentJson = $state('');
	readonly dirty = $derived(this.savedJson !== this.currentJson);

	/** The AT graph of what is on the canvas; recomputed lazily, only when read after a change. */
	readonly graph = $derived(fromFlow(this.nodes, this.edges));
	/** Input ports with an edge, per node (script cards show those plus one free port). */
	readonly connected = $derived(connectedByNode(this.edges));
	readonly selectedNodes = $derived(this.nodes.filter((n) => n.selected));

	private history: History<Snapshot>;
	private validateTimer: ReturnType<typeof setTimeout> | undefined;

	/** Nothing can ever be edited (a viewer's canvas). */
	readonly locked: boolean;

	constructor(graph: Graph, opts: { locked?: boolean } = {}) {
		this.locked = opts.locked ?? false;
		this.readonly = this.locked;
		const snap = snapshot(graph);
		this.history = new History(snap);
		this.savedJson = snap.json;
		this.currentJson = snap.json;
		this.show(graph);
		this.validateNow();
	}

	private show(graph: Graph) {
		const f = toFlow(graph);
		this.nodes = f.nodes;
		this.edges = f.edges;
		this.refreshNumbers();
	}

	private refreshNumbers() {
		this.numbers = nodeNumbers(this.nodes);
	}

	private syncHistoryFlags() {
		this.canUndo = this.history.canUndo;
		this.canRedo = this.history.canRedo;
	}

	/** Records the canvas as one undo step (`key`: edits with the same key within a second merge). */
	commit(key: string | null = null) {
		if (this.readonly) return;
		const snap = snapshot(this.graph);
		if (snap.json === this.history.current.json) return;
		this.history.push(snap, key);
		this.currentJson = snap.json;
		this.refreshNumbers();
		this.syncHistoryFlags();
		this.scheduleValidation();
	}

	/** Replaces the canvas and the history (a different draft, e.g. after loading). */
	reset(graph: Graph, saved = true) {
		const snap = snapshot(graph);
		this.history.reset(snap);
		if (saved) this.savedJson = snap.json;
		this.currentJson = snap.json;
		this.show(graph);
		this.syncHistoryFlags();
		this.validateNow();
	}

	private stash = $state.raw<{ nodes: FlowNode[]; edges: FlowEdge[] } | null>(null);

	/** Shows another graph read-only (a stored version); the draft and its history wait aside. */
	enterView(graph: Graph) {
		if (!this.stash) this.stash = { nodes: this.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), edges: this.edges };
		this.readonly = true;
		this.show(graph);
		this.validateNow();
	}

	/** Back to the draft after enterView. */
	exitView() {
		if (!this.stash) return;
		this.nodes = this.stash.nodes;
		this.edges = this.stash.edges;
		this.stash = null;
		this.readonly = this.locked;
		this.refreshNumbers();
		this.validateNow();
	}

	get viewing(): boolean {
		return this.stash !== null;
	}

	/**
	 * After a save of `sentJson`: the server's copy carries trigger ids for trigger nodes; they are
	 * written into the canvas without an undo step. The canvas is clean unless it changed meanwhile.
	 */
	applySaved(sentJson: string, server: Graph) {
		const ids = triggerIds(server);
		const sent = JSON.parse(sentJson) as Graph;
		const saved = JSON.stringify({ ...sent, nodes: withTriggerIds(sent.nodes, ids) });
		const unchanged = this.currentJson === sentJson;
		if (this.stash) this.stash = { ...this.stash, nodes: withTriggerIds(this.stash.nodes, ids) };
		else this.nodes = withTriggerIds(this.nodes, ids);
		this.savedJson = saved;
		if (unchanged && !this.stash) {
			const snap = snapshot(this.graph);
			this.history.replacePresent(snap);
			this.currentJson = snap.json;
		} else if (!this.stash) this.commit();
	}

	get currentGraphJson(): string {
		return this.currentJson;
	}

	/** Replaces the canvas as one undoable step (restore a version into the draft). */
	replace(graph: Graph) {
		this.show(graph);
		this.commit();
	}

	undo() {
		if (this.readonly) return;
		const s = this.history.undo();
		if (!s) return;
		this.show(s.graph);
		this.currentJson = s.json;
		this.syncHistoryFlags();
		this.scheduleValidation();
	}

	redo() {
		if (this.readonly) return;
		const s = this.history.redo();
		if (!s) return;
		this.show(s.graph);
		this.currentJson = s.json;
		this.syncHistoryFlags();
		this.scheduleValidation();
	}

	private scheduleValidation() {
		clearTimeout(this.validateTimer);
		this.validateTimer = setTimeout(() => this.validateNow(), VALIDATE_DELAY_MS);
	}

	validateNow() {
		clearTimeout(this.validateTimer);
		const result = validateGraph(this.graph);
		this.errors = errorsByNode(result.errors);
		this.problems = result.errors;
		return result;
	}

	connectedInputs(id: string): ReadonlySet<string> {
		return this.connected.get(id) ?? NO_PORTS;
	}

	node(id: string): FlowNode | undefined {
		return this.nodes.find((n) => n.id === id);
	}

	/** Whether the edge may be added (same rules as the server); remembers why not for the hint. */
	check(c: { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }): boolean {
		const conn: Connection = { source: c.source, source_handle: c.sourceHandle ?? '', target: c.target, target_handle: c.targetHandle ?? '' };
		const r = canConnect(this.graph, conn);
		this.connectionHint = r.ok ? null : r.reason;
		return r.ok;
	}

	/** The edge Svelte Flow adds for a finished connection. */
	edgeFor(c: { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }): FlowEdge {
		const src = this.node(c.source);
		const kind = (src && outputPorts({ type: src.type ?? '', data: src.data }).find((p) => p.name === c.sourceHandle)?.kind) || 'data';
		return { id: nextEdgeId(this.edges), type: 'at', source: c.source, target: c.target, sourceHandle: c.sourceHandle ?? null, targetHandle: c.targetHandle ?? null, data: { kind }, class: `at-edge at-edge-${kind}` };
	}

	/** After edges changed: scripts show their connected ports, so their cards may change. */
	refreshGeometry(nodeIds: Iterable<string>) {
		const next = refreshScripts(this.nodes, this.edges, nodeIds);
		if (next !== this.nodes) this.nodes = next;
	}

	afterConnect(target: string) {
		this.connectionHint = null;
		this.refreshGeometry([target]);
		this.commit();
	}

	afterDelete(deleted: { nodes: FlowNode[]; edges: FlowEdge[] }) {
		this.refreshGeometry(deleted.edges.map((e) => e.target));
		this.commit();
	}

	addNode(type: string, position: { x: number; y: number }, opts: { connectFrom?: string } = {}): FlowNode | undefined {
		if (this.readonly || !getNodeType(type)) return;
		const node = { ...newFlowNode(type, position, this.nodes), selected: true };
		let edges = this.edges;
		const from = opts.connectFrom ? this.node(opts.connectFrom) : undefined;
		if (from && !isVisual(type)) {
			const graph = fromFlow([...this.nodes, node], this.edges);
			for (const out of outputPorts({ type: from.type ?? '', data: from.data })) {
				const target = getNodeType(type)!.inputs.find((p) => canConnect(graph, { source: from.id, source_handle: out.name, target: node.id, target_handle: p.name }).ok);
				if (target) {
					edges = [...edges, this.edgeFor({ source: from.id, sourceHandle: out.name, target: node.id, targetHandle: target.name })];
					break;
				}
			}
		}
		this.nodes = groupsFirst([...this.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
		this.edges = edges;
		this.refreshGeometry([node.id]);
		this.commit();
		return node;
	}

	updateData(id: string, data: Record<string, unknown>, key: string | null = `data:${id}`) {
		if (this.readonly) return;
		const node = this.node(id);
		if (!node) return;
		const before = outputPorts({ type: node.type ?? '', data: node.data }).map((p) => p.name);
		const after = outputPorts({ type: node.type ?? '', data }).map((p) => p.name);
		this.nodes = this.nodes.map((n) => (n.id === id ? withGeometry({ ...n, data }, this.connectedInputs(id)) : n));
		if (before.join('\0') !== after.join('\0')) this.edges = rewireOutputs(this.edges, id, before, after);
		this.commit(key);
	}

	resize(id: string, size: { width: number; height: number }) {
		this.nodes = this.nodes.map((n) => (n.id === id ? { ...n, width: Math.round(size.width), height: Math.round(size.height) } : n));
		this.commit();
	}

	deleteSelection() {
		if (this.readonly) return;
		const r = removeSelection(this.nodes, this.edges);
		if (!r) return;
		this.nodes = r.nodes;
		this.edges = r.edges;
		this.afterDelete({ nodes: [], edges: r.removedEdges });
	}

	selectOnly(id: string | null) {
		this.nodes = this.nodes.map((n) => ((n.id === id) !== !!n.selected ? { ...n, selected: n.id === id } : n));
		this.edges = this.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
	}

	selectionIds(): ReadonlySet<string> {
		return selectedIds(this.nodes);
	}

	/** The selection as AT graph JSON, or null when nothing is selected. */
	copySelection(): string | null {
		const ids = this.selectionIds();
		if (!ids.size) return null;
		return JSON.stringify(selectionGraph(this.nodes, this.edges, ids), null, 2);
	}

	/** Pastes AT graph JSON; returns how many nodes were added (0 when the text is not a graph). */
	paste(text: string, at?: { x: number; y: number }): number {
		if (this.readonly) return 0;
		const clip = parseClipboard(text);
		if (!clip) return 0;
		const added = pastedGraph(clip, { nodes: this.nodes, edges: this.edges }, at);
		this.nodes = groupsFirst([...this.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added.nodes]);
		this.edges = [...this.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...added.edges];
		this.commit();
		return added.nodes.length;
	}

	duplicateSelection(): number {
		const text = this.copySelection();
		return text ? this.paste(text) : 0;
	}

	autoLayout() {
		if (this.readonly) return;
		const pos = autoLayout(
			this.nodes.map((n) => ({
				id: n.id,
				type: n.type ?? '',
				position: n.position,
				width: n.measured?.width ?? n.width ?? n.initialWidth ?? NODE_WIDTH,
				height: n.measured?.height ?? n.height ?? n.initialHeight ?? 100,
				parent: n.parentId
			})),
			this.edges
		);
		this.nodes = this.nodes.map((n) => (pos.has(n.id) ? { ...n, position: pos.get(n.id)! } : n));
		this.commit();
	}

	/** Puts the selected nodes into a new group (one undo step); returns the group's id. */
	groupSelection(): string | null {
		if (this.readonly) return null;
		const frame = newFlowNode('group', { x: 0, y: 0 }, this.nodes);
		const next = groupNodes(this.nodes, this.selectionIds(), frame);
		if (!next) return null;
		this.nodes = next;
		this.commit();
		return frame.id;
	}

	/** After a drag: nodes may join or leave groups (graphOps.reparent); the move is one undo step. */
	afterDrag(draggedIds: string[]) {
		const next = reparent(this.nodes, draggedIds);
		if (next) this.nodes = next;
		this.commit();
	}
}

const KEY = Symbol('at-canvas-editor');

export function provideEditor(editor: Editor) {
	setContext(KEY, editor);
}

export function useEditor(): Editor {
	const e = getContext<Editor | undefined>(KEY);
	if (!e) throw new Error('useEditor() outside the workflow canvas');
	return e;
}
