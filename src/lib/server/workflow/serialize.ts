import { base } from '$app/paths';
import { nextCronRuns } from './cron';
import { REDACTED } from '../crypto/secrets';
import type { WorkflowSummary } from '../store/queries/workflows';
import type { AgentRow, NodeConfigRow, RunRow, RunStepRow, SkillRow, TriggerRow, VariableRow, WorkflowRow, WorkflowVersionRow } from '../store/schema';
import { NODE_CONFIG_SECRET_FIELDS } from '../crypto/secrets';
import type { VersionSummary } from '../store/queries/versions';
import type { RunSummaryRow } from '../store/queries/runs';

/** REST shapes (snake_case, RFC 3339 times) for the workflow API (SPEC §7). */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const audit = (r: { createdAt: Date; updatedAt: Date; createdBy: string; updatedBy: string }) => ({
	created_at: iso(r.createdAt),
	updated_at: iso(r.updatedAt),
	created_by: r.createdBy,
	updated_by: r.updatedBy
});

export function workflowJson(w: WorkflowRow, extra: Record<string, unknown> = {}) {
	return { id: w.id, name: w.name, description: w.description, graph: w.graph, active_version: w.activeVersion, ...audit(w), ...extra };
}

export function workflowSummaryJson(w: WorkflowSummary) {
	return { id: w.id, name: w.name, description: w.description, active_version: w.activeVersion, node_count: w.nodeCount, ...audit(w) };
}

export function versionJson(v: VersionSummary | WorkflowVersionRow) {
	return {
		id: v.id,
		workflow_id: v.workflowId,
		version: v.version,
		name: v.name,
		description: v.description,
		...('graph' in v ? { graph: v.graph } : {}),
		created_at: iso(v.createdAt),
		created_by: v.createdBy
	};
}

/** The next fire times of an enabled cron trigger in its timezone (empty for webhooks, disabled or invalid schedules). */
export function nextFires(t: Pick<TriggerRow, 'type' | 'enabled' | 'config'>, count = 5): string[] {
	if (t.type !== 'cron' || !t.enabled) return [];
	return nextCronRuns(String(t.config.schedule ?? ''), String(t.config.timezone || 'UTC'), count).map((d) => d.toISOString());
}

export function nextFire(t: Pick<TriggerRow, 'type' | 'enabled' | 'config'>): string | null {
	return nextFires(t, 1)[0] ?? null;
}

/** The webhook's path under the base path; its public URL is the server origin plus this. */
export function webhookPath(t: Pick<TriggerRow, 'id' | 'alias'>): string {
	return `${base}/webhooks/${encodeURIComponent(t.alias || t.id)}`;
}

export interface TriggerExtras {
	workflowName?: string | null;
	activeVersion?: number | null;
}

export function triggerJson(t: TriggerRow, extra: TriggerExtras = {}) {
	const config = { ...t.config };
	const hasSecret = typeof config.secret === 'string' && config.secret !== '';
	if (t.type === 'http') {
		if (hasSecret) config.secret = REDACTED;
		else delete config.secret;
	}
	const next = nextFires(t);
	return {
		id: t.id,
		workflow_id: t.workflowId,
		...(extra.workflowName !== undefined ? { workflow_name: extra.workflowName } : {}),
		...(extra.activeVersion !== undefined ? { workflow_active_version: extra.activeVersion } : {}),
		node_id: t.nodeId,
		type: t.type,
		config,
		...(t.type === 'http' ? { has_secret: hasSecret, webhook_path: webhookPath(t) } : {}),
		...(t.type === 'cron' ? { schedule: String(t.config.schedule ?? ''), timezone: String(t.config.timezone || 'UTC') } : {}),
		alias: t.alias,
		public: t.public,
		enabled: t.enabled,
		last_error: t.lastError,
		last_run_at: iso(t.lastRunAt),
		last_status: t.lastStatus,
		last_run_id: t.lastRunId,
		next_run_at: next[0] ?? null,
		next_runs: next,
		...audit(t)
	};
}

export function runJson(r: RunRow) {
	return {
		id: r.id,
		run_id: r.id,
		workflow_id: r.workflowId,
		workflow_version: r.workflowVersion,
		parent_run_id: r.parentRunId,
		trigger_id: r.triggerId,
		source: r.source,
		status: r.status,
		inputs: r.inputs,
		outputs: r.outputs,
		error: r.error,
		started_at: iso(r.startedAt),
		finished_at: iso(r.finishedAt),
		duration_ms: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
		instance_id: r.instanceId,
		rerun_of: r.rerunOf,
		rerun_from: r.rerunFrom
	};
}

/** A run in a history list: no inputs/outputs (fetch the run for those), with its workflow's name. */
export function runSummaryJson(r: RunSummaryRow) {
	return {
		id: r.id,
		run_id: r.id,
		workflow_id: r.workflowId,
		workflow_name: r.workflowName,
		workflow_version: r.workflowVersion,
		parent_run_id: r.parentRunId,
		trigger_id: r.triggerId,
		source: r.source,
		status: r.status,
		error: r.error,
		started_at: iso(r.startedAt),
		finished_at: iso(r.finishedAt),
		duration_ms: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
		instance_id: r.instanceId,
		rerun_of: r.rerunOf
	};
}

export function stepJson(s: RunStepRow) {
	return {
		node_id: s.nodeId,
		node_type: s.nodeType,
		status: s.status,
		inputs: s.inputs,
		outputs: s.outputs,
		error: s.error,
		logs: s.logs ?? [],
		attempt: s.attempt,
		iteration: s.iteration,
		started_at: iso(s.startedAt),
		finished_at: iso(s.finishedAt),
		duration_ms: s.finishedAt ? s.finishedAt.getTime() - s.startedAt.getTime() : null,
		reused: s.reused
	};
}

export function skillJson(s: SkillRow) {
	return { id: s.id, name: s.name, description: s.description, system_prompt: s.systemPrompt, tools: s.tools, ...audit(s) };
}

export function agentJson(a: AgentRow) {
	return {
		id: a.id,
		name: a.name,
		description: a.description,
		provider: a.provider,
		model: a.model,
		system_prompt: a.systemPrompt,
		skills: a.skills,
		mcp_urls: a.mcpUrls,
		max_iterations: a.maxIterations,
		tool_timeout: a.toolTimeout,
		...audit(a)
	};
}

/** Secret values are never returned: `"***"` with has_value. */
export function variableJson(v: VariableRow) {
	return {
		id: v.id,
		key: v.key,
		value: v.secret ? (v.value ? REDACTED : '') : v.value,
		has_value: v.value !== '',
		description: v.description,
		secret: v.secret,
		...audit(v)
	};
}

/** Sensitive fields are replaced by `"***"` with a `has_<field>` flag. */
export function nodeConfigJson(c: NodeConfigRow) {
	const data: Record<string, unknown> = { ...c.data };
	for (const f of NODE_CONFIG_SECRET_FIELDS[c.type] ?? []) {
		const has = typeof data[f] === 'string' && data[f] !== '';
		data[f] = has ? REDACTED : '';
		data[`has_${f}`] = has;
	}
	return { id: c.id, name: c.name, type: c.type, data, ...audit(c) };
}
