import type { z } from 'zod';
import type { TokenUsage } from '$lib/schemas/token';
import type { usageQuerySchema } from '$lib/schemas/usage';
import { getRuntime } from '../runtime';
import { recentUsage, usageGroups, usageOfToken, usageTotals } from '../store/queries/usage';
import { usageWriter } from './index';

const DAY = 86_400_000;

/** The report window: `to` defaults to now (plus a minute for clock skew), `from` to 30 days before `to`. */
function usageWindow(q: { from?: Date; to?: Date }) {
	const to = q.to ?? new Date(Date.now() + 60_000);
	return { to, from: q.from ?? new Date(to.getTime() - 30 * DAY) };
}

/** GET /api/v1/usage: totals and groups over a window (default: the last 30 days). */
export async function usageReport(q: z.output<typeof usageQuerySchema>) {
	const db = getRuntime().db;
	await usageWriter().flush();
	const { from, to } = usageWindow(q);
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
	const { from, to } = usageWindow(q);
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

/** Requests, tokens and cost per created gateway token over the last `days` days (for the tokens list). */
export async function usageByToken(days = 30): Promise<Map<string, { requests: number; tokens: number; cost: number; errors: number }>> {
	const db = getRuntime().db;
	await usageWriter().flush();
	const { from, to } = usageWindow({ from: new Date(Date.now() - days * DAY) });
	const groups = await usageGroups(db, from, to, 'token');
	return new Map(groups.map((g) => [g.key, { requests: g.requests, tokens: g.prompt_tokens + g.completion_tokens, cost: g.cost, errors: g.errors }]));
}
