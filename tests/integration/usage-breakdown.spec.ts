import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUsageRows, recentUsageIn, usageBreakdown, usageLatencyP95 } from '../../src/lib/server/store/queries/usage';
import type { NewUsageRow } from '../../src/lib/server/store/schema';
import { openTestStore } from '../helpers/db';

let store: Awaited<ReturnType<typeof openTestStore>>;
const T0 = Date.parse('2026-03-10T00:00:00Z');
const H = 3_600_000;

const row = (at: number, r: Partial<NewUsageRow> = {}): NewUsageRow => ({
	time: new Date(at),
	provider: 'oa',
	model: 'gpt-4o',
	promptTokens: 100,
	completionTokens: 10,
	cachedTokens: 0,
	cost: 0.01,
	latencyMs: 100,
	status: 200,
	source: 'gateway',
	...r
});

beforeAll(async () => {
	store = await openTestStore();
	const latencies = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
	await insertUsageRows(store.db, [
		// hour 0: 20 gateway calls on tok_a with latencies 10..200 ms
		...latencies.map((l, i) => row(T0 + i * 1000, { tokenId: 'tok_a', latencyMs: l })),
		// hour 2: two failed anthropic calls and one chat call without a token
		row(T0 + 2 * H + 5, { provider: 'an', model: 'claude-haiku-4-5', status: 500, error: 'boom', cost: 0, completionTokens: 0 }),
		row(T0 + 2 * H + 6, { provider: 'an', model: 'claude-haiku-4-5', status: 429, cost: 0, completionTokens: 0 }),
		row(T0 + 2 * H + 7, { source: 'chat', cachedTokens: 40 }),
		// outside the window on both sides
		row(T0 - 1),
		row(T0 + 24 * H)
	]);
});

afterAll(async () => {
	await store?.dispose();
});

describe('usageBreakdown', () => {
	it('sums every dimension in one scan, excluding rows outside [from, to)', async () => {
		const rows = await usageBreakdown(store.db, new Date(T0), new Date(T0 + 24 * H), 'hour');
		const of = (dim: string) => rows.filter((r) => r.dim === dim);
		const total = of('total')[0];
		expect(total).toMatchObject({ requests: 23, errors: 2, prompt_tokens: 2300, completion_tokens: 210, cached_tokens: 40 });
		expect(total.cost).toBeCloseTo(0.21, 10);

		expect(of('bucket').map((r) => [r.key, r.requests, r.errors])).toEqual(
			expect.arrayContaining([
				['2026-03-10T00:00:00Z', 20, 0],
				['2026-03-10T02:00:00Z', 3, 2]
			])
		);
		expect(of('bucket')).toHaveLength(2);
		const hour0 = of('bucket').find((r) => r.key === '2026-03-10T00:00:00Z')!;
		expect(hour0.avg_latency_ms).toBe(105);

		expect(Object.fromEntries(of('provider').map((r) => [r.key, r.requests]))).toEqual({ oa: 21, an: 2 });
		expect(Object.fromEntries(of('model').map((r) => [r.key, r.requests]))).toEqual({ 'oa/gpt-4o': 21, 'an/claude-haiku-4-5': 2 });
		expect(Object.fromEntries(of('source').map((r) => [r.key, r.requests]))).toEqual({ gateway: 22, chat: 1 });
		expect(Object.fromEntries(of('status').map((r) => [r.key, r.requests]))).toEqual({ '200': 21, '500': 1, '429': 1 });
		// Calls without a token are told apart by their source.
		expect(of('token').map((r) => [r.key, r.source, r.requests])).toEqual(
			expect.arrayContaining([
				['tok_a', 'gateway', 20],
				[null, 'gateway', 2],
				[null, 'chat', 1]
			])
		);
	});

	it('computes the p95 latency per bucket and over the range', async () => {
		const p95 = await usageLatencyP95(store.db, new Date(T0), new Date(T0 + 24 * H), 'hour');
		// percentile_disc(0.95) of 10, 20, ..., 200 is the 19th value.
		expect(p95.get('2026-03-10T00:00:00Z')).toBe(190);
		expect(p95.get('2026-03-10T02:00:00Z')).toBe(100);
		expect(p95.get(null)).toBe(190);
		expect(p95.size).toBe(3);
	});

	it('buckets by UTC day', async () => {
		const rows = await usageBreakdown(store.db, new Date(T0 - 24 * H), new Date(T0 + 48 * H), 'day');
		expect(
			rows
				.filter((r) => r.dim === 'bucket')
				.map((r) => [r.key, r.requests])
				.sort()
		).toEqual([
			['2026-03-09T00:00:00Z', 1],
			['2026-03-10T00:00:00Z', 23],
			['2026-03-11T00:00:00Z', 1]
		]);
	});

	it('answers an empty window with only a zero total', async () => {
		const rows = await usageBreakdown(store.db, new Date(T0 + 100 * H), new Date(T0 + 101 * H), 'hour');
		expect(rows).toEqual([expect.objectContaining({ dim: 'total', requests: 0, cost: 0 })]);
	});
});

describe('recentUsageIn', () => {
	it('lists the newest calls of the window first, optionally only the failed ones', async () => {
		const recent = await recentUsageIn(store.db, new Date(T0), new Date(T0 + 24 * H), 5);
		expect(recent).toHaveLength(5);
		expect(recent[0].source).toBe('chat');
		const failed = await recentUsageIn(store.db, new Date(T0), new Date(T0 + 24 * H), 50, true);
		expect(failed.map((r) => r.status).sort()).toEqual([429, 500]);
	});
});
