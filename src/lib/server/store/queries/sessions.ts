import { and, eq, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { sessions, users, type Session, type User } from '../schema';

export async function insertSession(db: DbOrTx, session: Session): Promise<void> {
	await db.insert(sessions).values(session);
}

export async function getSessionWithUser(db: DbOrTx, id: string): Promise<{ session: Session; user: User } | undefined> {
	const [row] = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	return row;
}

export async function updateSessionExpiry(db: DbOrTx, id: string, expiresAt: Date): Promise<void> {
	await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, id));
}

/** Deletes every session of a user, except `keepId` when given (the caller's own session). */
export async function deleteUserSessions(db: DbOrTx, userId: string, keepId?: string): Promise<number> {
	const where = keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId);
	const rows = await db.delete(sessions).where(where).returning({ id: sessions.id });
	return rows.length;
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<number> {
	const rows = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
	return rows.length;
}

export async function listUserSessions(db: DbOrTx, userId: string): Promise<Session[]> {
	return db.select().from(sessions).where(eq(sessions.userId, userId));
}
