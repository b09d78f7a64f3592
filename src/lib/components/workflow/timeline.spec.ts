import { describe, expect, it } from 'vitest';
import { axisTicks, buildTimeline } from './timeline';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const step = (node_id: string, start: number | null, end: number | null, extra: Record<string, unknown> = {}) => ({
	node_id,
	status: end === null ? 'running' : 'succeeded',
	started_at: start === null ? null : at(start),
	finished_at: end === null ? null : at(end),
	...extra
});

describe('step timeline', () => {
	// Fails when steps that ran side by side are not drawn overlapping (concurrency would be invisible).
	it('places each step by its start and duration on the run axis, so concurrent steps overlap', () => {
		const t = buildTimeline([step('a', 0, 100), step('b', 100, 600), step('c', 100, 350), step('d', 600, 1000)], { started_at: at(0), duration_ms: 1000, ended: true }, T0 + 5000);
		expect(t.span).toBe(1000);
		const by = Object.fromEntries(t.rows.map((r) => [r.node_id, r]));
		expect(by.b).toMatchObject({ offset: 100, duration: 500, left: 10, width: 50 });
		expect(by.c).toMatchObject({ offset: 100, duration: 250, left: 10, width: 25 });
		expect(by.d).toMatchObject({ offset: 600, left: 60, width: 40 });
		expect(by.b.left + by.b.width).toBeGreaterThan(by.c.left);
	});

	// Fails when a running step or run stops growing (the live page would look frozen).
	it('lets a running step and a running run reach now', () => {
		const t = buildTimeline([step('a', 0, 200), step('b', 200, null)], { started_at: at(0), duration_ms: null, ended: false }, T0 + 800);
		expect(t.span).toBe(800);
		expect(t.rows.find((r) => r.node_id === 'b')).toMatchObject({ offset: 200, duration: 600, status: 'running', width: 75 });
	});

	// Fails when the table order jumps around: rows follow start time, then the graph's node order, then iteration.
	it('orders rows by start, then graph order, then iteration; keys are node and iteration', () => {
		const order = new Map([
			['x', 0],
			['y', 1]
		]);
		const t = buildTimeline(
			[step('y', 10, 20), step('x', 10, 30), step('body', 40, 50, { iteration: 1 }), step('body', 40, 45, { iteration: 0 }), step('late', null, null, { status: 'skipped' })],
			{ started_at: at(0), duration_ms: 60, ended: true },
			T0,
			order
		);
		expect(t.rows.map((r) => r.key)).toEqual(['x\0-1', 'y\0-1', 'body\x000', 'body\x001', 'late\0-1']);
		expect(t.rows.at(-1)).toMatchObject({ offset: null, width: 0 });
	});

	it('falls back to the first step as the origin and never divides by zero', () => {
		const t = buildTimeline([step('a', 50, 50, { reused: true })], { started_at: null, duration_ms: 0, ended: true }, T0);
		expect(t.span).toBe(1);
		expect(t.rows[0]).toMatchObject({ offset: 0, duration: 0, reused: true });
	});
});

describe('axis ticks', () => {
	// Fails when the time axis shows odd steps (1.3 s, 2.6 s …) instead of round ones.
	it('uses 1, 2 or 5 × 10ⁿ steps up to the span', () => {
		expect(axisTicks(105)).toEqual([0, 50, 100]);
		expect(axisTicks(3400)).toEqual([0, 1000, 2000, 3000]);
		expect(axisTicks(8)).toEqual([0, 2, 4, 6, 8]);
		expect(axisTicks(0)).toEqual([0]);
	});
});
