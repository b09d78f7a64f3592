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
