import { asc, eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { variables, type VariableRow } from '../schema';

export type NewVariable = Omit<typeof variables.$inferInsert, 'id'>;

/** Rows as stored: secret values are in `enc:` form when a key is set. */
export async function listVariables(db: DbOrTx): Promise<VariableRow[]> {
	return db.select().from(variables).orderBy(asc(variables.key));
}

export async function getVariable(db: DbOrTx, id: string): Promise<VariableRow | undefined> {
	const [row] = await db.select().from(variables).where(eq(variables.id, id));
	return row;
}

export async function getVariableByKey(db: DbOrTx, key: string): Promise<VariableRow | undefined> {
	const [row] = await db.select().from(variables).where(eq(variables.key, key));
	return row;
}

export async function insertVariable(db: DbOrTx, row: NewVariable): Promise<VariableRow> {
	const [created] = await db.insert(variables).values({ ...row, id: ulid() }).returning();
	return created;
}

export async function updateVariable(db: DbOrTx, id: string, patch: Partial<NewVariable>): Promise<VariableRow | undefined> {
	const [row] = await db.update(variables).set({ ...patch, updatedAt: new Date() }).where(eq(variables.id, id)).returning();
	return row;
}

export async function deleteVariable(db: DbOrTx, id: string): Promise<boolean> {
	return (await db.delete(variables).where(eq(variables.id, id)).returning({ id: variables.id })).length > 0;
}

/** Secret variables, locked against concurrent updates until the transaction ends (key rotation). */
export async function lockSecretVariables(db: DbOrTx): Promise<VariableRow[]> {
	return db.select().from(variables).where(eq(variables.secret, true)).orderBy(asc(variables.key)).for('update');
}

/** Re-encrypted value only: the audit columns stay as they were (key rotation). */
export async function setVariableValue(db: DbOrTx, id: string, value: string): Promise<void> {
	await db.update(variables).set({ value }).where(eq(variables.id, id));
}
