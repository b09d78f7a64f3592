import { desc, eq, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { workflows, type WorkflowRow } from '../schema';

export type WorkflowSummary = Omit<WorkflowRow, 'graph'> & { nodeCount: number };

export async function listWorkflows(db: DbOrTx): Promise<WorkflowSummary[]> {
	const rows = await db
		.select({
			id: workflows.id,
			name: workflows.name,
			description: workflows.description,
			activeVersion: workflows.activeVersion,
			createdAt: workflows.createdAt,
			updatedAt: workflows.updatedAt,
			createdBy: workflows.createdBy,
			updatedBy: workflows.updatedBy,
			nodeCount: sql<number>`coalesce(jsonb_array_length(${workflows.graph} -> 'nodes'), 0)`
		})
		.from(workflows)
		.orderBy(desc(workflows.updatedAt));
	return rows.map((r) => ({ ...r, nodeCount: Number(r.nodeCount) }));
}

export async function getWorkflow(db: DbOrTx, id: string): Promise<WorkflowRow | undefined> {
	const [row] = await db.select().from(workflows).where(eq(workflows.id, id));
	return row;
}

export async function insertWorkflow(
	db: DbOrTx,
	input: { id?: string; name: string; description: string; graph: unknown; user: string }
): Promise<WorkflowRow> {
	const [row] = await db
		.insert(workflows)
		.values({
			id: input.id ?? ulid(),
			name: input.name,
			description: input.description,
			graph: input.graph,
			createdBy: input.user,
			updatedBy: input.user
		})
		.returning();
	return row;
}

export async function updateWorkflow(
	db: DbOrTx,
	id: string,
	patch: { name?: string; description?: string; graph?: unknown; activeVersion?: number | null; user: string }
): Promise<WorkflowRow | undefined> {
	const { user, ...rest } = patch;
	const [row] = await db
		.update(workflows)
		.set({ ...rest, updatedBy: user, updatedAt: new Date() })
		.where(eq(workflows.id, id))
		.returning();
	return row;
}

export async function deleteWorkflow(db: DbOrTx, id: string): Promise<boolean> {
	const rows = await db.delete(workflows).where(eq(workflows.id, id)).returning({ id: workflows.id });
	return rows.length > 0;
}

/** Locks the workflow row for the rest of the transaction (serialises saves of one workflow). */
export async function lockWorkflow(db: DbOrTx, id: string): Promise<WorkflowRow | undefined> {
	const [row] = await db.select().from(workflows).where(eq(workflows.id, id)).for('update');
	return row;
}


export interface WorkflowOverviewRow extends WorkflowSummary {
	latestVersion: number;
	lastRun: { id: string; status: string; startedAt: Date; finishedAt: Date | null; error: string | null } | null;
}

/**
 * The /workflows list: each workflow with its newest version number and its latest run (one query).
 * The subqueries name `at_workflows.id` literally: drizzle renders a column of the selected table
 * unqualified, which inside a subquery would mean the subquery's own `id`.
 */
export async function listWorkflowOverview(db: DbOrTx): Promise<WorkflowOverviewRow[]> {
	const rows = await db
		.select({
			id: workflows.id,
			name: workflows.name,
			description: workflows.description,
			activeVersion: workflows.activeVersion,
			createdAt: workflows.createdAt,
			updatedAt: workflows.updatedAt,
			createdBy: workflows.createdBy,
			updatedBy: workflows.updatedBy,
			nodeCount: sql<number>`coalesce(jsonb_array_length(${workflows.graph} -> 'nodes'), 0)`,
			latestVersion: sql<number | null>`(select max(v.version) from at_workflow_versions v where v.workflow_id = at_workflows.id)`,
			lastRun: sql<{ id: string; status: string; started_at: string; finished_at: string | null; error: string | null } | null>`(
				select json_build_object('id', r.id, 'status', r.status, 'started_at', r.started_at, 'finished_at', r.finished_at, 'error', r.error)
				from at_runs r where r.workflow_id = at_workflows.id order by r.started_at desc limit 1)`
		})
		.from(workflows)
		.orderBy(desc(workflows.updatedAt));
	return rows.map(({ lastRun, ...r }) => {
		const run = typeof lastRun === 'string' ? (JSON.parse(lastRun) as NonNullable<typeof lastRun>) : lastRun;
		return {
			...r,
			nodeCount: Number(r.nodeCount),
			latestVersion: Number(r.latestVersion ?? 0),
			lastRun: run ? { id: run.id, status: run.status, startedAt: new Date(run.started_at), finishedAt: run.finished_at ? new Date(run.finished_at) : null, error: run.error } : null
		};
	});
}
