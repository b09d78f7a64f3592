import type { z } from 'zod';
import type { UsagePageQuery, usageQuerySchema } from '$lib/schemas/usage';
import { getRuntime } from '../runtime';
import { listTokenRows } from '../store/queries/tokens';
import { recentUsage, recentUsageIn, usageBreakdown, usageGroups, usageLatencyP95, usageTotals, type UsageBreakdownRow } from '../store/queries/usage';
import { usageWriter } from './index';
import { bucketKeys, usageWindow } from './usageRange';

const DAY = 86_400_000;

/** GET /api/v1/usage: totals and groups over a window (default: the last 30 days). */
export async function usageReport(q: z.output<typeof usageQuerySchema>) {
	const db = getRuntime().db;
	await usageWriter().flush();
	const to = q.to ?? new Date(Date.now() + 60_000);
	const from = q.from ?? new Date(to.getTime() - 30 * DAY);
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

export type UsageStats = Omit<UsageBreakdownRow, 'dim' | 'key' | 'source'>;
export type UsagePoint = UsageStats & { key: string; p95_latency_ms: number };
export interface UsageSlice extends UsageStats {
	key: string;
	label: string;
	/** Extra line under the label (token prefix, the source of calls without a token). */
	detail?: string;
}

const EMPTY: UsageStats = { requests: 0, prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, cost: 0, errors: 0, avg_latency_ms: 0 };
const stats = ({ dim: _d, key: _k, source: _s, ...rest }: UsageBreakdownRow): UsageStats => rest;
const byRequests = (a: UsageSlice, b: UsageSlice) => b.requests - a.requests || b.cost - a.cost || a.key.localeCompare(b.key);
const RECENT = 50;

// Calls without an AT token: the playground (a signed-in user), workflows, and static config tokens.
const NO_TOKEN_LABEL: Record<string, string> = { chat: 'Chat playground (session)', workflow: 'Workflows', gateway: 'Config-file tokens' };
const SOURCE_LABEL: Record<string, string> = { gateway: 'Gateway API', chat: 'Chat playground', workflow: 'Workflows' };

/** The Usage page: series, breakdowns and the latest calls of one time window (one scan + two small queries). */
export async function usageOverview(q: UsagePageQuery, now = Date.now()) {
	const db = getRuntime().db;
	await usageWriter().flush();
	const w = usageWindow(q, now);
	const [rows, p95, recent, tokens] = await Promise.all([
		usageBreakdown(db, w.from, w.to, w.bucket),
		usageLatencyP95(db, w.from, w.to, w.bucket),
		recentUsageIn(db, w.from, w.to, RECENT, q.errorsOnly),
		listTokenRows(db)
	]);
	const names = new Map(tokens.map((t) => [t.id, t]));
	const tokenLabel = (id: string | null, source: string | null) => {
		if (!id) return { label: NO_TOKEN_LABEL[source ?? ''] ?? 'No token', detail: 'no API token' };
		const t = names.get(id);
		return t ? { label: t.name, detail: `${t.tokenPrefix}…` } : { label: 'Deleted token', detail: id };
	};
	const slices = (dim: UsageBreakdownRow['dim']) => rows.filter((r) => r.dim === dim);
	const series = new Map(slices('bucket').map((r) => [r.key!, stats(r)]));
	const total = slices('total')[0];
	return {
		range: q.range,
		from: w.from.toISOString(),
		to: w.to.toISOString(),
		bucket: w.bucket,
		errorsOnly: q.errorsOnly,
		totals: { ...(total ? stats(total) : EMPTY), p95_latency_ms: p95.get(null) ?? 0 },
		series: bucketKeys(w).map((key): UsagePoint => ({ key, ...(series.get(key) ?? EMPTY), p95_latency_ms: p95.get(key) ?? 0 })),
		providers: slices('provider')
			.map((r) => ({ ...stats(r), key: r.key!, label: r.key! }))
			.sort(byRequests),
		models: slices('model')
			.map((r) => ({ ...stats(r), key: r.key!, label: r.key! }))
			.sort(byRequests),
		tokens: slices('token')
			.map((r) => ({ ...stats(r), key: `${r.key ?? ''}|${r.source}`, ...tokenLabel(r.key, r.source) }))
			.sort(byRequests),
		sources: slices('source')
			.map((r) => ({ ...stats(r), key: r.key!, label: SOURCE_LABEL[r.key!] ?? r.key! }))
			.sort(byRequests),
		statuses: slices('status')
			.map((r) => ({ ...stats(r), key: r.key!, label: r.key! }))
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
