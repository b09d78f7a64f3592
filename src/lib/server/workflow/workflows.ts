/**
 * Workflow persistence rules (SPEC §8.6): every save writes the draft and appends a version; trigger
 * rows follow the trigger nodes of the saved graph (created, updated, deleted) while triggers created
 * through the API for nodes that still exist — or for no node — are kept; publishing sets the active
 * version that webhook and cron runs use.
 */
import { graphSchema, validateGraph, type Graph, type GraphError } from '$lib/workflow';
import { eq } from 'drizzle-orm';
import { ApiError, isUniqueViolation } from '../api';
import type { DB, DbOrTx } from '../store/db';
import { getTriggerByIdOrAlias, insertTrigger, listTriggers, updateTrigger } from '../store/queries/triggers';
import { getVersion, insertVersion } from '../store/queries/versions';
import { deleteWorkflow as deleteWorkflowRow, insertWorkflow, lockWorkflow, updateWorkflow } from '../store/queries/workflows';
import { triggers, type TriggerRow, type WorkflowRow } from '../store/schema';
import { cronProblem } from './cron';

export class WorkflowInputError extends ApiError {
	constructor(
		status: number,
		message: string,
		readonly errors: GraphError[] = []
	) {
		super(status, message, errors.length ? { errors } : {});
		this.name = 'WorkflowInputError';
	}
}

function parseValid(graph: unknown): Graph {
	const check = validateGraph(graph);
	if (!check.ok) throw new WorkflowInputError(400, `the graph is not valid: ${check.errors.map((e) => e.message).join('; ')}`, check.errors);
	return graphSchema.parse(graph);
}

async function inTx<T>(db: DB, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
	try {
		return await db.transaction(fn);
	} catch (e) {
		if (isUniqueViolation(e)) throw new WorkflowInputError(409, 'a webhook alias in this graph is already used by another workflow');
		throw e;
	}
}

/**
 * Brings at_triggers in line with the graph's trigger nodes and writes each node's trigger_id.
 * Returns the graph to store.
 */
async function syncTriggers(tx: DbOrTx, workflowId: string, graph: Graph, user: string): Promise<Graph> {
	const rows = await listTriggers(tx, workflowId);
	const nodeIds = new Set(graph.nodes.map((n) => n.id));
	for (const row of rows) if (row.nodeId && !nodeIds.has(row.nodeId)) await tx.delete(triggers).where(eq(triggers.id, row.id));
	const kept = rows.filter((r) => !r.nodeId || nodeIds.has(r.nodeId));
	const nodes = [];
	for (const node of graph.nodes) {
		if (node.type !== 'http_trigger' && node.type !== 'cron_trigger') {
			nodes.push(node);
			continue;
		}
		const type = node.type === 'http_trigger' ? 'http' : 'cron';
		const d = node.data ?? {};
		let row: TriggerRow | undefined =
			kept.find((r) => r.nodeId === node.id && r.type === type) ?? kept.find((r) => typeof d.trigger_id === 'string' && r.id === d.trigger_id && r.type === type);
		if (type === 'http') {
			const alias = typeof d.alias === 'string' && d.alias.trim() ? d.alias.trim() : null;
			if (alias) {
				const other = await getTriggerByIdOrAlias(tx, alias);
				if (other && other.id !== row?.id && (other.alias === alias || other.id === alias))
					throw new WorkflowInputError(409, `alias "${alias}" is already used by another webhook (workflow ${other.workflowId})`);
			}
			const fields = { alias, public: d.public === true, nodeId: node.id, updatedBy: user };
			row = row ? await updateTrigger(tx, row.id, fields) : await insertTrigger(tx, { workflowId, type, config: {}, enabled: true, createdBy: user, ...fields });
		} else {
			const schedule = typeof d.schedule === 'string' ? d.schedule.trim() : '';
			const timezone = typeof d.timezone === 'string' && d.timezone.trim() ? d.timezone.trim() : 'UTC';
			const config = { schedule, timezone, payload: d.payload ?? {} };
			const problem = cronProblem(schedule, timezone);
			const prev = row?.config ?? {};
			const changed = !row || prev.schedule !== schedule || prev.timezone !== timezone;
			const state = problem ? { enabled: false, lastError: problem } : changed || row?.lastError ? { enabled: changed ? true : row!.enabled, lastError: null } : {};
			row = row
				? await updateTrigger(tx, row.id, { config, nodeId: node.id, alias: null, updatedBy: user, ...state })
				: await insertTrigger(tx, { workflowId, type, config, nodeId: node.id, enabled: !problem, lastError: problem, createdBy: user, updatedBy: user });
		}
		nodes.push({ ...node, data: { ...d, trigger_id: row!.id } });
	}
	return { ...graph, nodes };
}

export async function createWorkflow(db: DB, input: { name: string; description: string; graph: unknown }, user: string): Promise<WorkflowRow> {
	const graph = parseValid(input.graph);
	return inTx(db, async (tx) => {
		const wf = await insertWorkflow(tx, { name: input.name, description: input.description, graph: { nodes: [], edges: [] }, user });
		const synced = await syncTriggers(tx, wf.id, graph, user);
		await insertVersion(tx, { workflowId: wf.id, name: input.name, description: input.description, graph: synced, user });
		return (await updateWorkflow(tx, wf.id, { graph: synced, user }))!;
	});
}

/** PUT: saves the draft and appends a version (when the graph is given). */
export async function saveWorkflow(db: DB, id: string, input: { name?: string; description?: string; graph?: unknown }, user: string): Promise<WorkflowRow | undefined> {
	const graph = input.graph === undefined ? undefined : parseValid(input.graph);
	return inTx(db, async (tx) => {
		const wf = await lockWorkflow(tx, id);
		if (!wf) return undefined;
		const name = input.name ?? wf.name;
		const description = input.description ?? wf.description;
		if (!graph) return updateWorkflow(tx, id, { name, description, user });
		const synced = await syncTriggers(tx, id, graph, user);
		await insertVersion(tx, { workflowId: id, name, description, graph: synced, user });
		return updateWorkflow(tx, id, { name, description, graph: synced, user });
	});
}

export async function setActiveVersion(db: DB, id: string, version: number | null, user: string): Promise<WorkflowRow | undefined> {
	return db.transaction(async (tx) => {
		const wf = await lockWorkflow(tx, id);
		if (!wf) return undefined;
		if (version !== null && !(await getVersion(tx, id, version))) throw new WorkflowInputError(404, `version ${version} does not exist`);
		return updateWorkflow(tx, id, { activeVersion: version, user });
	});
}

export async function deleteWorkflow(db: DB, id: string): Promise<boolean> {
	return deleteWorkflowRow(db, id);
}
