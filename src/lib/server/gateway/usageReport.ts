import type { z } from 'zod';
import type { usageQuerySchema } from '$lib/schemas/usage';
import { getRuntime } from '../runtime';
import { recentUsage, usageGroups, usageTotals } from '../store/queries/usage';
import { usageWriter } from './index';

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
