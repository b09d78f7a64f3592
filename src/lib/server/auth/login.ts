import { base } from '$app/paths';
import type { RequestEvent } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { LoginInput } from '$lib/schemas/auth';
import { hashPassword, verifyPassword } from '../crypto/password';
import { log } from '../log';
import { getRuntime } from '../runtime';
import { getUserByUsername, updateUser } from '../store/queries/users';
import type { User } from '../store/schema';
import { LoginRateLimiter, retryText } from './rateLimit';
import { createSession, deleteSessionTokenCookie, generateSessionToken, invalidateSession, setSessionTokenCookie } from './sessions';

export const loginLimiter = new LoginRateLimiter();

/** Unknown usernames still cost one argon2 verification, so response time does not reveal which names exist. */
const dummyHash = hashPassword(randomBytes(16).toString('hex'));

export type SignInResult =
	| { ok: true; user: User }
	| { ok: false; status: 400 | 429; message: string; retryAfterSeconds?: number };

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/** Checks a username and password under the rate limits; says nothing about which of the two was wrong. */
export async function authenticate(input: LoginInput, ip: string): Promise<SignInResult> {
	const limit = loginLimiter.check(ip, input.username);
	if (!limit.allowed) {
		log.warn('sign-in refused by the rate limit', { ip, username: input.username });
		return {
			ok: false,
			status: 429,
			message: `Too many failed sign-in attempts. Try again in ${retryText(limit.retryAfterSeconds)}.`,
			retryAfterSeconds: limit.retryAfterSeconds
		};
	}
	const user = await getUserByUsername(getRuntime().db, input.username);
	let valid = false;
	if (user?.passwordHash) valid = await verifyPassword(user.passwordHash, input.password);
	else await verifyPassword(await dummyHash, input.password);
	if (!user || !valid) {
		loginLimiter.fail(ip, input.username);
		log.info('sign-in failed', { ip, username: input.username });
		return { ok: false, status: 400, message: WRONG_CREDENTIALS };
	}
	loginLimiter.succeed(ip, input.username);
	return { ok: true, user };
}

/** Opens a session for the user, sets the cookie and records the sign-in time. */
export async function startSession(event: Pick<RequestEvent, 'cookies' | 'url'>, user: User): Promise<void> {
	const db = getRuntime().db;
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id);
	await updateUser(db, user.id, { lastLoginAt: new Date() });
	setSessionTokenCookie(event, token, session.expiresAt);
	log.info('signed in', { username: user.username });
}

export async function signIn(event: RequestEvent, input: LoginInput): Promise<SignInResult> {
	const result = await authenticate(input, event.getClientAddress());
	if (result.ok) await startSession(event, result.user);
	return result;
}

/**
 * Where to go after signing in: `redirectTo` when it is a path on this site (absolute,
 * protocol-relative and backslash URLs are refused: no open redirect), else the dashboard.
 */
export function afterLoginPath(redirectTo: string | null | undefined): string {
	const home = `${base}/`;
	if (!redirectTo || redirectTo.length > 2048) return home;
	if (!redirectTo.startsWith('/') || redirectTo.startsWith('//') || redirectTo.includes('\\')) return home;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(redirectTo)) return home;
	const probe = new URL(redirectTo, 'http://at.invalid');
	if (probe.origin !== 'http://at.invalid') return home;
	const path = probe.pathname;
	if (base && path !== base && !path.startsWith(`${base}/`)) return home;
	const rest = path.slice(base.length);
	if (rest === '/login' || rest === '/setup' || rest === '/logout') return home;
	return path + probe.search + probe.hash;
}

/** Ends the current session (if any) and clears the cookie. */
export async function signOut(event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>): Promise<void> {
	if (event.locals.session) await invalidateSession(getRuntime().db, event.locals.session.id);
	deleteSessionTokenCookie(event);
}
