import { describe, expect, it } from 'vitest';
import { usagePageQuerySchema } from '$lib/schemas/usage';
import { bucketKeys, usageWindow } from './usageRange';

const NOW = Date.parse('2026-03-10T14:25:00Z');
const q = (params: Record<string, string>) => usagePageQuerySchema.parse(params);

describe('usageWindow', () => {
	it('24h: the 24 whole hours ending with the current one, by hour', () => {
		const w = usageWindow(q({ range: '24h' }), NOW);
		expect([w.from.toISOString(), w.to.toISOString(), w.bucket]).toEqual(['2026-03-09T15:00:00.000Z', '2026-03-10T15:00:00.000Z', 'hour']);
		const keys = bucketKeys(w);
		expect(keys).toHaveLength(24);
		expect(keys.at(-1)).toBe('2026-03-10T14:00:00Z');
	});

	it('7d and 30d: whole UTC days including today, by day', () => {
		const w7 = usageWindow(q({ range: '7d' }), NOW);
		expect([w7.from.toISOString(), w7.to.toISOString(), w7.bucket]).toEqual(['2026-03-04T00:00:00.000Z', '2026-03-11T00:00:00.000Z', 'day']);
		expect(bucketKeys(w7)).toHaveLength(7);
		expect(bucketKeys(usageWindow(q({ range: '30d' }), NOW))).toHaveLength(30);
	});

	// Fails when a custom range drops its last day or switches to hourly bars past three days.
	it('custom: from..to inclusive, hourly up to three days, capped at a year', () => {
		const short = usageWindow(q({ range: 'custom', from: '2026-01-01', to: '2026-01-02' }), NOW);
		expect([short.from.toISOString(), short.to.toISOString(), short.bucket]).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 'hour']);
		expect(bucketKeys(short)).toHaveLength(48);
		const long = usageWindow(q({ range: 'custom', from: '2026-01-01', to: '2026-01-04' }), NOW);
		expect(long.bucket).toBe('day');
		const huge = usageWindow(q({ range: 'custom', from: '2000-01-01', to: '2026-01-01' }), NOW);
		expect(bucketKeys(huge)).toHaveLength(366);
	});
});

describe('usagePageQuerySchema', () => {
	it('falls back to 24h for an unknown range and rejects bad custom ranges with a message', () => {
		expect(q({ range: 'forever' })).toEqual({ range: '24h', errorsOnly: false });
		expect(q({ errors: '1' })).toEqual({ range: '24h', errorsOnly: true });
		const reversed = usagePageQuerySchema.safeParse({ range: 'custom', from: '2026-02-02', to: '2026-02-01' });
		expect(reversed.success).toBe(false);
		expect(reversed.error?.issues[0].message).toBe('the start date must not be after the end date');
		const missing = usagePageQuerySchema.safeParse({ range: 'custom', from: '2026-02-02' });
		expect(missing.error?.issues[0].message).toBe('a custom range needs a start and an end date');
		const garbage = usagePageQuerySchema.safeParse({ range: 'custom', from: 'yesterday', to: '2026-02-01' });
		expect(garbage.success).toBe(false);
	});
});
