import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/lib/server/store/db';
import { getSetting } from '../../src/lib/server/store/queries/settings';
import { getUserByUsername } from '../../src/lib/server/store/queries/users';
import { testDatabaseUrl } from '../helpers/env';
import { startAt, type AtServer } from '../helpers/server';

const cleanup: AtServer[] = [];
afterAll(async () => {
	await Promise.all(cleanup.map((s) => s.destroy()));
});

async function readBack(server: AtServer) {
	const store =
		server.store === 'postgres'
			? await openStore({ postgresUrl: testDatabaseUrl(), postgresSchema: server.dataLocation, migrationsDir: 'drizzle' })
			: await openStore({ pgliteDir: server.dataLocation, migrationsDir: 'drizzle' });
	try {
		return {
			admin: await getUserByUsername(store.db, 'root'),
			keyCheck: await getSetting(store.db, 'encryption_key_check')
		};
	} finally {
		await store.close();
	}
}

describe(`foundation on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('serves health, readiness, request ids and security headers', async () => {
		const at = await startAt();
		cleanup.push(at);
		const h = await fetch(`${at.url}/healthz`, { headers: { 'x-request-id': 'req-abc.123' } });
		expect(h.status).toBe(200);
		expect(h.headers.get('x-request-id')).toBe('req-abc.123');
		expect(h.headers.get('x-content-type-options')).toBe('nosniff');
		const bad = await fetch(`${at.url}/healthz`, { headers: { 'x-request-id': 'not valid <script>' } });
		expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		const r = await fetch(`${at.url}/readyz`);
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ status: 'ready', store: at.store, migrations: 'applied' });
		expect(at.logs()).toContain('"msg":"request"');
	});

	it('keeps data across a restart and logs the config with secrets masked', async () => {
		const env = { AT_ADMIN_USERNAME: 'root', AT_ADMIN_PASSWORD: 'pw-123456', AT_STORE_ENCRYPTION_KEY: 'k1' };
		const first = await startAt({ env, config: { providers: { o: { type: 'openai', api_key: 'sk-very-secret' } } } });
		cleanup.push(first);
		expect(first.logs()).not.toContain('sk-very-secret');
		expect(first.logs()).not.toContain('pw-123456');
		expect(await first.stop()).toBe(0);
		const second = await startAt({ dataLocation: first.dataLocation, env: { AT_STORE_ENCRYPTION_KEY: 'k1' } });
		cleanup.push(second);
		expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
		await second.stop();
		const data = await readBack(second);
		expect(data.admin?.role).toBe('admin');
		expect(data.admin?.passwordHash).toMatch(/^\$argon2id\$/);
		expect(data.keyCheck).toMatch(/^enc:/);
	});

	it('refuses to start with a wrong encryption key and touches nothing', async () => {
		const first = await startAt({ env: { AT_STORE_ENCRYPTION_KEY: 'right' } });
		cleanup.push(first);
		await first.stop();
		const before = (await readBack(first)).keyCheck;
		const wrong = await startAt({ dataLocation: first.dataLocation, env: { AT_STORE_ENCRYPTION_KEY: 'wrong' }, expectExit: true });
		expect(wrong.exitCode).toBe(1);
		expect(wrong.logs()).toContain('store.encryption_key does not match');
		expect((await readBack(first)).keyCheck).toBe(before);
	});

	it('exits with one line naming the key when the config is invalid', async () => {
		const at = await startAt({ config: { server: { port: 'abc' } }, expectExit: true });
		cleanup.push(at);
		expect(at.exitCode).toBe(1);
		expect(at.logs().trim()).toBe('AT: invalid configuration: server.port: expected a number, got "abc"');
	});

	it('rejects store.sqlite and a base path the build does not serve', async () => {
		const sqlite = await startAt({ config: { store: { sqlite: { path: 'at.db' } } }, expectExit: true });
		cleanup.push(sqlite);
		expect(sqlite.exitCode).toBe(1);
		expect(sqlite.logs()).toMatch(/store\.sqlite: SQLite is not supported/);
		const based = await startAt({ config: { server: { base_path: '/at' } }, expectExit: true });
		cleanup.push(based);
		expect(based.exitCode).toBe(1);
		expect(based.logs()).toContain('BASE_PATH=/at npm run build');
	});
});
