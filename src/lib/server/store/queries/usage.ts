import { and, count, desc, eq, gte, lt, ne, sql, sum, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { prices, usage, usageRollup, type NewUsageRow, type PriceRow } from '../schema';

/**
 * Batched usage insert as ONE JSON parameter: building a multi-row VALUES list costs the gateway's
 * event loop per row and per column, a single json_populate_recordset does not. The same statement
 * adds the batch to the hourly rollup (at_usage_rollup), so rows and aggregates never disagree.
 */
export async function insertUsageRows(db: DbOrTx, rows: NewUsageRow[]): Promise<void> {
	if (!rows.length) return;
	const now = new Date();
	const json = JSON.stringify(
		rows.map((r) => ({
			time: (r.time ?? now).toISOString(),
			request_id: r.requestId ?? null,
			token_id: r.tokenId ?? null,
			provider: r.provider,
			model: r.model,
			prompt_tokens: r.promptTokens ?? 0,
			completion_tokens: r.completionTokens ?? 0,
			cached_tokens: r.cachedTokens ?? 0,
			cost: r.cost ?? 0,
			latency_ms: r.latencyMs ?? 0,
			status: r.status,
			error: r.error ?? null,
			stream: r.stream ?? false,
			source: r.source ?? 'gateway'
		}))
	);
	const rollup = JSON.stringify(rollupRows(rows, now));
	await db.execute(sql`with inserted as (
			insert into at_usage (time, request_id, token_id, provider, model, prompt_tokens, completion_tokens, cached_tokens, cost, latency_ms, status, error, stream, source)
			select time, request_id, token_id, provider, model, prompt_tokens, completion_tokens, cached_tokens, cost, latency_ms, status, error, stream, source
			from json_populate_recordset(null::at_usage, ${json}::json)
		)
		insert into at_usage_rollup as r (hour, dim, provider, model, token_id, source, status, requests, prompt_tokens, completion_tokens, cached_tokens, cost, errors, latency_ms, latency_hist)
		select hour, dim, provider, model, token_id, source, status, requests, prompt_tokens, completion_tokens, cached_tokens, cost, errors, latency_ms, latency_hist
		from json_populate_recordset(null::at_usage_rollup, ${rollup}::json)
		on conflict (hour, dim, provider, model, token_id, source, status) do update set
			requests = r.requests + excluded.requests,
			prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
			completion_tokens = r.completion_tokens + excluded.completion_tokens,
			cached_tokens = r.cached_tokens + excluded.cached_tokens,
			cost = r.cost + excluded.cost,
			errors = r.errors + excluded.errors,
			latency_ms = r.latency_ms + excluded.latency_ms,
			latency_hist = case
				when r.latency_hist is null then excluded.latency_hist
				when excluded.latency_hist is null then r.latency_hist
				else array(select coalesce(a, 0) + coalesce(b, 0) from unnest(r.latency_hist, excluded.latency_hist) as u(a, b))
			end`);
}

/**
 * Latency histogram buckets: bucket i counts calls with latency in [1.15^i, 1.15^(i+1)) ms (below 1 ms
 * in bucket 0, above ~19 min in the last), so a percentile read from it is within about 7% of the
 * exact value. The backfill in drizzle/0002_usage_rollup.sql uses the same formula.
 */
export const LATENCY_BUCKETS = 100;
const LATENCY_RATIO = 1.15;
export const latencyBucket = (ms: number) => Math.min(LATENCY_BUCKETS - 1, Math.max(0, Math.floor(Math.log(Math.max(1, ms)) / Math.log(LATENCY_RATIO))));

/** The latency at quantile `q` of a histogram: the geometric middle of the bucket it falls in. */
export function histogramQuantile(hist: readonly number[], q: number): number {
	const total = hist.reduce((a, n) => a + n, 0);
	if (!total) return 0;
	const rank = q * total;
	let seen = 0;
	for (let i = 0; i < hist.length; i++) {
		seen += hist[i];
		if (seen >= rank) return Math.round(LATENCY_RATIO ** (i + 0.5));
	}
	return Math.round(LATENCY_RATIO ** (hist.length - 0.5));
}

interface RollupRow {
	hour: string;
	dim: 'all' | 'model' | 'token' | 'status';
	provider: string;
	model: string;
	token_id: string;
	source: string;
	status: number;
	requests: number;
	prompt_tokens: number;
	completion_tokens: number;
	cached_tokens: number;
	cost: number;
	errors: number;
	latency_ms: number;
	latency_hist: number[] | null;
}

const HOUR_MS = 3_600_000;

/** A batch of usage rows as rollup increments (one per hour and slice). */
export function rollupRows(rows: NewUsageRow[], now = new Date()): RollupRow[] {
	const out = new Map<string, RollupRow>();
	const add = (hour: string, dim: RollupRow['dim'], key: Partial<RollupRow>, r: NewUsageRow) => {
		const id = `${hour}|${dim}|${key.provider ?? ''}|${key.model ?? ''}|${key.token_id ?? ''}|${key.source ?? ''}|${key.status ?? 0}`;
		let agg = out.get(id);
		if (!agg) {
			agg = { hour, dim, provider: '', model: '', token_id: '', source: '', status: 0, requests: 0, prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, cost: 0, errors: 0, latency_ms: 0, latency_hist: null, ...key };
			if (dim === 'all') agg.latency_hist = new Array<number>(LATENCY_BUCKETS).fill(0);
			out.set(id, agg);
		}
		agg.requests++;
		agg.prompt_tokens += r.promptTokens ?? 0;
		agg.completion_tokens += r.completionTokens ?? 0;
		agg.cached_tokens += r.cachedTokens ?? 0;
		agg.cost += r.cost ?? 0;
		if (r.status >= 400) agg.errors++;
		agg.latency_ms += r.latencyMs ?? 0;
		if (agg.latency_hist) agg.latency_hist[latencyBucket(r.latencyMs ?? 0)]++;
	};
	for (const r of rows) {
		const t = (r.time ?? now).getTime();
		const hour = new Date(Math.floor(t / HOUR_MS) * HOUR_MS).toISOString();
		add(hour, 'all', {}, r);
		add(hour, 'model', { provider: r.provider, model: r.model }, r);
		add(hour, 'token', { token_id: r.tokenId ?? '', source: r.source ?? 'gateway' }, r);
		add(hour, 'status', { status: r.status }, r);
	}
	return [...out.values()];
}

/** USD a token spent from `from` on (hour-aligned), from the rollup: one indexed range, not the rows. */
export async function tokenSpendSince(db: DbOrTx, tokenId: string, from: Date): Promise<number> {
	const [r] = await db
		.select({ cost: sum(usageRollup.cost) })
		.from(usageRollup)
		.where(and(gte(usageRollup.hour, from), eq(usageRollup.dim, 'token'), eq(usageRollup.tokenId, tokenId)));
	return Number(r?.cost ?? 0);
}

export async function listPrices(db: DbOrTx): Promise<PriceRow[]> {
	return db.select().from(prices).orderBy(prices.model);
}

/** Adds seed prices for models that have no row yet (never overwrites an edited price). */
export async function seedPrices(
	db: DbOrTx,
	seed: { model: string; input: number; output: number; cachedInput?: number | null }[]
): Promise<void> {
	if (!seed.length) return;
	await db
		.insert(prices)
		.values(seed.map((p) => ({ model: p.model, inputPerMillion: p.input, outputPerMillion: p.output, cachedInputPerMillion: p.cachedInput ?? null })))
		.onConflictDoNothing();
}

export async function getPrice(db: DbOrTx, model: string): Promise<PriceRow | undefined> {
	const [row] = await db.select().from(prices).where(eq(prices.model, model));
	return row;
}

/** Inserts or replaces a price; `created` tells which (xmax is 0 only for a freshly inserted row). */
export async function upsertPrice(
	db: DbOrTx,
	p: { model: string; input: number; output: number; cachedInput?: number | null }
): Promise<{ row: PriceRow; created: boolean }> {
	const values = { inputPerMillion: p.input, outputPerMillion: p.output, cachedInputPerMillion: p.cachedInput ?? null, updatedAt: new Date() };
	const [r] = await db
		.insert(prices)
		.values({ model: p.model, ...values })
		.onConflictDoUpdate({ target: prices.model, set: values })
		.returning({
			model: prices.model,
			inputPerMillion: prices.inputPerMillion,
			outputPerMillion: prices.outputPerMillion,
			cachedInputPerMillion: prices.cachedInputPerMillion,
			updatedAt: prices.updatedAt,
			created: sql<boolean>`(xmax = 0)`
		});
	const { created, ...row } = r;
	return { row, created: Boolean(created) };
}

export async function deletePrice(db: DbOrTx, model: string): Promise<boolean> {
	return (await db.delete(prices).where(eq(prices.model, model)).returning({ model: prices.model })).length > 0;
}

/** Usage rows of one gateway token (for usageTotals / usageGroups). */
export const usageOfToken = (tokenId: string): SQL => eq(usage.tokenId, tokenId);

export interface UsageTotals {
	requests: number;
	promptTokens: number;
	completionTokens: number;
	cachedTokens: number;
	cost: number;
	errors: number;
}

export async function usageTotals(db: DbOrTx, from: Date, to: Date, where: SQL = sql`true`): Promise<UsageTotals> {
	const [r] = await db
		.select({
			requests: count(),
			promptTokens: sum(usage.promptTokens),
			completionTokens: sum(usage.completionTokens),
			cachedTokens: sum(usage.cachedTokens),
			cost: sum(usage.cost),
			errors: sql<number>`count(*) filter (where ${usage.status} >= 400)`
		})
		.from(usage)
		.where(and(gte(usage.time, from), lt(usage.time, to), where));
	return {
		requests: Number(r.requests),
		promptTokens: Number(r.promptTokens ?? 0),
		completionTokens: Number(r.completionTokens ?? 0),
		cachedTokens: Number(r.cachedTokens ?? 0),
		cost: Number(r.cost ?? 0),
		errors: Number(r.errors ?? 0)
	};
}

export async function recentUsage(db: DbOrTx, limit = 50) {
	return db.select().from(usage).orderBy(desc(usage.time)).limit(limit);
}

export type UsageGroupBy = 'hour' | 'day' | 'provider' | 'model' | 'token' | 'status' | 'source';

export interface UsageGroup {
	key: string;
	requests: number;
	prompt_tokens: number;
	completion_tokens: number;
	cached_tokens: number;
	cost: number;
	errors: number;
	avg_latency_ms: number;
}

export async function usageGroups(db: DbOrTx, from: Date, to: Date, groupBy: UsageGroupBy, where: SQL = sql`true`): Promise<UsageGroup[]> {
	const key =
		groupBy === 'hour'
			? sql<string>`to_char(date_trunc('hour', ${usage.time} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`
			: groupBy === 'day'
				? sql<string>`to_char(date_trunc('day', ${usage.time} at time zone 'UTC'), 'YYYY-MM-DD')`
				: groupBy === 'provider'
					? sql<string>`${usage.provider}`
					: groupBy === 'model'
						? sql<string>`${usage.provider} || '/' || ${usage.model}`
						: groupBy === 'token'
							? sql<string>`coalesce(${usage.tokenId}, '(static or session)')`
							: groupBy === 'status'
								? sql<string>`${usage.status}::text`
								: sql<string>`${usage.source}`;
	const rows = await db
		.select({
			key,
			requests: count(),
			prompt: sum(usage.promptTokens),
			completion: sum(usage.completionTokens),
			cached: sum(usage.cachedTokens),
			cost: sum(usage.cost),
			errors: sql<number>`count(*) filter (where ${usage.status} >= 400)`,
			latency: sql<number>`avg(${usage.latencyMs})`
		})
		.from(usage)
		.where(and(gte(usage.time, from), lt(usage.time, to), where))
		.groupBy(key)
		.orderBy(key);
	return rows.map((r) => ({
		key: String(r.key),
		requests: Number(r.requests),
		prompt_tokens: Number(r.prompt ?? 0),
		completion_tokens: Number(r.completion ?? 0),
		cached_tokens: Number(r.cached ?? 0),
		cost: Number(r.cost ?? 0),
		errors: Number(r.errors ?? 0),
		avg_latency_ms: Math.round(Number(r.latency ?? 0))
	}));
}

export interface ProviderTraffic {
	provider: string;
	requests: number;
	errors: number;
	lastAt: Date;
	lastStatus: number;
	avgLatencyMs: number;
}

/** Per provider since `from`: request and error counts, mean latency and the latest call's status. */
export async function providerTraffic(db: DbOrTx, from: Date): Promise<ProviderTraffic[]> {
	const rows = await db
		.select({
			provider: usage.provider,
			requests: count(),
			errors: sql<number>`count(*) filter (where ${usage.status} >= 400)`,
			lastAt: sql<string>`max(${usage.time})`,
			lastStatus: sql<number>`(array_agg(${usage.status} order by ${usage.time} desc))[1]`,
			latency: sql<number>`avg(${usage.latencyMs})`
		})
		.from(usage)
		.where(gte(usage.time, from))
		.groupBy(usage.provider);
	return rows.map((r) => ({
		provider: r.provider,
		requests: Number(r.requests),
		errors: Number(r.errors ?? 0),
		lastAt: new Date(r.lastAt),
		lastStatus: Number(r.lastStatus),
		avgLatencyMs: Math.round(Number(r.latency ?? 0))
	}));
}

export type UsageBucket = 'hour' | 'day';

export interface UsageAggregate {
	requests: number;
	prompt_tokens: number;
	completion_tokens: number;
	cached_tokens: number;
	cost: number;
	errors: number;
	/** Sum over the calls; divide by requests for the mean. */
	latency_ms: number;
}

export interface UsageRollupSlice extends UsageAggregate {
	dim: 'model' | 'token' | 'status';
	provider: string;
	model: string;
	/** '' for calls without an AT token. */
	token_id: string;
	source: string;
	status: number;
}

export interface UsageRollupBucket extends UsageAggregate {
	/** ISO start of the hour or UTC day. */
	bucket: string;
	latency_hist: number[];
}

const sums = {
	requests: sql<string>`sum(${usageRollup.requests})`,
	prompt_tokens: sql<string>`sum(${usageRollup.promptTokens})`,
	completion_tokens: sql<string>`sum(${usageRollup.completionTokens})`,
	cached_tokens: sql<string>`sum(${usageRollup.cachedTokens})`,
	cost: sql<string>`sum(${usageRollup.cost})`,
	errors: sql<string>`sum(${usageRollup.errors})`,
	latency_ms: sql<string>`sum(${usageRollup.latencyMs})`
};
const numbers = (r: Record<keyof UsageAggregate, unknown>): UsageAggregate => ({
	requests: Number(r.requests ?? 0),
	prompt_tokens: Number(r.prompt_tokens ?? 0),
	completion_tokens: Number(r.completion_tokens ?? 0),
	cached_tokens: Number(r.cached_tokens ?? 0),
	cost: Number(r.cost ?? 0),
	errors: Number(r.errors ?? 0),
	latency_ms: Number(r.latency_ms ?? 0)
});

/**
 * The Usage page's series: one entry per hour or UTC day of [from, to) that had calls, with its
 * latency histogram (both bounds must fall on whole hours; the page's windows do).
 */
export async function usageRollupSeries(db: DbOrTx, from: Date, to: Date, bucket: UsageBucket): Promise<UsageRollupBucket[]> {
	const rows = await db
		.select({
			hour: usageRollup.hour,
			requests: usageRollup.requests,
			prompt_tokens: usageRollup.promptTokens,
			completion_tokens: usageRollup.completionTokens,
			cached_tokens: usageRollup.cachedTokens,
			cost: usageRollup.cost,
			errors: usageRollup.errors,
			latency_ms: usageRollup.latencyMs,
			hist: usageRollup.latencyHist
		})
		.from(usageRollup)
		.where(and(eq(usageRollup.dim, 'all'), gte(usageRollup.hour, from), lt(usageRollup.hour, to)))
		.orderBy(usageRollup.hour);
	const out = new Map<string, UsageRollupBucket>();
	for (const r of rows) {
		const iso = r.hour.toISOString();
		const key = (bucket === 'hour' ? iso.slice(0, 13) + ':00:00' : iso.slice(0, 10) + 'T00:00:00') + 'Z';
		const n = numbers(r);
		const b = out.get(key);
		if (!b) out.set(key, { bucket: key, ...n, latency_hist: [...(r.hist ?? new Array<number>(LATENCY_BUCKETS).fill(0))] });
		else {
			for (const k of Object.keys(n) as (keyof UsageAggregate)[]) b[k] += n[k];
			r.hist?.forEach((c, i) => (b.latency_hist[i] = (b.latency_hist[i] ?? 0) + c));
		}
	}
	return [...out.values()];
}

/** The breakdowns of [from, to): per provider+model, per token+source and per status. */
export async function usageRollupSlices(db: DbOrTx, from: Date, to: Date): Promise<UsageRollupSlice[]> {
	const rows = await db
		.select({
			dim: usageRollup.dim,
			provider: usageRollup.provider,
			model: usageRollup.model,
			token_id: usageRollup.tokenId,
			source: usageRollup.source,
			status: usageRollup.status,
			...sums
		})
		.from(usageRollup)
		.where(and(ne(usageRollup.dim, 'all'), gte(usageRollup.hour, from), lt(usageRollup.hour, to)))
		.groupBy(usageRollup.dim, usageRollup.provider, usageRollup.model, usageRollup.tokenId, usageRollup.source, usageRollup.status);
	return rows.map((r) => ({ dim: r.dim as UsageRollupSlice['dim'], provider: r.provider, model: r.model, token_id: r.token_id, source: r.source, status: r.status, ...numbers(r) }));
}

/** The latest calls inside a time range, newest first (optionally only failed ones). */
export async function recentUsageIn(db: DbOrTx, from: Date, to: Date, limit: number, errorsOnly = false) {
	return db
		.select()
		.from(usage)
		.where(and(gte(usage.time, from), lt(usage.time, to), errorsOnly ? gte(usage.status, 400) : undefined))
		.orderBy(desc(usage.time))
		.limit(limit);
}

export interface ProviderLastError {
	provider: string;
	time: Date;
	status: number;
	error: string | null;
}

/** The latest failed call of each provider since `from` (for the providers page). */
export async function lastProviderErrors(db: DbOrTx, from: Date): Promise<ProviderLastError[]> {
	const rows = await db
		.selectDistinctOn([usage.provider], { provider: usage.provider, time: usage.time, status: usage.status, error: usage.error })
		.from(usage)
		.where(and(gte(usage.time, from), gte(usage.status, 400)))
		.orderBy(usage.provider, desc(usage.time));
	return rows.map((r) => ({ provider: r.provider, time: new Date(r.time), status: Number(r.status), error: r.error }));
}
