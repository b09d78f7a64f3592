import { and, count, desc, eq, gte, lt, sql, sum, type SQL } from 'drizzle-orm';
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
