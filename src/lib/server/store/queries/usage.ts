import { and, count, desc, gte, lt, sql, sum } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { prices, usage, type NewUsageRow, type PriceRow } from '../schema';

/**
 * Batched usage insert as ONE JSON parameter: building a multi-row VALUES list costs the gateway's
 * event loop per row and per column, a single json_populate_recordset does not.
 */
export async function insertUsageRows(db: DbOrTx, rows: NewUsageRow[]): Promise<void> {
	if (!rows.length) return;
	const json = JSON.stringify(
		rows.map((r) => ({
			time: (r.time ?? new Date()).toISOString(),
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
	await db.execute(sql`insert into at_usage (time, request_id, token_id, provider, model, prompt_tokens, completion_tokens, cached_tokens, cost, latency_ms, status, error, stream, source)
		select time, request_id, token_id, provider, model, prompt_tokens, completion_tokens, cached_tokens, cost, latency_ms, status, error, stream, source
		from json_populate_recordset(null::at_usage, ${json}::json)`);
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

export async function upsertPrice(db: DbOrTx, p: { model: string; input: number; output: number; cachedInput?: number | null }) {
	const values = { inputPerMillion: p.input, outputPerMillion: p.output, cachedInputPerMillion: p.cachedInput ?? null, updatedAt: new Date() };
	await db.insert(prices).values({ model: p.model, ...values }).onConflictDoUpdate({ target: prices.model, set: values });
}

export interface UsageTotals {
	requests: number;
	promptTokens: number;
	completionTokens: number;
	cachedTokens: number;
	cost: number;
	errors: number;
}

export async function usageTotals(db: DbOrTx, from: Date, to: Date, where = sql`true`): Promise<UsageTotals> {
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

export async function usageGroups(db: DbOrTx, from: Date, to: Date, groupBy: UsageGroupBy): Promise<UsageGroup[]> {
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
		.where(and(gte(usage.time, from), lt(usage.time, to)))
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
export type UsageDimension = 'bucket' | 'provider' | 'model' | 'token' | 'source' | 'status' | 'total';

export interface UsageBreakdownRow {
	dim: UsageDimension;
	/** bucket: ISO start of the hour/day (UTC); model: "provider/model"; token: token id or null; status: the HTTP status. */
	key: string | null;
	/** The call source, for token rows (calls without a token are told apart by source). */
	source: string | null;
	requests: number;
	prompt_tokens: number;
	completion_tokens: number;
	cached_tokens: number;
	cost: number;
	errors: number;
	avg_latency_ms: number;
}

// grouping(bucket, provider, model, token_id, source, status): a bit is 1 where the column is NOT in the set.
const DIMENSION_BY_MASK: Record<number, UsageDimension> = {
	0b011111: 'bucket',
	0b101111: 'provider',
	0b100111: 'model',
	0b111001: 'token',
	0b111101: 'source',
	0b111110: 'status',
	0b111111: 'total'
};

/**
 * Everything the Usage page charts, in ONE scan of the time range (GROUPING SETS): the series per
 * hour or day, breakdowns by provider, model, token (+ source), source and status, and the totals.
 */
export async function usageBreakdown(db: DbOrTx, from: Date, to: Date, bucket: UsageBucket): Promise<UsageBreakdownRow[]> {
	const b = bucketKey(bucket);
	const rows = await db
		.select({
			mask: sql<number>`grouping(${b}, ${usage.provider}, ${usage.model}, ${usage.tokenId}, ${usage.source}, ${usage.status})`,
			bucket: sql<string | null>`${b}`,
			provider: usage.provider,
			model: usage.model,
			tokenId: usage.tokenId,
			source: usage.source,
			status: usage.status,
			requests: count(),
			prompt: sum(usage.promptTokens),
			completion: sum(usage.completionTokens),
			cached: sum(usage.cachedTokens),
			cost: sum(usage.cost),
			errors: sql<number>`count(*) filter (where ${usage.status} >= 400)`,
			latency: sql<number>`avg(${usage.latencyMs})`
		})
		.from(usage)
		.where(and(gte(usage.time, from), lt(usage.time, to)))
		.groupBy(
			sql`grouping sets ((${b}), (${usage.provider}), (${usage.provider}, ${usage.model}), (${usage.tokenId}, ${usage.source}), (${usage.source}), (${usage.status}), ())`
		);
	const out: UsageBreakdownRow[] = [];
	for (const r of rows) {
		const dim = DIMENSION_BY_MASK[Number(r.mask)];
		if (!dim) continue;
		const key =
			dim === 'bucket'
				? r.bucket
				: dim === 'provider'
					? r.provider
					: dim === 'model'
						? `${r.provider}/${r.model}`
						: dim === 'token'
							? r.tokenId
							: dim === 'source'
								? r.source
								: dim === 'status'
									? String(r.status)
									: null;
		out.push({
			dim,
			key,
			source: dim === 'token' ? r.source : null,
			requests: Number(r.requests),
			prompt_tokens: Number(r.prompt ?? 0),
			completion_tokens: Number(r.completion ?? 0),
			cached_tokens: Number(r.cached ?? 0),
			cost: Number(r.cost ?? 0),
			errors: Number(r.errors ?? 0),
			avg_latency_ms: Math.round(Number(r.latency ?? 0))
		});
	}
	return out;
}

const bucketKey = (bucket: UsageBucket) =>
	bucket === 'hour'
		? sql`to_char(date_trunc('hour', ${usage.time} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`
		: sql`to_char(date_trunc('day', ${usage.time} at time zone 'UTC'), 'YYYY-MM-DD"T00:00:00Z"')`;

/**
 * The 95th-percentile latency per bucket, and over the whole range under the key null. A query of its
 * own: an ordered-set aggregate sorts its group, which in every grouping set above would cost several
 * times the whole breakdown.
 */
export async function usageLatencyP95(db: DbOrTx, from: Date, to: Date, bucket: UsageBucket): Promise<Map<string | null, number>> {
	const b = bucketKey(bucket);
	const rows = await db
		.select({ bucket: sql<string | null>`${b}`, p95: sql<number>`percentile_disc(0.95) within group (order by ${usage.latencyMs})` })
		.from(usage)
		.where(and(gte(usage.time, from), lt(usage.time, to)))
		.groupBy(sql`rollup(${b})`);
	return new Map(rows.map((r) => [r.bucket, Math.round(Number(r.p95 ?? 0))]));
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
