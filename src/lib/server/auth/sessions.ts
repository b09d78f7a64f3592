import { base } from '$app/paths';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../store/db';
import {
	deleteExpiredSessions,
	deleteSession,
	deleteUserSessions,
	getSessionWithUser,
	insertSession,
	updateSessionExpiry
} from '../store/queries/sessions';
import type { Session, User } from '../store/schema';

/**
 * Lucia's session design: the cookie holds a random token, the database only its SHA-256 (a leaked
 * sessions table cannot be replayed). Expiry slides: a session used when less than RENEW_MS remain
 * is extended to a full SESSION_MS again.
 */
export const SESSION_COOKIE = 'at_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_MS = 30 * DAY_MS;
export const RENEW_MS = 15 * DAY_MS;
// 20 random bytes = 160 bits of entropy, base32 → 32 characters.
const TOKEN_BYTES = 20;
const TOKEN_RE = /^[a-z2-7]{32}$/;

export type SessionValidationResult =
	| { session: Session; user: User; renewed: boolean }
	| { session: null; user: null; renewed: false };

export function generateSessionToken(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(TOKEN_BYTES));
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: DbOrTx, token: string, userId: string, now = new Date()): Promise<Session> {
	const session: Session = { id: sessionIdFromToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_MS) };
	// Expired rows are only deleted when presented; sweeping at sign-in keeps the table bounded.
	await deleteExpiredSessions(db, now);
	await insertSession(db, session);
	return session;
}

export async function validateSessionToken(db: DbOrTx, token: string, now = new Date()): Promise<SessionValidationResult> {
	const none = { session: null, user: null, renewed: false } as const;
	if (!TOKEN_RE.test(token)) return none;
	const row = await getSessionWithUser(db, sessionIdFromToken(token));
	if (!row) return none;
	const { session, user } = row;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await deleteSession(db, session.id);
		return none;
	}
	if (now.getTime() >= session.expiresAt.getTime() - RENEW_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_MS);
		await updateSessionExpiry(db, session.id, session.expiresAt);
		return { session, user, renewed: true };
	}
	return { session, user, renewed: false };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

/** Signs a user out everywhere, except the session `keepSessionId` (a user changing their own password). */
export async function invalidateUserSessions(db: DbOrTx, userId: string, keepSessionId?: string): Promise<void> {
	await deleteUserSessions(db, userId, keepSessionId);
}

interface CookieEvent {
	cookies: Cookies;
	url: URL;
}

export function setSessionTokenCookie(event: CookieEvent, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		path: base || '/',
		expires: expiresAt
	});
}

export function deleteSessionTokenCookie(event: CookieEvent): void {
	event.cookies.set(SESSION_COOKIE, '', {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		path: base || '/',
		maxAge: 0
	});
}
