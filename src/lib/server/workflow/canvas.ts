/**
 * Everything the canvas page needs in one load (SPEC §11.1): the draft graph, versions, the live
 * provider registry, the resources node forms pick from, the workflow's triggers, and optionally a
 * past run to show on the canvas (with the graph of the version it ran).
 */
import { graphSchema, type Graph } from '$lib/workflow';
import { registry } from '../gateway';
import { providerModels } from '../gateway/models';
import { getRuntime } from '../runtime';
import { listAgents } from '../store/queries/agents';
import { listNodeConfigs } from '../store/queries/nodeConfigs';
import { getRun, getRunSteps } from '../store/queries/runs';
import { listSkills } from '../store/queries/skills';
import { listTriggers } from '../store/queries/triggers';
import { getVersion, listVersions } from '../store/queries/versions';
import { getWorkflow, listWorkflows } from '../store/queries/workflows';
import { engine } from './index';
import { runJson, stepJson, triggerJson, versionJson } from './serialize';

function parseGraph(raw: unknown): Graph {
	const parsed = graphSchema.safeParse(raw ?? {});
	return parsed.success ? parsed.data : { nodes: [], edges: [] };
}

export async function loadCanvas(workflowId: string, opts: { runId?: string | null } = {}) {
	const rt = getRuntime();
	const db = rt.db;
	const wf = await getWorkflow(db, workflowId);
	if (!wf) return null;
	const [versions, configs, agents, skills, workflows, triggers] = await Promise.all([
		listVersions(db, wf.id),
		listNodeConfigs(db),
		listAgents(db),
		listSkills(db),
		listWorkflows(db),
		listTriggers(db, wf.id)
	]);
	let run = null;
	if (opts.runId) {
		await engine().settled();
		const row = await getRun(db, opts.runId);
		if (row && row.workflowId === wf.id) {
			const version = row.workflowVersion ? await getVersion(db, wf.id, row.workflowVersion) : undefined;
			run = {
				...runJson(row),
				steps: (await getRunSteps(db, row.id)).map(stepJson),
				graph: version ? parseGraph(version.graph) : null
			};
		}
	}
	return {
		workflow: { id: wf.id, name: wf.name, description: wf.description, active_version: wf.activeVersion, updated_at: wf.updatedAt.toISOString(), updated_by: wf.updatedBy },
		graph: parseGraph(wf.graph),
		versions: versions.map((v) => ({ ...versionJson(v), active: v.version === wf.activeVersion })),
		latestVersion: versions[0]?.version ?? 0,
		providers: registry()
			.list()
			.map((e) => ({ key: e.key, type: e.config.type, default_model: e.config.model, models: providerModels(e) })),
		nodeConfigs: configs.map((c) => ({ id: c.id, name: c.name, type: c.type })),
		agents: agents.map((a) => ({ id: a.id, name: a.name, description: a.description })),
		skills: skills.map((s) => ({ id: s.id, name: s.name, description: s.description })),
		workflows: workflows.filter((w) => w.id !== wf.id).map((w) => ({ id: w.id, name: w.name, active_version: w.activeVersion })),
		triggers: triggers.map((t) => triggerJson(t)),
		execEnabled: rt.config.workflow.exec.enabled,
		run
	};
}

export type CanvasData = NonNullable<Awaited<ReturnType<typeof loadCanvas>>>;
