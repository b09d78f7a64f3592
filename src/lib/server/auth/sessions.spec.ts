import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../../tests/helpers/db';
import type { Store } from '../store/db';
import { getSessionWithUser, listUserSessions } from '../store/queries/sessions';
import { createUser } from '../store/queries/users';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	RENEW_MS,
	SESSION_MS,
	sessionIdFromToken,
	validateSessionToken
} from './sessions';

let store: Store & { dispose(): Promise<void> };
let userId: string;
const DAY = 86_400_000;

beforeAll(async () => {
	store = await openTestStore();
	userId = (await createUser(store.db, { username: 'sess', passwordHash: null, role: 'editor' })).id;
});
afterAll(async () => {
	await store?.dispose();
});

describe('sessions', () => {
	// A stored plaintext token would let a database reader take over every session.
	it('stores only the SHA-256 of a 160-bit random token', async () => {
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(generateSessionToken()).not.toBe(token);
		const s = await createSession(store.db, token, userId);
		expect(s.id).toBe(sessionIdFromToken(token));
		expect(s.id).toMatch(/^[0-9a-f]{64}$/);
		expect((await getSessionWithUser(store.db, token))).toBeUndefined();
		expect((await getSessionWithUser(store.db, s.id))?.user.username).toBe('sess');
	});

	it('lasts 30 days, slides when less than 15 remain, and ends when expired', async () => {
		const t0 = new Date('2030-01-01T00:00:00Z');
		const token = generateSessionToken();
		const created = await createSession(store.db, token, userId, t0);
		expect(created.expiresAt.getTime()).toBe(t0.getTime() + SESSION_MS);

		const day10 = new Date(t0.getTime() + 10 * DAY);
		const fresh = await validateSessionToken(store.db, token, day10);
		expect(fresh.renewed).toBe(false);
		expect(fresh.session?.expiresAt.getTime()).toBe(created.expiresAt.getTime());

		const day16 = new Date(t0.getTime() + SESSION_MS - RENEW_MS + DAY);
		const renewed = await validateSessionToken(store.db, token, day16);
		expect(renewed.renewed).toBe(true);
		expect(renewed.user?.role).toBe('editor');
		expect(renewed.session?.expiresAt.getTime()).toBe(day16.getTime() + SESSION_MS);
		expect((await getSessionWithUser(store.db, created.id))?.session.expiresAt.getTime()).toBe(day16.getTime() + SESSION_MS);

		const afterExpiry = new Date(day16.getTime() + SESSION_MS);
		expect((await validateSessionToken(store.db, token, afterExpiry)).session).toBeNull();
		expect(await getSessionWithUser(store.db, created.id)).toBeUndefined();
	});

	it('refuses malformed and unknown tokens without a match', async () => {
		expect((await validateSessionToken(store.db, '')).session).toBeNull();
		expect((await validateSessionToken(store.db, 'x'.repeat(5000))).session).toBeNull();
		expect((await validateSessionToken(store.db, generateSessionToken())).session).toBeNull();
	});

	it('invalidates one session, or all of a user except the one kept', async () => {
		const a = generateSessionToken();
		const b = generateSessionToken();
		const c = generateSessionToken();
		const sa = await createSession(store.db, a, userId);
		const sb = await createSession(store.db, b, userId);
		await createSession(store.db, c, userId);
		await invalidateSession(store.db, sa.id);
		expect((await validateSessionToken(store.db, a)).session).toBeNull();
		expect((await validateSessionToken(store.db, b)).session).not.toBeNull();
		await invalidateUserSessions(store.db, userId, sb.id);
		expect((await listUserSessions(store.db, userId)).map((s) => s.id)).toEqual([sb.id]);
		await invalidateUserSessions(store.db, userId);
		expect(await listUserSessions(store.db, userId)).toEqual([]);
	});

	it('sweeps expired sessions when a new one is created', async () => {
		const old = await createSession(store.db, generateSessionToken(), userId, new Date('2000-01-01T00:00:00Z'));
		await createSession(store.db, generateSessionToken(), userId);
		expect(await getSessionWithUser(store.db, old.id)).toBeUndefined();
	});
});
