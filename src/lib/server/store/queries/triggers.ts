import { and, asc, eq, or, type SQL } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { triggers, workflows, type TriggerRow } from '../schema';

export type NewTrigger = Omit<typeof triggers.$inferInsert, 'id'> & { id?: string };

export async function listTriggers(db: DbOrTx, workflowId?: string): Promise<TriggerRow[]> {
	const q = db.select().from(triggers);
	return (workflowId ? q.where(eq(triggers.workflowId, workflowId)) : q).orderBy(asc(triggers.createdAt), asc(triggers.id));
}

export async function listEnabledCronTriggers(db: DbOrTx): Promise<TriggerRow[]> {
	return db
		.select()
		.from(triggers)
		.where(and(eq(triggers.type, 'cron'), eq(triggers.enabled, true)))
		.orderBy(asc(triggers.id));
}

export async function getTrigger(db: DbOrTx, id: string): Promise<TriggerRow | undefined> {
	const [row] = await db.select().from(triggers).where(eq(triggers.id, id));
	return row;
}

/** A webhook addressed by its id or its alias. */
export async function getTriggerByIdOrAlias(db: DbOrTx, idOrAlias: string): Promise<TriggerRow | undefined> {
	const rows = await db
		.select()
		.from(triggers)
		.where(or(eq(triggers.id, idOrAlias), eq(triggers.alias, idOrAlias)));
	return rows.find((r) => r.id === idOrAlias) ?? rows[0];
}

export async function insertTrigger(db: DbOrTx, row: NewTrigger): Promise<TriggerRow> {
	const [created] = await db
		.insert(triggers)
		.values({ ...row, id: row.id ?? ulid() })
		.returning();
	return created;
}

export async function updateTrigger(db: DbOrTx, id: string, patch: Partial<NewTrigger>): Promise<TriggerRow | undefined> {
	const [row] = await db
		.update(triggers)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(triggers.id, id))
		.returning();
	return row;
}

export async function deleteTrigger(db: DbOrTx, id: string): Promise<boolean> {
	const rows = await db.delete(triggers).where(eq(triggers.id, id)).returning({ id: triggers.id });
	return rows.length > 0;
}

/** Scheduler bookkeeping; does not touch updated_at/updated_by (not a user change). */
export async function recordTriggerFire(db: DbOrTx, id: string, patch: { lastRunAt?: Date; lastStatus?: string | null; lastError?: string | null; lastRunId?: string | null; enabled?: boolean }) {
	await db.update(triggers).set(patch).where(eq(triggers.id, id));
}

export interface TriggerOverviewRow {
	trigger: TriggerRow;
	workflowName: string;
	activeVersion: number | null;
}

/** Triggers with their workflow's name and active version, for the triggers page. */
export async function listTriggerOverview(db: DbOrTx, f: { workflowId?: string; type?: 'http' | 'cron' } = {}): Promise<TriggerOverviewRow[]> {
	const where: SQL[] = [];
	if (f.workflowId) where.push(eq(triggers.workflowId, f.workflowId));
	if (f.type) where.push(eq(triggers.type, f.type));
	return db
		.select({
			trigger: triggers,
			workflowName: workflows.name,
			activeVersion: workflows.activeVersion
		})
		.from(triggers)
		.innerJoin(workflows, eq(workflows.id, triggers.workflowId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(asc(workflows.name), asc(triggers.type), asc(triggers.createdAt), asc(triggers.id));
}
