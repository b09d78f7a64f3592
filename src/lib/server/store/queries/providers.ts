import { eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { providers, type ProviderRow, type StoredProviderConfig } from '../schema';

/** Rows as stored: secret fields are still in `enc:` form; decrypt with crypto/secrets. */
export async function listProviderRows(db: DbOrTx): Promise<ProviderRow[]> {
	return db.select().from(providers).orderBy(providers.key);
}

/** Every row, locked against concurrent updates until the transaction ends (key rotation). */
export async function lockProviderRows(db: DbOrTx): Promise<ProviderRow[]> {
	return db.select().from(providers).orderBy(providers.key).for('update');
}

export async function getProviderRow(db: DbOrTx, key: string): Promise<ProviderRow | undefined> {
	const [row] = await db.select().from(providers).where(eq(providers.key, key));
	return row;
}

/** Fails with a unique violation when the key exists. */
export async function insertProviderRow(db: DbOrTx, key: string, config: StoredProviderConfig, user: string): Promise<ProviderRow> {
	const [row] = await db.insert(providers).values({ id: ulid(), key, config, createdBy: user, updatedBy: user }).returning();
	return row;
}

export async function updateProviderRow(db: DbOrTx, key: string, config: StoredProviderConfig, user: string): Promise<ProviderRow | undefined> {
	const [row] = await db
		.update(providers)
		.set({ config, updatedAt: new Date(), updatedBy: user })
		.where(eq(providers.key, key))
		.returning();
	return row;
}

/** Re-encrypted secrets only: the audit columns stay as they were (key rotation). */
export async function setProviderConfig(db: DbOrTx, id: string, config: StoredProviderConfig): Promise<void> {
	await db.update(providers).set({ config }).where(eq(providers.id, id));
}

export async function upsertProviderRow(
	db: DbOrTx,
	key: string,
	config: StoredProviderConfig,
	user: string
): Promise<ProviderRow> {
	const now = new Date();
	const [row] = await db
		.insert(providers)
		.values({ id: ulid(), key, config, createdBy: user, updatedBy: user })
		.onConflictDoUpdate({ target: providers.key, set: { config, updatedAt: now, updatedBy: user } })
		.returning();
	return row;
}

export async function deleteProviderRow(db: DbOrTx, key: string): Promise<boolean> {
	const rows = await db.delete(providers).where(eq(providers.key, key)).returning({ id: providers.id });
	return rows.length > 0;
}
