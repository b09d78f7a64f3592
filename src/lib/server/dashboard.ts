import { registry, usageWriter } from './gateway';
import { providerModels } from './gateway/models';
import { getRuntime } from './runtime';
import { listRuns } from './store/queries/runs';
import { listTriggers } from './store/queries/triggers';
import { providerTraffic, usageGroups, usageTotals } from './store/queries/usage';
import { listWorkflows } from './store/queries/workflows';
import type { Role } from './store/schema';

const HOUR = 3_600_000;

export type ProviderHealth = 'healthy' | 'degraded' | 'failing' | 'idle' | 'error';

/** Health from the last hour of traffic: failing when the latest call failed, degraded above 10% errors. */
export function healthOf(t: { requests: number; errors: number; lastStatus: number } | undefined): ProviderHealth {
	if (!t || t.requests === 0) return 'idle';
	if (t.lastStatus >= 400) return 'failing';
	if (t.errors / t.requests > 0.1) return 'degraded';
	return 'healthy';
}

/** Fills the 24 hourly buckets ending with the current hour (hours without traffic count zero). */
export function hourlySeries<T extends { key: string }>(groups: T[], now: number, hours = 24): { hour: string; row: T | undefined }[] {
	const byKey = new Map(groups.map((g) => [g.key, g]));
	const end = Math.floor(now / HOUR) * HOUR;
	return Array.from({ length: hours }, (_, i) => {
		const hour = new Date(end - (hours - 1 - i) * HOUR).toISOString().slice(0, 13) + ':00:00Z';
		return { hour, row: byKey.get(hour) };
	});
}

/** Everything the dashboard shows, in one round of parallel queries. */
export async function dashboardData(role: Role) {
	const rt = getRuntime();
	const db = rt.db;
	await usageWriter().flush();
	const now = Date.now();
	const from = new Date(Math.floor(now / HOUR) * HOUR - 23 * HOUR);
	const to = new Date(now + 60_000);
	const canSeeRuns = role !== 'viewer';
	const [totals, hourly, traffic, runs, triggers, workflows] = await Promise.all([
		usageTotals(db, from, to),
		usageGroups(db, from, to, 'hour'),
		providerTraffic(db, new Date(now - HOUR)),
		canSeeRuns ? listRuns(db, { limit: 8 }) : Promise.resolve([]),
		listTriggers(db),
		listWorkflows(db)
	]);
	const names = new Map(workflows.map((w) => [w.id, w.name]));
	const series = hourlySeries(hourly, now);
	const trafficBy = new Map(traffic.map((t) => [t.provider, t]));
	const reg = registry();
	return {
		totals,
		series: series.map(({ hour, row }) => ({
			hour,
			requests: row?.requests ?? 0,
			errors: row?.errors ?? 0,
			tokens: (row?.prompt_tokens ?? 0) + (row?.completion_tokens ?? 0),
			cost: row?.cost ?? 0
		})),
		providers: [
			...reg.list().map((e) => {
				const t = trafficBy.get(e.key);
				return {
					key: e.key,
					type: e.config.type,
					source: e.source,
					models: providerModels(e).length,
					health: healthOf(t),
					requests: t?.requests ?? 0,
					errors: t?.errors ?? 0,
					avgLatencyMs: t?.avgLatencyMs ?? 0,
					lastAt: t?.lastAt.toISOString() ?? null,
					error: null as string | null
				};
			}),
			...[...reg.loadErrors].map(([key, error]) => ({
				key,
				type: '',
				source: 'database' as const,
				models: 0,
				health: 'error' as ProviderHealth,
				requests: 0,
				errors: 0,
				avgLatencyMs: 0,
				lastAt: null,
				error
			}))
		],
		workflowCount: workflows.length,
		runs: runs.map((r) => ({
			id: r.id,
			workflowId: r.workflowId,
			workflow: names.get(r.workflowId) ?? r.workflowId,
			status: r.status,
			source: r.source,
			startedAt: r.startedAt.toISOString(),
			durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
			error: r.error
		})),
		failingTriggers: triggers
			.filter((t) => t.lastError || t.lastStatus === 'failed')
			.map((t) => ({
				id: t.id,
				type: t.type,
				workflowId: t.workflowId,
				workflow: names.get(t.workflowId) ?? t.workflowId,
				alias: t.alias,
				enabled: t.enabled,
				error: t.lastError ?? 'the last run failed',
				lastRunAt: t.lastRunAt?.toISOString() ?? null
			})),
		canSeeRuns
	};
}
