import { asc, eq, inArray, or } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { nodeConfigs, type NodeConfigRow } from '../schema';

export type NewNodeConfig = Omit<typeof nodeConfigs.$inferInsert, 'id'>;

/** Rows as stored: sensitive fields are in `enc:` form when a key is set. */
export async function listNodeConfigs(db: DbOrTx, type?: string): Promise<NodeConfigRow[]> {
	const q = db.select().from(nodeConfigs);
	return (type ? q.where(eq(nodeConfigs.type, type)) : q).orderBy(asc(nodeConfigs.name));
}

export async function getNodeConfig(db: DbOrTx, id: string): Promise<NodeConfigRow | undefined> {
	const [row] = await db.select().from(nodeConfigs).where(eq(nodeConfigs.id, id));
	return row;
}

/** By id, or by name (graphs imported from AT may name the config). */
export async function getNodeConfigByIdOrName(db: DbOrTx, ref: string): Promise<NodeConfigRow | undefined> {
	const rows = await db.select().from(nodeConfigs).where(or(eq(nodeConfigs.id, ref), eq(nodeConfigs.name, ref)));
	return rows.find((r) => r.id === ref) ?? rows[0];
}

export async function insertNodeConfig(db: DbOrTx, row: NewNodeConfig): Promise<NodeConfigRow> {
	const [created] = await db.insert(nodeConfigs).values({ ...row, id: ulid() }).returning();
	return created;
}

export async function updateNodeConfig(db: DbOrTx, id: string, patch: Partial<NewNodeConfig>): Promise<NodeConfigRow | undefined> {
	const [row] = await db.update(nodeConfigs).set({ ...patch, updatedAt: new Date() }).where(eq(nodeConfigs.id, id)).returning();
	return row;
}

export async function deleteNodeConfig(db: DbOrTx, id: string): Promise<boolean> {
	return (await db.delete(nodeConfigs).where(eq(nodeConfigs.id, id)).returning({ id: nodeConfigs.id })).length > 0;
}

/** Configs of the given types, locked against concurrent updates until the transaction ends (key rotation). */
export async function lockNodeConfigs(db: DbOrTx, types: string[]): Promise<NodeConfigRow[]> {
	if (!types.length) return [];
	return db.select().from(nodeConfigs).where(inArray(nodeConfigs.type, types)).orderBy(asc(nodeConfigs.name)).for('update');
}

/** Re-encrypted data only: the audit columns stay as they were (key rotation). */
export async function setNodeConfigData(db: DbOrTx, id: string, data: Record<string, unknown>): Promise<void> {
	await db.update(nodeConfigs).set({ data }).where(eq(nodeConfigs.id, id));
}
