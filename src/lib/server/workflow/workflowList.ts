import type { WorkflowCreate } from '$lib/schemas/workflow';
import { checkWorkflowImport, detachTriggers, exportFileName, type WorkflowFile } from '$lib/workflow/transfer';
import type { Graph } from '$lib/workflow';
import { getRuntime } from '../runtime';
import { getWorkflow, listWorkflowOverview } from '../store/queries/workflows';
import type { WorkflowRow } from '../store/schema';
import { engine } from './index';
import { createWorkflow, deleteWorkflow, WorkflowInputError } from './workflows';

/**
 * The workflow list's operations (the /workflows page and the API): create, import, duplicate,
 * delete and export. Changes are announced as `triggers.changed` so every instance's scheduler and
 * graph cache follow.
 */
/** Every workflow (newest change first), or those whose name or description contains `query`. */
export async function workflowOverview(query = '') {
	const needle = query.trim().toLowerCase();
	await engine().settled();
	const all = await listWorkflowOverview(getRuntime().db);
	const rows = needle ? all.filter((w) => `${w.name}\n${w.description}`.toLowerCase().includes(needle)) : all;
	return rows.map((w) => ({
		id: w.id,
		name: w.name,
		description: w.description,
		nodeCount: w.nodeCount,
		activeVersion: w.activeVersion,
		latestVersion: w.latestVersion,
		updatedAt: w.updatedAt.toISOString(),
		updatedBy: w.updatedBy,
		lastRun: w.lastRun
			? {
					id: w.lastRun.id,
					status: w.lastRun.status,
					startedAt: w.lastRun.startedAt.toISOString(),
					durationMs: w.lastRun.finishedAt ? w.lastRun.finishedAt.getTime() - w.lastRun.startedAt.getTime() : null,
					error: w.lastRun.error
				}
			: null
	}));
}

export type WorkflowOverview = Awaited<ReturnType<typeof workflowOverview>>[number];

export async function newWorkflow(input: WorkflowCreate, user: string): Promise<WorkflowRow> {
	const rt = getRuntime();
	const wf = await createWorkflow(rt.db, input, user);
	await rt.bus.publish('triggers.changed', { workflow_id: wf.id });
	return wf;
}

export async function removeWorkflow(id: string): Promise<boolean> {
	const rt = getRuntime();
	if (!(await deleteWorkflow(rt.db, id))) return false;
	await rt.bus.publish('triggers.changed', { workflow_id: id });
	return true;
}

/** A copy named "<name> (copy)"; webhook aliases are dropped (they are unique across workflows). */
export async function duplicateWorkflow(id: string, user: string): Promise<WorkflowRow | undefined> {
	const wf = await getWorkflow(getRuntime().db, id);
	if (!wf) return undefined;
	return newWorkflow({ name: `${wf.name} (copy)`.slice(0, 200), description: wf.description, graph: detachTriggers(wf.graph as Graph) }, user);
}

/** Imports a workflow file (see transfer.ts); a blank `name` takes the file's name, else "Imported workflow". */
export async function importWorkflow(text: string, name: string, user: string): Promise<WorkflowRow> {
	const check = checkWorkflowImport(text);
	if (!check.ok) throw new WorkflowInputError(400, check.errors.join('\n'), check.graphErrors);
	const { file } = check;
	return newWorkflow({ name: (name.trim() || file.name || 'Imported workflow').slice(0, 200), description: file.description, graph: file.graph }, user);
}

export async function exportWorkflow(id: string): Promise<{ fileName: string; file: WorkflowFile } | undefined> {
	const wf = await getWorkflow(getRuntime().db, id);
	if (!wf) return undefined;
	return { fileName: exportFileName(wf.name), file: { name: wf.name, description: wf.description, graph: wf.graph as WorkflowFile['graph'] } };
}
