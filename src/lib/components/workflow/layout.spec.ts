import { describe, expect, it } from 'vitest';
import { nodeTypes } from '$lib/workflow';
import { HANDLE_SIZE, HEADER_HEIGHT, handleBoxes, NODE_WIDTH, nodeLayout, PORT_ROW, PORTS_PAD, visibleInputs } from './layout';

describe('nodeLayout', () => {
	// Prevents server-rendered edges pointing at the wrong place: handle boxes must sit on the card edges at each port row.
	it('puts one handle per port on the card edges, centred on its row', () => {
		const l = nodeLayout('llm_call', { provider: 'p' });
		expect(l.width).toBe(NODE_WIDTH);
		expect(l.inputs.map((s) => s.port.name)).toEqual(['prompt', 'context']);
		expect(l.outputs.map((s) => s.port.name)).toEqual(['response', 'usage']);
		const boxes = handleBoxes(l);
		const prompt = boxes.find((b) => b.id === 'prompt' && b.type === 'target')!;
		expect(prompt).toMatchObject({ position: 'left', x: -HANDLE_SIZE / 2, y: HEADER_HEIGHT + PORTS_PAD + PORT_ROW / 2 - HANDLE_SIZE / 2 });
		const usage = boxes.find((b) => b.id === 'usage')!;
		expect(usage).toMatchObject({ type: 'source', position: 'right', x: NODE_WIDTH - HANDLE_SIZE / 2, y: HEADER_HEIGHT + PORTS_PAD + PORT_ROW * 1.5 - HANDLE_SIZE / 2 });
	});

	// Prevents a switch card whose ports do not follow its cases.
	it('gives a switch one output per named case plus default, and grows with them', () => {
		const one = nodeLayout('switch', { cases: [{ name: 'a', expression: '1' }] });
		const three = nodeLayout('switch', { cases: ['a', 'b', 'c'].map((name) => ({ name, expression: '1' })) });
		expect(three.outputs.map((s) => s.port.name)).toEqual(['a', 'b', 'c', 'default']);
		expect(three.height - one.height).toBe(2 * PORT_ROW);
	});

	// Prevents a script card with ten input ports, or with no free port to connect to.
	it('shows a script’s connected data ports plus the first free one', () => {
		expect(visibleInputs('script', {}, new Set()).map((p) => p.name)).toEqual(['data']);
		expect(visibleInputs('script', {}, new Set(['data', 'data3'])).map((p) => p.name)).toEqual(['data', 'data2', 'data3']);
		const all = new Set(['data', ...Array.from({ length: 9 }, (_, i) => `data${i + 2}`)]);
		expect(visibleInputs('script', {}, all)).toHaveLength(10);
	});

	// Prevents a node type with no geometry (a card the server cannot size).
	it('sizes every registered type', () => {
		for (const type of Object.keys(nodeTypes)) {
			const l = nodeLayout(type, {});
			expect(l.width, type).toBeGreaterThan(0);
			expect(l.height, type).toBeGreaterThanOrEqual(HEADER_HEIGHT);
		}
	});
});
