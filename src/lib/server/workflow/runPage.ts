/**
 * The /runs/[id] page in one load: the run with its steps and child runs (runDetail), the graph of
 * the version it ran (parsed; null when that version is gone), where it came from (trigger, parent
 * run, the run it reruns), the workflow's published and latest versions, and the names node cards
 * show instead of ids.
 */
import { graphSchema, type Graph } from '$lib/workflow';
import { registry } from '../gateway';
import { getRuntime } from '../runtime';
import { listAgents } from '../store/queries/agents';
import { listNodeConfigs } from '../store/queries/nodeConfigs';
import { getRun } from '../store/queries/runs';
import { getTrigger } from '../store/queries/triggers';
import { latestVersionNumber } from '../store/queries/versions';
import { getWorkflow, listWorkflows } from '../store/queries/workflows';
import { runDetail } from './history';
import { webhookPath } from './serialize';

export interface RunOrigin {
	trigger: { id: string; type: 'http' | 'cron'; node_id: string | null; label: string } | null;
	parent: { id: string; workflow_id: string; workflow_name: string | null; status: string } | null;
	rerun_of: { id: string; status: string; from_node: string | null } | null;
}

export async function loadRunPage(runId: string) {
	const run = await runDetail(runId, { graph: true });
	if (!run) return null;
	const db = getRuntime().db;
	const { graph: rawGraph, ...detail } = run;
	const parsed = rawGraph ? graphSchema.safeParse(rawGraph) : null;
	const graph: Graph | null = parsed?.success ? parsed.data : null;

	const [wf, latest, trigger, parent, previous, agents, workflows, configs] = await Promise.all([
		getWorkflow(db, run.workflow_id),
		latestVersionNumber(db, run.workflow_id),
		run.trigger_id ? getTrigger(db, run.trigger_id) : undefined,
		run.parent_run_id ? getRun(db, run.parent_run_id) : undefined,
		run.rerun_of ? getRun(db, run.rerun_of) : undefined,
		listAgents(db),
		listWorkflows(db),
		listNodeConfigs(db)
	]);
	const names = new Map(workflows.map((w) => [w.id, w.name]));
	const origin: RunOrigin = {
		trigger: trigger
			? {
					id: trigger.id,
					type: trigger.type,
					node_id: trigger.nodeId,
					label: trigger.type === 'http' ? `POST ${webhookPath(trigger)}` : `${String(trigger.config.schedule ?? '')} (${String(trigger.config.timezone || 'UTC')})`
				}
			: null,
		parent: parent ? { id: parent.id, workflow_id: parent.workflowId, workflow_name: names.get(parent.workflowId) ?? null, status: parent.status } : null,
		rerun_of: run.rerun_of ? { id: run.rerun_of, status: previous?.status ?? 'deleted', from_node: run.rerun_from } : null
	};
	return {
		run: detail,
		graph,
		workflow: wf ? { id: wf.id, name: wf.name, active_version: wf.activeVersion, latest_version: latest || null } : null,
		origin,
		lookups: {
			agents: agents.map((a) => [a.id, a.name] as [string, string]),
			workflows: workflows.map((w) => [w.id, w.name] as [string, string]),
			nodeConfigs: configs.map((c) => [c.id, c.name] as [string, string]),
			providerDefaults: registry()
				.list()
				.map((e) => [e.key, e.config.model] as [string, string])
		}
	};
}

export type RunPageData = NonNullable<Awaited<ReturnType<typeof loadRunPage>>>;
