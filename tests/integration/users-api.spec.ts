import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, formPost, get, login } from '../helpers/auth';
import { startAt, type AtServer } from '../helpers/server';

interface UserJson {
	id: string;
	username: string;
	role: string;
	has_password: boolean;
	created_at: string;
	last_login_at: string | null;
}

let at: AtServer;
const TOKEN = 'adm-users';
const asToken = (method: string, path: string, body?: unknown) => apiCall<UserJson & { users: UserJson[]; message?: string }>(at.url, { bearer: TOKEN }, method, path, body);
const asCookie = (cookie: string, method: string, path: string, body?: unknown) => apiCall<UserJson & { users: UserJson[]; message?: string }>(at.url, { cookie }, method, path, body);

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: TOKEN } } });
});
afterAll(() => at?.destroy());

describe(`users API on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	let rootId = '';

	// Password hashes must never leave the server, whatever the endpoint.
	it('creates, lists, reads and updates users without ever returning a hash', async () => {
		const root = await asToken('POST', '/users', { username: 'root', password: 'root-password', role: 'admin' });
		expect(root.status).toBe(201);
		expect(root.json).toMatchObject({ username: 'root', role: 'admin', has_password: true, last_login_at: null });
		expect(Object.keys(root.json).sort()).toEqual(['created_at', 'has_password', 'id', 'last_login_at', 'role', 'username']);
		rootId = root.json.id;
		const sso = await asToken('POST', '/users', { username: 'sso@example.com' });
		expect(sso.status).toBe(201);
		expect(sso.json).toMatchObject({ role: 'viewer', has_password: false });
		const list = await asToken('GET', '/users');
		expect(list.json.users.map((u) => u.username)).toEqual(['root', 'sso@example.com']);
		expect(JSON.stringify(list.json)).not.toMatch(/argon2|password_hash|root-password/);
		expect((await asToken('GET', `/users/${rootId}`)).json.username).toBe('root');
		expect((await asToken('GET', '/users/nope')).status).toBe(404);

		const renamed = await asToken('PUT', `/users/${sso.json.id}`, { username: 'sso2', role: 'editor' });
		expect(renamed.status).toBe(200);
		expect(renamed.json).toMatchObject({ username: 'sso2', role: 'editor', has_password: false });
		const withPw = await asToken('PUT', `/users/${sso.json.id}`, { password: 'now-has-one' });
		expect(withPw.json).toMatchObject({ username: 'sso2', role: 'editor', has_password: true });
		await login(at.url, 'sso2', 'now-has-one');
	});

	// SPEC §12: bad bodies answer 400 naming the problem and store nothing.
	it('answers 400 for bad bodies and 409 for a taken name, storing nothing', async () => {
		const before = (await asToken('GET', '/users')).json.users.length;
		const cases: [unknown, RegExp][] = [
			['{oops', /malformed JSON/],
			[[], /expected object/i],
			[{}, /username/],
			[{ username: '' }, /username/],
			[{ username: 'has space' }, /username: no spaces/],
			[{ username: 'x'.repeat(300) }, /username: at most 254/],
			[{ username: 'ok', password: 'short' }, /password: At least 8/],
			[{ username: 'ok', password: 12345678 }, /password/],
			[{ username: 'ok', role: 'owner' }, /role: must be admin, editor or viewer/]
		];
		for (const [body, message] of cases) {
			const r = await asToken('POST', '/users', body);
			expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
			expect(r.json.message).toMatch(message);
		}
		const dup = await asToken('POST', '/users', { username: 'root', password: 'another-pw' });
		expect(dup.status).toBe(409);
		expect(dup.json.message).toMatch(/"root" already exists/);
		expect((await asToken('PUT', `/users/${rootId}`, { role: 'god' })).status).toBe(400);
		expect((await asToken('PUT', `/users/${rootId}`, { password: 'short' })).status).toBe(400);
		expect((await asToken('PUT', `/users/${rootId}`, 'nope')).status).toBe(400);
		expect((await asToken('PUT', '/users/missing', { role: 'viewer' })).status).toBe(404);
		expect((await asToken('DELETE', '/users/missing')).status).toBe(404);
		const other = (await asToken('GET', '/users')).json.users.find((u) => u.username === 'sso2')!;
		expect((await asToken('PUT', `/users/${other.id}`, { username: 'root' })).status).toBe(409);
		expect((await asToken('GET', '/users')).json.users.length).toBe(before);
	});

	// Without these rules an instance could be left with nobody able to administer it.
	it('refuses to delete or demote the last admin and to delete oneself', async () => {
		const cookie = await login(at.url, 'root', 'root-password');
		const demote = await asCookie(cookie, 'PUT', `/users/${rootId}`, { role: 'editor' });
		expect(demote.status).toBe(409);
		expect(demote.json.message).toMatch(/last admin/);
		const del = await asToken('DELETE', `/users/${rootId}`);
		expect(del.status).toBe(409);
		expect(del.json.message).toMatch(/last admin/);
		const self = await asCookie(cookie, 'DELETE', `/users/${rootId}`);
		expect(self.status).toBe(409);
		expect(self.json.message).toMatch(/your own account/);
		expect((await asToken('GET', `/users/${rootId}`)).json.role).toBe('admin');

		// With a second admin, the first may be demoted (by the other) and then deleted.
		const second = await asToken('POST', '/users', { username: 'second', password: 'second-pw', role: 'admin' });
		const secondCookie = await login(at.url, 'second', 'second-pw');
		expect((await asCookie(secondCookie, 'DELETE', `/users/${second.json.id}`)).status).toBe(409);
		expect((await asCookie(cookie, 'PUT', `/users/${second.json.id}`, { role: 'viewer' })).status).toBe(200);
		expect((await asCookie(cookie, 'PUT', `/users/${rootId}`, { role: 'viewer' })).status).toBe(409);
		expect((await asCookie(cookie, 'PUT', `/users/${second.json.id}`, { role: 'admin' })).status).toBe(200);
		expect((await asCookie(secondCookie, 'PUT', `/users/${rootId}`, { role: 'editor' })).status).toBe(200);
		// root is an editor now: its session sees the new role on the next request.
		expect((await asCookie(cookie, 'GET', '/users')).status).toBe(403);
		expect((await asCookie(secondCookie, 'DELETE', `/users/${rootId}`)).status).toBe(204);
		expect((await asToken('GET', `/users/${rootId}`)).status).toBe(404);
	});

	// A deleted user or a changed password must end existing sessions, or a fired user keeps access.
	it('ends a user’s sessions when they are deleted or their password changes, but keeps the changer’s own', async () => {
		const u = await asToken('POST', '/users', { username: 'temp', password: 'temp-password', role: 'editor' });
		const a = await login(at.url, 'temp', 'temp-password');
		const b = await login(at.url, 'temp', 'temp-password');
		expect((await get(at.url, '/', a)).status).toBe(200);
		expect((await asToken('PUT', `/users/${u.json.id}`, { password: '' })).status).toBe(200);
		expect((await get(at.url, '/', a)).status).toBe(200);
		expect((await asToken('PUT', `/users/${u.json.id}`, { password: 'temp-password-2' })).status).toBe(200);
		expect((await get(at.url, '/', a)).status).toBe(303);
		expect((await get(at.url, '/', b)).status).toBe(303);

		const boss = await asToken('POST', '/users', { username: 'boss', password: 'boss-password', role: 'admin' });
		const mine = await login(at.url, 'boss', 'boss-password');
		const otherDevice = await login(at.url, 'boss', 'boss-password');
		expect((await asCookie(mine, 'PUT', `/users/${boss.json.id}`, { password: 'boss-password-2' })).status).toBe(200);
		expect((await get(at.url, '/', mine)).status).toBe(200);
		expect((await get(at.url, '/', otherDevice)).status).toBe(303);

		const c = await login(at.url, 'temp', 'temp-password-2');
		expect((await get(at.url, '/', c)).status).toBe(200);
		expect((await asCookie(mine, 'DELETE', `/users/${u.json.id}`)).status).toBe(204);
		expect((await get(at.url, '/', c)).status).toBe(303);
		expect((await formPost(at.url, '/login', { username: 'temp', password: 'temp-password-2' })).status).toBe(400);
	});

	it('is admin-only: editors and viewers get 403 and change nothing', async () => {
		await asToken('POST', '/users', { username: 'ed', password: 'editor-pw', role: 'editor' });
		await asToken('POST', '/users', { username: 'vi', password: 'viewer-pw', role: 'viewer' });
		const snapshot = async () => (await asToken('GET', '/users')).json.users.map((u) => `${u.id}:${u.username}:${u.role}`);
		const before = await snapshot();
		for (const [name, pw] of [
			['ed', 'editor-pw'],
			['vi', 'viewer-pw']
		]) {
			const cookie = await login(at.url, name, pw);
			expect((await asCookie(cookie, 'GET', '/users')).status).toBe(403);
			const create = await asCookie(cookie, 'POST', '/users', { username: `${name}-admin`, password: 'escalate-pw', role: 'admin' });
			expect(create.status).toBe(403);
			expect(create.json.message).toMatch(/needs the admin role/);
			const me = (await asToken('GET', '/users')).json.users.find((x) => x.username === name)!;
			expect((await asCookie(cookie, 'PUT', `/users/${me.id}`, { role: 'admin' })).status).toBe(403);
		}
		expect(await snapshot()).toEqual(before);
	});
});
