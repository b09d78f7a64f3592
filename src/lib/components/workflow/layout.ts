/**
 * The geometry of a node card, computed from its type and data alone, so that the server can hand
 * Svelte Flow every node's size and handle positions (the nodes and edges are server-rendered) and
 * the browser draws exactly the same boxes. Every row of a card has a fixed pixel height; the
 * component sets these sizes explicitly, so fonts cannot make the DOM disagree with this module.
 */
import { getNodeType, inputPorts, outputPorts, type PortDef } from '$lib/workflow';
import { summaryRows, type SummaryRow } from './summary';

export const NODE_WIDTH = 272;
export const HEADER_HEIGHT = 52;
export const PORT_ROW = 24;
export const PORTS_PAD = 6;
export const BODY_PAD_TOP = 4;
export const BODY_PAD_BOTTOM = 10;
export const ROW_HEIGHT: Record<SummaryRow['kind'], number> = { kv: 22, block: 50, note: 22 };
/** Handles are 12 px squares centred on the card's left and right edges. */
export const HANDLE_SIZE = 12;

export const VISUAL_DEFAULTS: Record<string, { width: number; height: number }> = {
	group: { width: 520, height: 320 },
	sticky_note: { width: 260, height: 180 }
};

export interface PortSlot {
	port: PortDef;
	/** Centre of the port row, from the top of the card. */
	y: number;
}

export interface NodeLayout {
	width: number;
	height: number;
	inputs: PortSlot[];
	outputs: PortSlot[];
	portsHeight: number;
	rows: SummaryRow[];
}

/**
 * The input ports a card shows. A script has ten optional `data` inputs; it shows the connected
 * ones plus the first free one, so the card stays small and there is always somewhere to connect.
 */
export function visibleInputs(type: string, data: Record<string, unknown>, connected: ReadonlySet<string>): PortDef[] {
	const all = inputPorts({ type, data });
	if (type !== 'script') return all;
	const firstFree = all.find((p) => !connected.has(p.name));
	return all.filter((p) => connected.has(p.name) || p === firstFree);
}

export function nodeLayout(
	type: string,
	data: Record<string, unknown>,
	connected: ReadonlySet<string> = new Set()
): NodeLayout {
	const def = getNodeType(type);
	if (!def || def.visualOnly) {
		const size = VISUAL_DEFAULTS[type] ?? { width: NODE_WIDTH, height: HEADER_HEIGHT };
		return { ...size, inputs: [], outputs: [], portsHeight: 0, rows: [] };
	}
	const ins = visibleInputs(type, data, connected);
	const outs = outputPorts({ type, data });
	const rowsCount = Math.max(ins.length, outs.length);
	const portsHeight = rowsCount ? rowsCount * PORT_ROW + 2 * PORTS_PAD : 0;
	const slot = (port: PortDef, i: number): PortSlot => ({ port, y: HEADER_HEIGHT + PORTS_PAD + i * PORT_ROW + PORT_ROW / 2 });
	const rows = summaryRows(type, data);
	const body = rows.length ? BODY_PAD_TOP + BODY_PAD_BOTTOM + rows.reduce((a, r) => a + ROW_HEIGHT[r.kind], 0) : 0;
	return {
		width: NODE_WIDTH,
		height: HEADER_HEIGHT + portsHeight + body,
		inputs: ins.map(slot),
		outputs: outs.map(slot),
		portsHeight,
		rows
	};
}

export interface HandleBox {
	id: string;
	type: 'source' | 'target';
	position: 'left' | 'right';
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Svelte Flow's `handles` for a node: the same boxes the DOM handles occupy. */
export function handleBoxes(layout: NodeLayout): HandleBox[] {
	const h = HANDLE_SIZE;
	return [
		...layout.inputs.map((s) => ({ id: s.port.name, type: 'target' as const, position: 'left' as const, x: -h / 2, y: s.y - h / 2, width: h, height: h })),
		...layout.outputs.map((s) => ({ id: s.port.name, type: 'source' as const, position: 'right' as const, x: layout.width - h / 2, y: s.y - h / 2, width: h, height: h }))
	];
}
