import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/lib/server/store/db';
import { histogramQuantile, insertUsageRows, recentUsageIn, usageRollupSeries, usageRollupSlices, usageTotals } from '../../src/lib/server/store/queries/usage';
import type { NewUsageRow } from '../../src/lib/server/store/schema';
import { openTestStore } from '../helpers/db';
import { dropSchema } from '../helpers/server';
import { testDatabaseUrl, testStore, uniqueName } from '../helpers/env';

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

const latencies = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
const ROWS: NewUsageRow[] = [
	// hour 0: 20 gateway calls on tok_a with latencies 10..200 ms
	...latencies.map((l, i) => row(T0 + i * 1000, { tokenId: 'tok_a', latencyMs: l })),
	// hour 2: two failed anthropic calls and one chat call without a token
	row(T0 + 2 * H + 5, { provider: 'an', model: 'claude-haiku-4-5', status: 500, error: 'boom', cost: 0, completionTokens: 0 }),
	row(T0 + 2 * H + 6, { provider: 'an', model: 'claude-haiku-4-5', status: 429, cost: 0, completionTokens: 0 }),
	row(T0 + 2 * H + 7, { source: 'chat', cachedTokens: 40 }),
	// outside the 24 h window on both sides
	row(T0 - 1),
	row(T0 + 24 * H)
];

beforeAll(async () => {
	store = await openTestStore();
	// Three batches that share hours: the rollup must add up across upserts.
	await insertUsageRows(store.db, ROWS.slice(0, 7));
	await insertUsageRows(store.db, ROWS.slice(7, 21));
	await insertUsageRows(store.db, ROWS.slice(21));
});

afterAll(async () => {
	await store?.dispose();
});

