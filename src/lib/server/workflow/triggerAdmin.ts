/**
 * Trigger management for the REST API and the triggers page (`+page.server.ts` calls these directly).
 * Every change is announced with `triggers.changed`, so the scheduler (on whichever instance leads)
 * and the engine's graph cache pick it up. Results are the API's JSON shapes.
 */
import { cronTriggerConfigSchema, httpTriggerConfigSchema, type TriggerCreate, type TriggerUpdate } from '$lib/schemas/trigger';
import { ApiError } from '../api';
import { REDACTED } from '../crypto/secrets';
import { getRuntime } from '../runtime';
import { deleteTrigger, getTrigger, insertTrigger, listTriggerOverview, updateTrigger } from '../store/queries/triggers';
import { getWorkflow } from '../store/queries/workflows';
import { triggerJson } from './serialize';
import { cronProblem } from './workflows';

export type TriggerJson = ReturnType<typeof triggerJson>;

/** Every trigger (or one workflow's, or one type), with workflow name, next fire times and the latest run (last_run_id). */
export async function triggerOverview(f: { workflowId?: string; type?: 'http' | 'cron' } = {}): Promise<TriggerJson[]> {
	const rows = await listTriggerOverview(getRuntime().db, f);
	return rows.map((r) => triggerJson(r.trigger, { workflowName: r.workflowName, activeVersion: r.activeVersion }));
}

/** One trigger in the overview's shape; null when there is no such trigger. */
export async function triggerView(id: string): Promise<TriggerJson | null> {
	const t = await getTrigger(getRuntime().db, id);
	if (!t) return null;
	const [row] = (await listTriggerOverview(getRuntime().db, { workflowId: t.workflowId })).filter((r) => r.trigger.id === id);
	return row ? triggerJson(row.trigger, { workflowName: row.workflowName, activeVersion: row.activeVersion }) : triggerJson(t);
}

/** A trigger created through the API (not from a trigger node); null when the workflow does not exist. */
export async function createTrigger(workflowId: string, body: TriggerCreate, user: string): Promise<TriggerJson | null> {
	const rt = getRuntime();
	if (!(await getWorkflow(rt.db, workflowId))) return null;
	if (body.type === 'cron') {
		const problem = cronProblem(body.config.schedule, body.config.timezone);
		if (problem) throw new ApiError(400, `config.schedule: ${problem}`);
	}
	const row = await insertTrigger(rt.db, {
		workflowId,
		type: body.type,
		config: body.config,
		nodeId: body.node_id ?? null,
		alias: body.type === 'http' && body.alias ? body.alias : null,
		public: body.public,
		enabled: body.enabled,
		createdBy: user,
		updatedBy: user
	});
	await rt.bus.publish('triggers.changed', { trigger_id: row.id, workflow_id: workflowId });
	return triggerJson(row);
}

/**
 * PUT /triggers/{id}: config fields merge into the stored config; a blank or `"***"` webhook secret
 * keeps the stored one (an explicit `""` with nothing stored clears it); enabling or changing the
 * config clears last_error. Null when there is no such trigger.
 */
export async function updateTriggerSettings(id: string, body: TriggerUpdate, user: string): Promise<TriggerJson | null> {
	const rt = getRuntime();
	const t = await getTrigger(rt.db, id);
	if (!t) return null;
	let config = t.config;
	if (body.config) {
		const merged: Record<string, unknown> = { ...t.config, ...body.config };
		if (t.type === 'http' && (body.config.secret === REDACTED || body.config.secret === undefined)) merged.secret = t.config.secret;
		const parsed = (t.type === 'http' ? httpTriggerConfigSchema : cronTriggerConfigSchema).safeParse(merged);
		if (!parsed.success) throw new ApiError(400, parsed.error.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`).join('; '));
		config = parsed.data as Record<string, unknown>;
		if (t.type === 'http' && config.secret === '') delete config.secret;
	}
	if (t.type === 'cron') {
		const problem = cronProblem(String(config.schedule ?? ''), String(config.timezone ?? 'UTC'));
		if (problem) throw new ApiError(400, `config.schedule: ${problem}`);
	}
	await updateTrigger(rt.db, t.id, {
		config,
		...(body.node_id !== undefined ? { nodeId: body.node_id } : {}),
		...(body.alias !== undefined && t.type === 'http' ? { alias: body.alias || null } : {}),
		...(body.public !== undefined ? { public: body.public } : {}),
		...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
		...(body.enabled || body.config ? { lastError: null } : {}),
		updatedBy: user
	});
	await rt.bus.publish('triggers.changed', { trigger_id: t.id, workflow_id: t.workflowId });
	return triggerView(t.id);
}

/** Enables or disables a trigger (the triggers page's toggle); null when there is no such trigger. */
export function setTriggerEnabled(id: string, enabled: boolean, user: string): Promise<TriggerJson | null> {
	return updateTriggerSettings(id, { enabled }, user);
}

export async function removeTrigger(id: string): Promise<boolean> {
	const rt = getRuntime();
	const t = await getTrigger(rt.db, id);
	if (!t || !(await deleteTrigger(rt.db, id))) return false;
	await rt.bus.publish('triggers.changed', { trigger_id: id, workflow_id: t.workflowId });
	return true;
}
