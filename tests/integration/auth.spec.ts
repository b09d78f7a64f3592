import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/lib/server/store/db';
import { getSessionWithUser, updateSessionExpiry } from '../../src/lib/server/store/queries/sessions';
import { getUserByUsername } from '../../src/lib/server/store/queries/users';
import { sessionIdFromToken } from '../../src/lib/server/auth/sessions';
import { apiCall, formPost, get, login, sessionCookie, sessionSetCookie } from '../helpers/auth';
import { testDatabaseUrl } from '../helpers/env';
import { startAt, type AtServer } from '../helpers/server';

const DAY = 86_400_000;
const servers: AtServer[] = [];
afterAll(async () => {
	await Promise.all(servers.map((s) => s.destroy()));
});

async function start(opts: Parameters<typeof startAt>[0] = {}) {
	const at = await startAt(opts);
	servers.push(at);
	return at;
}

/** Opens a stopped server's database directly. */
async function withStore<T>(at: AtServer, fn: (store: Store) => Promise<T>): Promise<T> {
	const store =
		at.store === 'postgres'
			? await openStore({ postgresUrl: testDatabaseUrl(), postgresSchema: at.dataLocation, migrationsDir: 'drizzle' })
			: await openStore({ pgliteDir: at.dataLocation, migrationsDir: 'drizzle' });
	try {
		return await fn(store);
	} finally {
		await store.close();
	}
}

const expiresOf = (setCookie: string) => new Date(/Expires=([^;]+)/i.exec(setCookie)![1]).getTime();

