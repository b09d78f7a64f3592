import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { tokens, type TokenRow } from '../schema';

export type NewToken = typeof tokens.$inferInsert;

export async function listTokenRows(db: DbOrTx): Promise<TokenRow[]> {
	return db.select().from(tokens).orderBy(desc(tokens.createdAt));
}

export async function getTokenRow(db: DbOrTx, id: string): Promise<TokenRow | undefined> {
	const [row] = await db.select().from(tokens).where(eq(tokens.id, id));
	return row;
}

export async function getTokenByHash(db: DbOrTx, tokenHash: string): Promise<TokenRow | undefined> {
	const [row] = await db.select().from(tokens).where(eq(tokens.tokenHash, tokenHash));
	return row;
}

export async function insertTokenRow(db: DbOrTx, row: NewToken): Promise<TokenRow> {
	const [created] = await db.insert(tokens).values(row).returning();
	return created;
}

export async function updateTokenRow(db: DbOrTx, id: string, patch: Partial<NewToken>): Promise<TokenRow | undefined> {
	const [row] = await db.update(tokens).set({ ...patch, updatedAt: new Date() }).where(eq(tokens.id, id)).returning();
	return row;
}

export async function deleteTokenRow(db: DbOrTx, id: string): Promise<boolean> {
	const rows = await db.delete(tokens).where(eq(tokens.id, id)).returning({ id: tokens.id });
	return rows.length > 0;
}

export async function touchTokenLastUsed(db: DbOrTx, id: string, at: Date): Promise<void> {
	await db.update(tokens).set({ lastUsedAt: at }).where(eq(tokens.id, id));
}
