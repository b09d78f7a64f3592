import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { settings } from '../schema';

export async function getSetting(db: DbOrTx, key: string): Promise<string | undefined> {
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
	return row?.value;
}

export async function setSetting(db: DbOrTx, key: string, value: string): Promise<void> {
	await db
		.insert(settings)
		.values({ key, value })
		.onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

/**
 * Transaction-scoped advisory lock (released at commit or rollback). Key rotation takes it exclusive;
 * writers of encrypted fields take it shared, so no secret is written with a key being replaced.
 */
export async function advisoryXactLock(db: DbOrTx, key: number, mode: 'shared' | 'exclusive'): Promise<void> {
	await db.execute(mode === 'shared' ? sql`select pg_advisory_xact_lock_shared(${key}::bigint)` : sql`select pg_advisory_xact_lock(${key}::bigint)`);
}
