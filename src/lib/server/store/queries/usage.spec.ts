import { describe, expect, it } from 'vitest';
import { histogramQuantile, LATENCY_BUCKETS, latencyBucket, rollupRows } from './usage';

describe('latency histogram', () => {
	it('puts latencies in logarithmic buckets, clamping below 1 ms and above the last bucket', () => {
		expect(latencyBucket(0)).toBe(0);
		expect(latencyBucket(1)).toBe(0);
		expect(latencyBucket(100)).toBe(Math.floor(Math.log(100) / Math.log(1.15)));
		expect(latencyBucket(1e9)).toBe(LATENCY_BUCKETS - 1);
	});

	// Fails when the p95 read from the histogram strays far from the exact percentile.
	it('reads quantiles within the bucket width of the exact value', () => {
		const hist = new Array<number>(LATENCY_BUCKETS).fill(0);
		const values = Array.from({ length: 1000 }, (_, i) => 20 + i * 3);
		for (const v of values) hist[latencyBucket(v)]++;
		const exact = values[Math.ceil(0.95 * values.length) - 1];
		expect(Math.abs(histogramQuantile(hist, 0.95) - exact) / exact).toBeLessThan(0.075);
		expect(histogramQuantile(new Array<number>(LATENCY_BUCKETS).fill(0), 0.95)).toBe(0);
	});
});

describe('rollupRows', () => {
	it('adds one increment per hour and slice, with a histogram only on the hour totals', () => {
		const t = Date.parse('2026-03-10T10:15:00Z');
		const rows = rollupRows([
			{ time: new Date(t), provider: 'a', model: 'm', status: 200, promptTokens: 5, latencyMs: 10, tokenId: 'tok', source: 'gateway' },
			{ time: new Date(t + 60_000), provider: 'a', model: 'm', status: 502, promptTokens: 7, latencyMs: 30, source: 'chat' },
			{ time: new Date(t + 3_600_000), provider: 'b', model: 'n', status: 200 }
		]);
		const all = rows.filter((r) => r.dim === 'all');
		expect(all.map((r) => [r.hour, r.requests, r.errors, r.prompt_tokens, r.latency_ms])).toEqual([
			['2026-03-10T10:00:00.000Z', 2, 1, 12, 40],
			['2026-03-10T11:00:00.000Z', 1, 0, 0, 0]
		]);
		expect(all[0].latency_hist?.reduce((a, n) => a + n, 0)).toBe(2);
		expect(rows.filter((r) => r.dim !== 'all').every((r) => r.latency_hist === null)).toBe(true);
		expect(rows.filter((r) => r.dim === 'token').map((r) => [r.token_id, r.source])).toEqual([
			['tok', 'gateway'],
			['', 'chat'],
			['', 'gateway']
		]);
		expect(rows.filter((r) => r.dim === 'model' && r.hour.startsWith('2026-03-10T10'))).toHaveLength(1);
	});
});
