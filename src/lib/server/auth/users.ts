import type { UserCreateInput, UserUpdateInput } from '$lib/schemas/auth';
import { ApiError, isUniqueViolation } from '../api';
import { hashPassword } from '../crypto/password';
import type { DB } from '../store/db';
import { deleteUserSessions } from '../store/queries/sessions';
import {
	countAdmins,
	countUsers,
	createUser,
	deleteUser,
	getUserById,
	getUserByUsername,
	listUsers,
	lockUsersTable,
	updateUser
} from '../store/queries/users';
import type { Role, User } from '../store/schema';

/** A user as the API shows it: never the password hash, only whether one is set. */
export function userJson(u: User) {
	return {
		id: u.id,
		username: u.username,
		role: u.role,
		has_password: u.passwordHash !== null,
		created_at: u.createdAt.toISOString(),
		last_login_at: u.lastLoginAt?.toISOString() ?? null
	};
}
export type UserJson = ReturnType<typeof userJson>;

/** Who is acting: their user id (absent for the admin token) and session (kept when they change their own password). */
export interface Actor {
	userId?: string;
	sessionId?: string;
}

export async function listUserAccounts(db: DB): Promise<UserJson[]> {
	return (await listUsers(db)).map(userJson);
}

function nameTaken(username: string): ApiError {
	return new ApiError(409, `a user named "${username}" already exists`);
}

export async function createUserAccount(db: DB, input: UserCreateInput): Promise<User> {
	const passwordHash = input.password ? await hashPassword(input.password) : null;
	try {
		return await createUser(db, { username: input.username, passwordHash, role: input.role });
	} catch (e) {
		if (isUniqueViolation(e)) throw nameTaken(input.username);
		throw e;
	}
}

/**
 * Applies a partial update. Demoting the last admin is refused (409). A new password signs the user
 * out everywhere except the actor's own session.
 */
export async function updateUserAccount(db: DB, id: string, input: UserUpdateInput, actor: Actor): Promise<User> {
	const passwordHash = input.password ? await hashPassword(input.password) : undefined;
	try {
		return await db.transaction(async (tx) => {
			await lockUsersTable(tx);
			const user = await getUserById(tx, id);
			if (!user) throw new ApiError(404, 'user not found');
			if (user.role === 'admin' && input.role && input.role !== 'admin' && (await countAdmins(tx)) === 1)
				throw new ApiError(409, `"${user.username}" is the last admin: make another user an admin first`);
			const patch: Partial<Pick<User, 'username' | 'passwordHash' | 'role'>> = {};
			if (input.username !== undefined) patch.username = input.username;
			if (input.role !== undefined) patch.role = input.role;
			if (passwordHash !== undefined) patch.passwordHash = passwordHash;
			const updated = Object.keys(patch).length ? await updateUser(tx, id, patch) : user;
			if (passwordHash !== undefined) await deleteUserSessions(tx, id, actor.userId === id ? actor.sessionId : undefined);
			return updated!;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw nameTaken(input.username ?? '');
		throw e;
	}
}

/** Deletes a user and (by cascade) their sessions. Refused for oneself and for the last admin (409). */
export async function deleteUserAccount(db: DB, id: string, actor: Actor): Promise<void> {
	if (actor.userId === id) throw new ApiError(409, 'you cannot delete your own account');
	await db.transaction(async (tx) => {
		await lockUsersTable(tx);
		const user = await getUserById(tx, id);
		if (!user) throw new ApiError(404, 'user not found');
		if (user.role === 'admin' && (await countAdmins(tx)) === 1)
			throw new ApiError(409, `"${user.username}" is the last admin and cannot be deleted`);
		await deleteUser(tx, id);
	});
}

/** /setup: creates the first admin, or returns undefined when any user exists (also when another request won the race). */
export async function createFirstAdmin(db: DB, username: string, password: string): Promise<User | undefined> {
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		await lockUsersTable(tx);
		if ((await countUsers(tx)) > 0) return undefined;
		return createUser(tx, { username, passwordHash, role: 'admin' });
	});
}

// last_login_at of forward-auth users (who sign in on every request) is written at most hourly.
const TOUCH_MS = 60 * 60 * 1000;

/**
 * The user a forward-auth identity maps to, created on first sight as `viewer` unless the role header
 * names a role. A valid role header is authoritative: it also changes an existing user's role, so that
 * the identity provider stays the source of truth for its users. Without it the stored role is kept.
 */
export async function ensureForwardAuthUser(db: DB, username: string, role: Role | undefined, now = new Date()): Promise<User> {
	let user = await getUserByUsername(db, username);
	if (!user) {
		try {
			return await createUser(db, { username, passwordHash: null, role: role ?? 'viewer', lastLoginAt: now });
		} catch (e) {
			if (!isUniqueViolation(e)) throw e;
			user = await getUserByUsername(db, username);
			if (!user) throw e;
		}
	}
	const patch: Partial<Pick<User, 'role' | 'lastLoginAt'>> = {};
	if (role && role !== user.role) patch.role = role;
	if (!user.lastLoginAt || now.getTime() - user.lastLoginAt.getTime() > TOUCH_MS) patch.lastLoginAt = now;
	if (Object.keys(patch).length) user = (await updateUser(db, user.id, patch)) ?? user;
	return user;
}
