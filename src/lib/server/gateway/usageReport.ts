import type { z } from 'zod';
import type { TokenUsage } from '$lib/schemas/token';
import type { UsagePageQuery, usageQuerySchema } from '$lib/schemas/usage';
import { getRuntime } from '../runtime';
import { listTokenRows } from '../store/queries/tokens';
import {
	histogramQuantile,
	LATENCY_BUCKETS,
	recentUsage,
	recentUsageIn,
	usageGroups,
	usageOfToken,
	usageRollupSeries,
	usageRollupSlices,
	usageTotals,
	type UsageAggregate,
	type UsageRollupSlice
} from '../store/queries/usage';
import { usageWriter } from './index';
import { bucketKeys, usageWindow } from './usageRange';

const DAY = 86_400_000;

/** The report window: `to` defaults to now (plus a minute for clock skew), `from` to 30 days before `to`. */
function reportWindow(q: { from?: Date; to?: Date }) {
	const to = q.to ?? new Date(Date.now() + 60_000);
	return { to, from: q.from ?? new Date(to.getTime() - 30 * DAY) };
}

/** GET /api/v1/usage: totals and groups over a window (default: the last 30 days). */
export async function usageReport(q: z.output<typeof usageQuerySchema>) {
	const db = getRuntime().db;
	await usageWriter().flush();
	const { from, to } = reportWindow(q);
	const [totals, groups, recent] = await Promise.all([
		usageTotals(db, from, to),
		usageGroups(db, from, to, q.group_by),
		q.recent ? recentUsage(db, q.recent) : Promise.resolve([])
	]);
	return {
		from: from.toISOString(),
		to: to.toISOString(),
		group_by: q.group_by,
		totals: {
			requests: totals.requests,
			prompt_tokens: totals.promptTokens,
			completion_tokens: totals.completionTokens,
			cached_tokens: totals.cachedTokens,
			cost: totals.cost,
			errors: totals.errors
		},
		groups,
		recent: recent.map((r) => ({
			time: r.time.toISOString(),
			request_id: r.requestId,
			token_id: r.tokenId,
			provider: r.provider,
			model: r.model,
			prompt_tokens: r.promptTokens,
			completion_tokens: r.completionTokens,
			cached_tokens: r.cachedTokens,
			cost: r.cost,
			latency_ms: r.latencyMs,
			status: r.status,
			error: r.error,
			stream: r.stream,
			source: r.source
		}))
	};
}

/** GET /api/v1/api-tokens/{id}/usage: one token's totals and per-model breakdown over a window. */
export async function tokenUsageReport(tokenId: string, q: { from?: Date; to?: Date }): Promise<Omit<TokenUsage, 'last_used_at'>> {
	const db = getRuntime().db;
	await usageWriter().flush();
	const { from, to } = reportWindow(q);
	const where = usageOfToken(tokenId);
	const [totals, models] = await Promise.all([usageTotals(db, from, to, where), usageGroups(db, from, to, 'model', where)]);
	return {
		token_id: tokenId,
		from: from.toISOString(),
		to: to.toISOString(),
		requests: totals.requests,
		prompt_tokens: totals.promptTokens,
		completion_tokens: totals.completionTokens,
		cached_tokens: totals.cachedTokens,
		tokens: totals.promptTokens + totals.completionTokens,
		cost: totals.cost,
		errors: totals.errors,
		by_model: models.map((g) => ({
			model: g.key,
			requests: g.requests,
			prompt_tokens: g.prompt_tokens,
			completion_tokens: g.completion_tokens,
			cached_tokens: g.cached_tokens,
			tokens: g.prompt_tokens + g.completion_tokens,
			cost: g.cost,
			errors: g.errors
		}))
	};
}

export interface UsageStats {
	requests: number;
	prompt_tokens: number;
	completion_tokens: number;
	cached_tokens: number;
	cost: number;
	errors: number;
	avg_latency_ms: number;
}
export type UsagePoint = UsageStats & { key: string; p95_latency_ms: number };
export interface UsageSlice extends UsageStats {
	key: string;
	label: string;
	/** Extra line under the label (token prefix, the source of calls without a token). */
	detail?: string;
}

const ZERO: UsageAggregate = { requests: 0, prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, cost: 0, errors: 0, latency_ms: 0 };
const stats = (a: UsageAggregate): UsageStats => ({
	requests: a.requests,
	prompt_tokens: a.prompt_tokens,
	completion_tokens: a.completion_tokens,
	cached_tokens: a.cached_tokens,
	cost: a.cost,
	errors: a.errors,
	avg_latency_ms: a.requests ? Math.round(a.latency_ms / a.requests) : 0
});
function addInto(into: UsageAggregate, a: UsageAggregate) {
	into.requests += a.requests;
	into.prompt_tokens += a.prompt_tokens;
	into.completion_tokens += a.completion_tokens;
	into.cached_tokens += a.cached_tokens;
	into.cost += a.cost;
	into.errors += a.errors;
	into.latency_ms += a.latency_ms;
}
/** Sums aggregates by a key, in first-seen order. */
function groupSum<T extends UsageAggregate>(items: T[], keyOf: (t: T) => string): Map<string, { first: T; sum: UsageAggregate }> {
	const out = new Map<string, { first: T; sum: UsageAggregate }>();
	for (const it of items) {
		const k = keyOf(it);
		let g = out.get(k);
		if (!g) out.set(k, (g = { first: it, sum: { ...ZERO } }));
		addInto(g.sum, it);
	}
	return out;
}
const byRequests = (a: UsageSlice, b: UsageSlice) => b.requests - a.requests || b.cost - a.cost || a.key.localeCompare(b.key);
const RECENT = 50;

