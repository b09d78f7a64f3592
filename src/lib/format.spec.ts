import { describe, expect, it } from 'vitest';
import { formatCompact, formatCost, formatDuration, timeAgo } from './format';

describe('format', () => {
	it('formats durations across units', () => {
		expect(formatDuration(null)).toBe('–');
		expect(formatDuration(0.4)).toBe('<1 ms');
		expect(formatDuration(12.6)).toBe('13 ms');
		expect(formatDuration(1234)).toBe('1.23 s');
		expect(formatDuration(42_000)).toBe('42.0 s');
		expect(formatDuration(125_000)).toBe('2m 5s');
		expect(formatDuration(3_780_000)).toBe('1h 3m');
	});

	it('formats cost with enough precision for cheap calls', () => {
		expect(formatCost(0)).toBe('$0');
		expect(formatCost(0.00042)).toBe('$0.0004');
		// Fails when a real but tiny cost reads as "$0.0000", as if the call had been free.
		expect(formatCost(0.0000078)).toBe('<$0.0001');
		expect(formatCost(12.345)).toBe('$12.35');
	});

	it('keeps small numbers exact and compacts large ones', () => {
		expect(formatCompact(9999)).toBe('9,999');
		expect(formatCompact(1_250_000)).toBe('1.3M');
	});

	it('says how long ago, or how long until', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		expect(timeAgo(null, now)).toBe('never');
		expect(timeAgo('2026-12-01T11:59:58Z', now)).toBe('just now');
		expect(timeAgo('2026-12-01T11:57:00Z', now)).toBe('3 min ago');
		expect(timeAgo('2026-12-01T14:30:00Z', now)).toBe('in 2 h');
		expect(timeAgo('2026-11-28T12:00:00Z', now)).toBe('3 d ago');
	});
});