describe(`sessions and sign-in on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	let at: AtServer;
	let admin = '';

	// A fresh install must not be usable by anyone before an admin exists, and setup must not be repeatable.
	it('sends every page to /setup until the first admin exists, then closes setup for good', async () => {
		at = await start({ config: { server: { name: 'AT Auth IT', admin_token: 'adm-auth' } } });
		for (const p of ['/', '/workflows', '/login']) {
			const r = await get(at.url, p);
			expect([p, r.status, r.headers.get('location')]).toEqual([p, 303, '/setup']);
		}
		expect((await apiCall(at.url, {}, 'GET', '/users')).status).toBe(401);
		const page = await get(at.url, '/setup');
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('AT Auth IT');
		expect(html).toContain('Create the first admin');

		const mismatch = await formPost(at.url, '/setup', { username: 'root', password: 'password-1', confirm: 'password-2' });
		expect(mismatch.status).toBe(400);
		expect(await mismatch.text()).toContain('The passwords do not match');
		const short = await formPost(at.url, '/setup', { username: 'root', password: 'short', confirm: 'short' });
		expect(short.status).toBe(400);
		expect(await short.text()).toContain('At least 8 characters');
		expect((await get(at.url, '/')).headers.get('location')).toBe('/setup');

		const done = await formPost(at.url, '/setup', { username: 'root', password: 'root-password', confirm: 'root-password' });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/');
		admin = sessionCookie(done);
		expect((await get(at.url, '/', admin)).status).toBe(200);

		const again = await formPost(at.url, '/setup', { username: 'intruder', password: 'intruder-pw', confirm: 'intruder-pw' });
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe('/login');
		expect(sessionSetCookie(again)).toBeUndefined();
		expect((await get(at.url, '/setup')).headers.get('location')).toBe('/login');
		const users = await apiCall<{ users: { username: string; role: string }[] }>(at.url, { bearer: 'adm-auth' }, 'GET', '/users');
		expect(users.json.users.map((u) => [u.username, u.role])).toEqual([['root', 'admin']]);
	});

	// Cookie flags are the session's protection against script access and cross-site sends.
	it('sets an HttpOnly, SameSite=Lax, site-wide cookie for 30 days (no Secure over plain http)', async () => {
		const res = await formPost(at.url, '/login', { username: 'root', password: 'root-password' });
		const line = sessionSetCookie(res)!;
		expect(line).toMatch(/^at_session=[a-z2-7]{32};/);
		expect(line).toMatch(/; HttpOnly/i);
		expect(line).toMatch(/; SameSite=Lax/i);
		expect(line).toMatch(/; Path=\//);
		expect(line).not.toMatch(/; Secure/i);
		expect(Math.abs(expiresOf(line) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
	});

	it('signs in with the right password only, without saying which part was wrong, and records the time', async () => {
		const wrong = await formPost(at.url, '/login', { username: 'root', password: 'nope' });
		const unknown = await formPost(at.url, '/login', { username: 'nobody', password: 'nope' });
		expect([wrong.status, unknown.status]).toEqual([400, 400]);
		const [w, u] = [await wrong.text(), await unknown.text()];
		expect(w).toContain('Wrong username or password.');
		expect(u).toContain('Wrong username or password.');
		expect(w).not.toContain('nope');
		expect(sessionSetCookie(wrong)).toBeUndefined();
		const empty = await formPost(at.url, '/login', { username: '', password: '' });
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Enter your username');

		const cookie = await login(at.url, 'root', 'root-password');
		const me = await apiCall<{ users: { username: string; last_login_at: string | null; has_password: boolean }[] }>(at.url, { cookie }, 'GET', '/users');
		expect(me.status).toBe(200);
		const root = me.json.users.find((x) => x.username === 'root')!;
		expect(Date.now() - new Date(root.last_login_at!).getTime()).toBeLessThan(60_000);
		expect(JSON.stringify(me.json)).not.toMatch(/argon2|password_hash/);
	});

	// An open redirect after login would hand phishing links a trusted first hop.
	it('returns to redirectTo after sign-in, but only to a path on this site', async () => {
		const r = await get(at.url, '/workflows/abc?tab=1');
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/login?redirectTo=%2Fworkflows%2Fabc%3Ftab%3D1');
		const ok = await formPost(at.url, '/login?redirectTo=%2Fworkflows%2Fabc%3Ftab%3D1', { username: 'root', password: 'root-password' });
		expect(ok.headers.get('location')).toBe('/workflows/abc?tab=1');
		for (const evil of ['https://evil.example/x', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
			const res = await formPost(at.url, `/login?redirectTo=${encodeURIComponent(evil)}`, { username: 'root', password: 'root-password' });
			expect([evil, res.status, res.headers.get('location')]).toEqual([evil, 303, '/']);
		}
		const signedIn = await get(at.url, `/login?redirectTo=${encodeURIComponent('//evil.example')}`, admin);
		expect(signedIn.headers.get('location')).toBe('/');
		const back = await get(at.url, `/login?redirectTo=%2Fruns`, admin);
		expect(back.headers.get('location')).toBe('/runs');
	});

	it('logs out: the session ends, the cookie is cleared, and the old cookie is refused', async () => {
		const cookie = await login(at.url, 'root', 'root-password');
		expect((await get(at.url, '/', cookie)).status).toBe(200);
		const crossSite = await formPost(at.url, '/logout', {}, { cookie, origin: 'http://evil.example' });
		expect(crossSite.status).toBe(403);
		expect((await get(at.url, '/', cookie)).status).toBe(200);
		const out = await formPost(at.url, '/logout', {}, { cookie });
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/login');
		expect(sessionSetCookie(out)).toMatch(/^at_session=;.*Max-Age=0/i);
		const after = await get(at.url, '/', cookie);
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toBe('/login?redirectTo=%2F');
		expect(sessionSetCookie(after)).toMatch(/Max-Age=0/i);
		expect((await apiCall(at.url, { cookie }, 'GET', '/users')).status).toBe(401);
		// The admin's other session is untouched.
		expect((await get(at.url, '/', admin)).status).toBe(200);
	});

	// Client-side navigation and enhanced forms get SvelteKit's JSON redirect, not an HTML one.
	it('answers data and enhanced form requests without a session with a JSON redirect', async () => {
		const data = await fetch(`${at.url}/__data.json?x-sveltekit-invalidated=01`, { redirect: 'manual' });
		expect(data.status).toBe(200);
		expect(await data.json()).toMatchObject({ type: 'redirect', location: '/login?redirectTo=%2F' });
		const action = await formPost(at.url, '/', { a: '1' }, { accept: 'application/json' });
		expect(await action.json()).toMatchObject({ type: 'redirect', status: 303, location: '/login?redirectTo=%2F' });
	});

	// A stolen cookie must stop working after 30 idle days; an active one must not expire under the user.
	it('renews a session with less than 15 days left, moving its expiry, and refuses an expired one', async () => {
		const renewing = await login(at.url, 'root', 'root-password');
		const expiring = await login(at.url, 'root', 'root-password');
		const idOf = (c: string) => sessionIdFromToken(c.split('=')[1]);
		await at.stop();
		await withStore(at, async (s) => {
			await updateSessionExpiry(s.db, idOf(renewing), new Date(Date.now() + 10 * DAY));
			await updateSessionExpiry(s.db, idOf(expiring), new Date(Date.now() - 1000));
		});
		const again = await start({ dataLocation: at.dataLocation, config: { server: { admin_token: 'adm-auth' } } });
		const r = await get(again.url, '/', renewing);
		expect(r.status).toBe(200);
		const line = sessionSetCookie(r)!;
		expect(line).toBeTruthy();
		expect(Math.abs(expiresOf(line) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
		const unchanged = await get(again.url, '/', renewing);
		expect(sessionSetCookie(unchanged)).toBeUndefined();
		const dead = await get(again.url, '/', expiring);
		expect(dead.status).toBe(303);
		expect(sessionSetCookie(dead)).toMatch(/Max-Age=0/i);
		await again.stop();
		await withStore(again, async (s) => {
			const row = await getSessionWithUser(s.db, idOf(renewing));
			expect(Math.abs(row!.session.expiresAt.getTime() - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
			expect(await getSessionWithUser(s.db, idOf(expiring))).toBeUndefined();
		});
	});
});

describe('setup race', () => {
	// Two first visitors submitting /setup at once must not both become admins.
	it('creates exactly one first admin when several setups arrive together', async () => {
		const at = await start();
		const names = ['first-a', 'first-b', 'first-c', 'first-d'];
		const results = await Promise.all(names.map((username) => formPost(at.url, '/setup', { username, password: 'same-password', confirm: 'same-password' })));
		const winners = results.filter((r) => r.headers.get('location') === '/');
		expect(winners).toHaveLength(1);
		expect(results.filter((r) => r.headers.get('location') === '/login')).toHaveLength(names.length - 1);
		const cookie = sessionCookie(winners[0]);
		const list = await apiCall<{ users: { username: string; role: string }[] }>(at.url, { cookie }, 'GET', '/users');
		expect(list.json.users).toHaveLength(1);
		expect(list.json.users[0].role).toBe('admin');
	});
});

describe('sign-in rate limit', () => {
	// Unlimited attempts would let a script guess passwords; the limit must hold even for the right one.
	it('refuses a username from one address after 5 failures with 429 and the time to wait', async () => {
		const at = await start({ env: { AT_ADMIN_USERNAME: 'boss', AT_ADMIN_PASSWORD: 'boss-password' } });
		for (let i = 0; i < 5; i++) expect((await formPost(at.url, '/login', { username: 'boss', password: `guess-${i}` })).status).toBe(400);
		const limited = await formPost(at.url, '/login', { username: 'Boss', password: 'boss-password' });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
		expect(await limited.text()).toContain('Too many failed sign-in attempts. Try again in 15 minutes.');
		expect(sessionSetCookie(limited)).toBeUndefined();
		const enhanced = await formPost(at.url, '/login', { username: 'boss', password: 'boss-password' }, { accept: 'application/json' });
		expect(await enhanced.json()).toMatchObject({ type: 'failure', status: 429 });
		// Other usernames from the same address still work until the address-wide limit.
		expect((await formPost(at.url, '/login', { username: 'someone', password: 'x' })).status).toBe(400);
	});
});

describe('AT_ADMIN_USERNAME / AT_ADMIN_PASSWORD', () => {
	// Automation must be able to create and recover the admin without the setup page.
	it('creates the admin at startup, resets its password and role on a later start, and ends old sessions only on a reset', async () => {
		const env = { AT_ADMIN_USERNAME: 'ops', AT_ADMIN_PASSWORD: 'first-password' };
		const first = await start({ env, config: { server: { admin_token: 'adm-boot' } } });
		expect((await get(first.url, '/setup')).headers.get('location')).toBe('/login');
		const cookie = await login(first.url, 'ops', 'first-password');
		const viewer = await apiCall<{ id: string }>(first.url, { bearer: 'adm-boot' }, 'POST', '/users', { username: 'second', password: 'second-pw-1', role: 'admin' });
		const ops = (await apiCall<{ users: { id: string; username: string }[] }>(first.url, { cookie }, 'GET', '/users')).json.users.find((u) => u.username === 'ops')!;
		expect((await apiCall(first.url, { cookie: await login(first.url, 'second', 'second-pw-1') }, 'PUT', `/users/${ops.id}`, { role: 'viewer' })).status).toBe(200);
		expect(viewer.status).toBe(201);
		await first.stop();

		const same = await start({ env, dataLocation: first.dataLocation });
		expect((await get(same.url, '/', cookie)).status).toBe(200);
		expect((await apiCall(same.url, { cookie }, 'GET', '/users')).status).toBe(200);
		await same.stop();

		// Restarted behind an https proxy (PROTOCOL_HEADER): the cookie is then Secure.
		const reset = await start({ env: { ...env, AT_ADMIN_PASSWORD: 'second-password', PROTOCOL_HEADER: 'x-forwarded-proto' }, dataLocation: first.dataLocation });
		const https = { origin: reset.url.replace('http:', 'https:'), headers: { 'x-forwarded-proto': 'https' } };
		expect((await get(reset.url, '/', cookie, https.headers)).status).toBe(303);
		expect((await formPost(reset.url, '/login', { username: 'ops', password: 'first-password' }, https)).status).toBe(400);
		const secure = await formPost(reset.url, '/login', { username: 'ops', password: 'second-password' }, https);
		expect(secure.status).toBe(303);
		expect(sessionSetCookie(secure)).toMatch(/; Secure/i);
		const plain = await formPost(reset.url, '/login', { username: 'ops', password: 'second-password' }, { headers: { 'x-forwarded-proto': 'http' } });
		expect(sessionSetCookie(plain)).not.toMatch(/; Secure/i);
		await reset.stop();
		await withStore(reset, async (s) => expect((await getUserByUsername(s.db, 'ops'))?.role).toBe('admin'));
	});
});
