import { eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { providers, type ProviderRow, type StoredProviderConfig } from '../schema';

/** Rows as stored: secret fields are still in `enc:` form; decrypt with crypto/secrets. */
export async function listProviderRows(db: DbOrTx): Promise<ProviderRow[]> {
	return db.select().from(providers).orderBy(providers.key);
}

export async function getProviderRow(db: DbOrTx, key: string): Promise<ProviderRow | undefined> {
	const [row] = await db.select().from(providers).where(eq(providers.key, key));
	return row;
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