// Calls without an AT token: the playground (a signed-in user), workflows, and static config tokens.
const NO_TOKEN_LABEL: Record<string, string> = { chat: 'Chat playground (session)', workflow: 'Workflows', gateway: 'Config-file tokens' };
const SOURCE_LABEL: Record<string, string> = { gateway: 'Gateway API', chat: 'Chat playground', workflow: 'Workflows' };

/** The Usage page: series, breakdowns and the latest calls of one time window, from the hourly rollup. */
export async function usageOverview(q: UsagePageQuery, now = Date.now()) {
	const db = getRuntime().db;
	await usageWriter().flush();
	const w = usageWindow(q, now);
	const [buckets, slices, recent, tokens] = await Promise.all([
		usageRollupSeries(db, w.from, w.to, w.bucket),
		usageRollupSlices(db, w.from, w.to),
		recentUsageIn(db, w.from, w.to, RECENT, q.errorsOnly),
		listTokenRows(db)
	]);
	const names = new Map(tokens.map((t) => [t.id, t]));
	const tokenLabel = (id: string, source: string) => {
		if (!id) return { label: NO_TOKEN_LABEL[source] ?? 'No token', detail: 'no API token' };
		const t = names.get(id);
		return t ? { label: t.name, detail: `${t.tokenPrefix}…` } : { label: 'Deleted token', detail: id };
	};
	const total = { ...ZERO };
	const hist = new Array<number>(LATENCY_BUCKETS).fill(0);
	for (const b of buckets) {
		addInto(total, b);
		b.latency_hist.forEach((n, i) => (hist[i] += n));
	}
	const byKey = new Map(buckets.map((b) => [b.bucket, b]));
	const of = (dim: UsageRollupSlice['dim']) => slices.filter((s) => s.dim === dim);
	const slice = (key: string, label: string, a: UsageAggregate, detail?: string): UsageSlice => ({ key, label, ...stats(a), ...(detail ? { detail } : {}) });
	return {
		range: q.range,
		from: w.from.toISOString(),
		to: w.to.toISOString(),
		bucket: w.bucket,
		errorsOnly: q.errorsOnly,
		totals: { ...stats(total), p95_latency_ms: histogramQuantile(hist, 0.95) },
		series: bucketKeys(w).map((key): UsagePoint => {
			const b = byKey.get(key);
			return { key, ...stats(b ?? ZERO), p95_latency_ms: b ? histogramQuantile(b.latency_hist, 0.95) : 0 };
		}),
		providers: [...groupSum(of('model'), (s) => s.provider)].map(([k, g]) => slice(k, k, g.sum)).sort(byRequests),
		models: of('model')
			.map((s) => slice(`${s.provider}/${s.model}`, `${s.provider}/${s.model}`, s))
			.sort(byRequests),
		tokens: of('token')
			.map((s) => {
				const l = tokenLabel(s.token_id, s.source);
				return slice(`${s.token_id}|${s.source}`, l.label, s, l.detail);
			})
			.sort(byRequests),
		sources: [...groupSum(of('token'), (s) => s.source)].map(([k, g]) => slice(k, SOURCE_LABEL[k] ?? k, g.sum)).sort(byRequests),
		statuses: of('status')
			.map((s) => slice(String(s.status), String(s.status), s))
			.sort((a, b) => Number(a.key) - Number(b.key)),
		recent: recent.map((r) => ({
			id: r.id,
			time: r.time.toISOString(),
			requestId: r.requestId,
			provider: r.provider,
			model: r.model,
			token: r.tokenId ? tokenLabel(r.tokenId, r.source).label : null,
			source: r.source,
			promptTokens: r.promptTokens,
			completionTokens: r.completionTokens,
			cachedTokens: r.cachedTokens,
			cost: r.cost,
			latencyMs: r.latencyMs,
			status: r.status,
			error: r.error,
			stream: r.stream
		}))
	};
}
export type UsageOverview = Awaited<ReturnType<typeof usageOverview>>;

/** Requests, tokens and cost per created gateway token over the last `days` days (for the tokens list). */
export async function usageByToken(days = 30): Promise<Map<string, { requests: number; tokens: number; cost: number; errors: number }>> {
	const db = getRuntime().db;
	await usageWriter().flush();
	const { from, to } = reportWindow({ from: new Date(Date.now() - days * DAY) });
	const groups = await usageGroups(db, from, to, 'token');
	return new Map(groups.map((g) => [g.key, { requests: g.requests, tokens: g.prompt_tokens + g.completion_tokens, cost: g.cost, errors: g.errors }]));
}
