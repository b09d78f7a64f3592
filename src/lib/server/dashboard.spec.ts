import { describe, expect, it } from 'vitest';
import { healthOf, hourlySeries } from './dashboard';

describe('dashboard', () => {
	it('derives provider health from the last hour of calls', () => {
		expect(healthOf(undefined)).toBe('idle');
		expect(healthOf({ requests: 10, errors: 0, lastStatus: 200 })).toBe('healthy');
		expect(healthOf({ requests: 10, errors: 2, lastStatus: 200 })).toBe('degraded');
		expect(healthOf({ requests: 10, errors: 1, lastStatus: 502 })).toBe('failing');
	});

	it('fills 24 hourly buckets ending with the current hour, zero where there was no traffic', () => {
		const now = Date.parse('2026-12-01T12:34:00Z');
		const s = hourlySeries([{ key: '2026-12-01T12:00:00Z', n: 3 }, { key: '2026-11-30T13:00:00Z', n: 1 }, { key: '2026-11-30T12:00:00Z', n: 9 }], now);
		expect(s).toHaveLength(24);
		expect(s[0].hour).toBe('2026-11-30T13:00:00Z');
		expect(s[0].row?.n).toBe(1);
		expect(s[23].hour).toBe('2026-12-01T12:00:00Z');
		expect(s[23].row?.n).toBe(3);
		expect(s.filter((x) => x.row).length).toBe(2);
	});
});