describe('the hourly usage rollup', () => {
	// Fails when the pre-aggregated numbers drift from the raw rows they summarise.
	it('agrees with the raw rows: totals over the window equal usageTotals', async () => {
		const from = new Date(T0);
		const to = new Date(T0 + 24 * H);
		const series = await usageRollupSeries(store.db, from, to, 'hour');
		const raw = await usageTotals(store.db, from, to);
		const sum = (k: 'requests' | 'prompt_tokens' | 'completion_tokens' | 'cached_tokens' | 'errors') => series.reduce((a, b) => a + b[k], 0);
		expect({ requests: sum('requests'), prompt: sum('prompt_tokens'), completion: sum('completion_tokens'), cached: sum('cached_tokens'), errors: sum('errors') }).toEqual({
			requests: raw.requests,
			prompt: raw.promptTokens,
			completion: raw.completionTokens,
			cached: raw.cachedTokens,
			errors: raw.errors
		});
		expect(raw.requests).toBe(23);
		expect(series.reduce((a, b) => a + b.cost, 0)).toBeCloseTo(raw.cost, 10);
	});

	it('buckets by hour with mean and p95 latency, and by UTC day', async () => {
		const hourly = await usageRollupSeries(store.db, new Date(T0), new Date(T0 + 24 * H), 'hour');
		expect(hourly.map((b) => [b.bucket, b.requests, b.errors])).toEqual([
			['2026-03-10T00:00:00Z', 20, 0],
			['2026-03-10T02:00:00Z', 3, 2]
		]);
		expect(hourly[0].latency_ms / hourly[0].requests).toBe(105);
		// The exact p95 of 10, 20, ..., 200 ms is 190 ms; the histogram is within 7.5%.
		const p95 = histogramQuantile(hourly[0].latency_hist, 0.95);
		expect(Math.abs(p95 - 190) / 190).toBeLessThan(0.075);

		const daily = await usageRollupSeries(store.db, new Date(T0 - 24 * H), new Date(T0 + 48 * H), 'day');
		expect(daily.map((b) => [b.bucket, b.requests])).toEqual([
			['2026-03-09T00:00:00Z', 1],
			['2026-03-10T00:00:00Z', 23],
			['2026-03-11T00:00:00Z', 1]
		]);
	});

	it('breaks the window down by model, token + source and status', async () => {
		const slices = await usageRollupSlices(store.db, new Date(T0), new Date(T0 + 24 * H));
		const of = (dim: string) => slices.filter((s) => s.dim === dim);
		expect(Object.fromEntries(of('model').map((s) => [`${s.provider}/${s.model}`, s.requests]))).toEqual({ 'oa/gpt-4o': 21, 'an/claude-haiku-4-5': 2 });
		expect(of('model').find((s) => s.provider === 'an')?.errors).toBe(2);
		expect(of('token').map((s) => [s.token_id, s.source, s.requests])).toEqual(
			expect.arrayContaining([
				['tok_a', 'gateway', 20],
				['', 'gateway', 2],
				['', 'chat', 1]
			])
		);
		expect(of('token')).toHaveLength(3);
		expect(Object.fromEntries(of('status').map((s) => [s.status, s.requests]))).toEqual({ 200: 21, 500: 1, 429: 1 });
	});

	it('answers an empty window with nothing', async () => {
		expect(await usageRollupSeries(store.db, new Date(T0 + 100 * H), new Date(T0 + 101 * H), 'hour')).toEqual([]);
		expect(await usageRollupSlices(store.db, new Date(T0 + 100 * H), new Date(T0 + 101 * H))).toEqual([]);
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

// Fails when usage recorded before the rollup existed is missing from the Usage page after upgrading.
describe('migration 0001 backfills the rollup from existing rows', () => {
	it('rolls up rows written by a 0000-only database', async () => {
		const root = resolve(import.meta.dirname, '../../drizzle');
		const dir = mkdtempSync(join(tmpdir(), 'at-mig-'));
		const old = join(dir, 'drizzle');
		cpSync(root, old, { recursive: true });
		const journal = JSON.parse(readFileSync(join(old, 'meta/_journal.json'), 'utf8'));
		journal.entries = journal.entries.filter((e: { tag: string }) => e.tag === '0000_init');
		writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
		const pg = testStore() === 'postgres';
		const schema = uniqueName('mig');
		const opts = pg ? { postgresUrl: testDatabaseUrl(), postgresSchema: schema } : { pgliteDir: join(dir, 'pglite') };
		try {
			const before = await openStore({ ...opts, migrationsDir: old });
			await before.migrate();
			await before.db.execute(sql`insert into at_usage (time, token_id, provider, model, prompt_tokens, completion_tokens, cost, latency_ms, status, source) values
				('2026-03-10T00:10:00Z', 'tok_a', 'oa', 'm', 10, 1, 0.5, 100, 200, 'gateway'),
				('2026-03-10T00:20:00Z', null, 'oa', 'm', 20, 2, 0.25, 300, 502, 'chat'),
				('2026-03-10T05:00:00Z', null, 'an', 'x', 5, 0, 0, 50, 200, 'workflow')`);
			await before.close();

			const after = await openStore({ ...opts, migrationsDir: root });
			await after.migrate();
			const series = await usageRollupSeries(after.db, new Date(T0), new Date(T0 + 24 * H), 'hour');
			expect(series.map((b) => [b.bucket, b.requests, b.errors, b.prompt_tokens, b.latency_ms])).toEqual([
				['2026-03-10T00:00:00Z', 2, 1, 30, 400],
				['2026-03-10T05:00:00Z', 1, 0, 5, 50]
			]);
			expect(series[0].latency_hist.reduce((a, n) => a + n, 0)).toBe(2);
			const slices = await usageRollupSlices(after.db, new Date(T0), new Date(T0 + 24 * H));
			expect(slices.filter((s) => s.dim === 'token').map((s) => [s.token_id, s.source]).sort()).toEqual([
				['', 'chat'],
				['', 'workflow'],
				['tok_a', 'gateway']
			]);
			// New rows after the upgrade land in the same hour's rollup row.
			await insertUsageRows(after.db, [row(Date.parse('2026-03-10T00:30:00Z'), { latencyMs: 200 })]);
			const again = await usageRollupSeries(after.db, new Date(T0), new Date(T0 + H), 'hour');
			expect(again[0]).toMatchObject({ requests: 3, latency_ms: 600 });
			expect(again[0].latency_hist.reduce((a, n) => a + n, 0)).toBe(3);
			await after.close();
		} finally {
			if (pg) await dropSchema(schema);
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
