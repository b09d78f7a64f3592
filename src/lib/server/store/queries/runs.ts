import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { runs, runSteps, type RunRow, type RunSource, type RunStatus, type RunStepRow } from '../schema';

export type NewRun = typeof runs.$inferInsert;
export type NewRunStep = typeof runSteps.$inferInsert;

export async function insertRun(db: DbOrTx, row: NewRun): Promise<RunRow> {
	const [created] = await db.insert(runs).values(row).returning();
	return created;
}

export async function getRun(db: DbOrTx, id: string): Promise<RunRow | undefined> {
	const [row] = await db.select().from(runs).where(eq(runs.id, id));
	return row;
}

export async function getRunSteps(db: DbOrTx, runId: string): Promise<RunStepRow[]> {
	return db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.startedAt), asc(runSteps.nodeId), asc(runSteps.iteration));
}

export interface RunFilter {
	workflowId?: string;
	status?: RunStatus;
	source?: RunSource;
	/** Keyset pagination: runs started before this run id (ULIDs sort by time). */
	before?: string;
	limit?: number;
}

export async function listRuns(db: DbOrTx, f: RunFilter = {}): Promise<RunRow[]> {
	const where: SQL[] = [];
	if (f.workflowId) where.push(eq(runs.workflowId, f.workflowId));
	if (f.status) where.push(eq(runs.status, f.status));
	if (f.source) where.push(eq(runs.source, f.source));
	if (f.before) where.push(lt(runs.id, f.before));
	return db
		.select()
		.from(runs)
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(runs.id))
		.limit(Math.min(Math.max(f.limit ?? 50, 1), 500));
}

/**
 * Writes many runs at once: inserted, or updated when they exist (status, outputs, error, finish).
 * The engine batches its writes through this and upsertRunSteps.
 */
export async function upsertRuns(db: DbOrTx, rows: NewRun[]): Promise<void> {
	if (!rows.length) return;
	await db
		.insert(runs)
		.values(rows)
		.onConflictDoUpdate({
			target: runs.id,
			set: {
				status: sql`excluded.status`,
				outputs: sql`excluded.outputs`,
				error: sql`excluded.error`,
				finishedAt: sql`excluded.finished_at`
			}
		});
}

export async function upsertRunSteps(db: DbOrTx, rows: NewRunStep[]): Promise<void> {
	if (!rows.length) return;
	await db
		.insert(runSteps)
		.values(rows)
		.onConflictDoUpdate({
			target: [runSteps.runId, runSteps.nodeId, runSteps.iteration],
			set: {
				status: sql`excluded.status`,
				inputs: sql`excluded.inputs`,
				outputs: sql`excluded.outputs`,
				error: sql`excluded.error`,
				attempt: sql`excluded.attempt`,
				startedAt: sql`excluded.started_at`,
				finishedAt: sql`excluded.finished_at`
			}
		});
}

/** Runs left `running`/`queued` by a stopped process (crash, kill): marked failed. No instance id = every such run. */
export async function failOrphanRuns(db: DbOrTx, reason: string, instanceId?: string): Promise<number> {
	const open = inArray(runs.status, ['running', 'queued']);
	const rows = await db
		.update(runs)
		.set({ status: 'failed', error: reason, finishedAt: new Date() })
		.where(instanceId ? and(open, eq(runs.instanceId, instanceId)) : open)
		.returning({ id: runs.id });
	return rows.length;
}

export async function countRunsByStatus(db: DbOrTx, workflowId?: string): Promise<Record<string, number>> {
	const rows = await db
		.select({ status: runs.status, n: sql<number>`count(*)` })
		.from(runs)
		.where(workflowId ? eq(runs.workflowId, workflowId) : undefined)
		.groupBy(runs.status);
	return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
