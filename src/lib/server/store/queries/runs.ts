import { and, asc, desc, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { runs, runSteps, workflows, type RunRow, type RunSource, type RunStatus, type RunStepRow } from '../schema';

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
	return db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.startedAt), sql`${runSteps.finishedAt} asc nulls last`, asc(runSteps.iteration), asc(runSteps.nodeId));
}

export interface RunFilter {
	workflowId?: string;
	status?: RunStatus;
	source?: RunSource;
	triggerId?: string;
	parentRunId?: string;
	/** started_at ≥ from */
	from?: Date;
	/** started_at < to */
	to?: Date;
	/** Keyset pagination: runs started before this run id (ULIDs sort by time). */
	before?: string;
	limit?: number;
}

function runWhere(f: RunFilter, withCursor: boolean): SQL | undefined {
	const where: SQL[] = [];
	if (f.workflowId) where.push(eq(runs.workflowId, f.workflowId));
	if (f.status) where.push(eq(runs.status, f.status));
	if (f.source) where.push(eq(runs.source, f.source));
	if (f.triggerId) where.push(eq(runs.triggerId, f.triggerId));
	if (f.parentRunId) where.push(eq(runs.parentRunId, f.parentRunId));
	if (f.from) where.push(gte(runs.startedAt, f.from));
	if (f.to) where.push(lt(runs.startedAt, f.to));
	if (withCursor && f.before) where.push(lt(runs.id, f.before));
	return where.length ? and(...where) : undefined;
}

const clampLimit = (n: number | undefined) => Math.min(Math.max(n ?? 50, 1), 500);

export async function listRuns(db: DbOrTx, f: RunFilter = {}): Promise<RunRow[]> {
	return db.select().from(runs).where(runWhere(f, true)).orderBy(desc(runs.id)).limit(clampLimit(f.limit));
}

/** A run without its inputs and outputs (up to 64 KB each), with its workflow's name (null once deleted). */
export type RunSummaryRow = Omit<RunRow, 'inputs' | 'outputs'> & { workflowName: string | null };

const summaryColumns = {
	id: runs.id,
	workflowId: runs.workflowId,
	workflowVersion: runs.workflowVersion,
	parentRunId: runs.parentRunId,
	triggerId: runs.triggerId,
	source: runs.source,
	status: runs.status,
	error: runs.error,
	startedAt: runs.startedAt,
	finishedAt: runs.finishedAt,
	instanceId: runs.instanceId,
	rerunOf: runs.rerunOf,
	rerunFrom: runs.rerunFrom,
	workflowName: workflows.name
};

/** One page of runs, newest first, for history lists. */
export async function listRunSummaries(db: DbOrTx, f: RunFilter = {}): Promise<RunSummaryRow[]> {
	return db
		.select(summaryColumns)
		.from(runs)
		.leftJoin(workflows, eq(workflows.id, runs.workflowId))
		.where(runWhere(f, true))
		.orderBy(desc(runs.id))
		.limit(clampLimit(f.limit));
}

