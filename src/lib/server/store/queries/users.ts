import { count, eq, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { users, type Role, type User } from '../schema';

export async function countUsers(db: DbOrTx): Promise<number> {
	const [row] = await db.select({ n: count() }).from(users);
	return Number(row.n);
}

export async function countAdmins(db: DbOrTx): Promise<number> {
	const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
	return Number(row.n);
}

/**
 * Serialises writers that check a user-count rule first (the first admin, the last admin) until the
 * transaction ends; plain reads are not blocked.
 */
export async function lockUsersTable(tx: DbOrTx): Promise<void> {
	await tx.execute(sql`lock table ${users} in share row exclusive mode`);
}

export async function getUserByUsername(db: DbOrTx, username: string): Promise<User | undefined> {
	const [row] = await db.select().from(users).where(eq(users.username, username));
	return row;
}

export async function getUserById(db: DbOrTx, id: string): Promise<User | undefined> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	return row;
}

export async function listUsers(db: DbOrTx): Promise<User[]> {
	return db.select().from(users).orderBy(users.username);
}

export async function createUser(
	db: DbOrTx,
	input: { username: string; passwordHash: string | null; role: Role; lastLoginAt?: Date }
): Promise<User> {
	const [row] = await db
		.insert(users)
		.values({ id: ulid(), username: input.username, passwordHash: input.passwordHash, role: input.role, lastLoginAt: input.lastLoginAt ?? null })
		.returning();
	return row;
}

export async function updateUser(
	db: DbOrTx,
	id: string,
	patch: Partial<Pick<User, 'username' | 'passwordHash' | 'role' | 'lastLoginAt'>>
): Promise<User | undefined> {
	const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
	return row;
}

export async function deleteUser(db: DbOrTx, id: string): Promise<boolean> {
	const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
	return rows.length > 0;
}