/** How many runs match the filter (all pages). */
export async function countRuns(db: DbOrTx, f: RunFilter = {}): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)` }).from(runs).where(runWhere(f, false));
	return Number(row?.n ?? 0);
}

/** Child runs (workflow_call) of a run, oldest first. */
export async function listChildRuns(db: DbOrTx, parentRunId: string): Promise<RunSummaryRow[]> {
	return db
		.select(summaryColumns)
		.from(runs)
		.leftJoin(workflows, eq(workflows.id, runs.workflowId))
		.where(eq(runs.parentRunId, parentRunId))
		.orderBy(asc(runs.id))
		.limit(500);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Writes many runs at once: inserted, or updated when they exist (status, outputs, error, finish).
 * ONE JSON parameter per batch (json_populate_recordset): building a multi-row VALUES list costs the
 * event loop per row and column. Rows must be complete (the engine sends the full row each time).
 */
export async function upsertRuns(db: DbOrTx, rows: NewRun[]): Promise<void> {
	if (!rows.length) return;
	const json = JSON.stringify(
		rows.map((r) => ({
			id: r.id,
			workflow_id: r.workflowId,
			workflow_version: r.workflowVersion ?? null,
			parent_run_id: r.parentRunId ?? null,
			trigger_id: r.triggerId ?? null,
			source: r.source,
			status: r.status,
			inputs: r.inputs ?? null,
			outputs: r.outputs ?? null,
			error: r.error ?? null,
			started_at: iso(r.startedAt ?? new Date()),
			finished_at: iso(r.finishedAt),
			instance_id: r.instanceId ?? '',
			rerun_of: r.rerunOf ?? null,
			rerun_from: r.rerunFrom ?? null
		}))
	);
	await db.execute(sql`insert into at_runs (id, workflow_id, workflow_version, parent_run_id, trigger_id, source, status, inputs, outputs, error, started_at, finished_at, instance_id, rerun_of, rerun_from)
		select id, workflow_id, workflow_version, parent_run_id, trigger_id, source, status, inputs, outputs, error, started_at, finished_at, instance_id, rerun_of, rerun_from
		from json_populate_recordset(null::at_runs, ${json}::json)
		on conflict (id) do update set status = excluded.status, outputs = excluded.outputs, error = excluded.error, finished_at = excluded.finished_at`);
}

/** Many step records at once (one JSON parameter), replacing earlier states of the same step. */
export async function upsertRunSteps(db: DbOrTx, rows: NewRunStep[]): Promise<void> {
	if (!rows.length) return;
	const json = JSON.stringify(
		rows.map((r) => ({
			run_id: r.runId,
			node_id: r.nodeId,
			node_type: r.nodeType,
			status: r.status,
			inputs: r.inputs ?? null,
			outputs: r.outputs ?? null,
			error: r.error ?? null,
			logs: r.logs ?? null,
			attempt: r.attempt ?? 1,
			iteration: r.iteration ?? -1,
			started_at: iso(r.startedAt ?? new Date()),
			finished_at: iso(r.finishedAt),
			reused: r.reused ?? false
		}))
	);
	await db.execute(sql`insert into at_run_steps (run_id, node_id, node_type, status, inputs, outputs, error, logs, attempt, iteration, started_at, finished_at, reused)
		select run_id, node_id, node_type, status, inputs, outputs, error, logs, attempt, iteration, started_at, finished_at, reused
		from json_populate_recordset(null::at_run_steps, ${json}::json)
		on conflict (run_id, node_id, iteration) do update set status = excluded.status, inputs = excluded.inputs, outputs = excluded.outputs,
			error = excluded.error, logs = excluded.logs, attempt = excluded.attempt, started_at = excluded.started_at, finished_at = excluded.finished_at, reused = excluded.reused`);
}

/**
 * Runs left `running`/`queued` by a stopped process (crash, kill) are marked failed, and so are their
 * steps still marked running. Without an instance id: every such run.
 */
export async function failOrphanRuns(db: DbOrTx, reason: string, instanceId?: string): Promise<number> {
	const open = inArray(runs.status, ['running', 'queued']);
	const now = new Date();
	const rows = await db
		.update(runs)
		.set({ status: 'failed', error: reason, finishedAt: now })
		.where(instanceId !== undefined ? and(open, eq(runs.instanceId, instanceId)) : open)
		.returning({ id: runs.id });
	for (let i = 0; i < rows.length; i += 1000) {
		const ids = rows.slice(i, i + 1000).map((r) => r.id);
		await db
			.update(runSteps)
			.set({ status: 'failed', error: reason, finishedAt: now })
			.where(and(inArray(runSteps.runId, ids), eq(runSteps.status, 'running')));
	}
	return rows.length;
}

/** Instances (other than `except`) that own runs still marked running or queued. */
export async function listOpenRunInstances(db: DbOrTx, except: string): Promise<string[]> {
	const rows = await db
		.selectDistinct({ instanceId: runs.instanceId })
		.from(runs)
		.where(and(inArray(runs.status, ['running', 'queued']), ne(runs.instanceId, except)));
	return rows.map((r) => r.instanceId);
}

export async function countRunsByStatus(db: DbOrTx, workflowId?: string): Promise<Record<string, number>> {
	const rows = await db
		.select({ status: runs.status, n: sql<number>`count(*)` })
		.from(runs)
		.where(workflowId ? eq(runs.workflowId, workflowId) : undefined)
		.groupBy(runs.status);
	return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
