import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { chat, recordingApi, withStoppedStore } from '../fixtures/admin';
import { edge, graph, node } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';
import { decrypt, deriveKey, encrypt, verifyKeyCheck } from '../../src/lib/server/crypto/enc';
import type { Store } from '../../src/lib/server/store/db';
import { insertNodeConfig, listNodeConfigs } from '../../src/lib/server/store/queries/nodeConfigs';
import { listProviderRows } from '../../src/lib/server/store/queries/providers';
import { getSetting } from '../../src/lib/server/store/queries/settings';
import { listVariables } from '../../src/lib/server/store/queries/variables';

const ADMIN = 'admin-token-settings';
const GW = 'sk-gateway-settings';
const KEY1 = 'first-rotation-passphrase';
const KEY2 = 'second-rotation-passphrase';
const UPSTREAM_KEY = 'sk-upstream-settings-0123';
const HEADER_SECRET = 'header-secret-settings';
const VAR_SECRET = 'variable-secret-settings';
const SMTP_SECRET = 'smtp-secret-settings';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

let mock: MockUpstream;
const servers: AtServer[] = [];
let at: AtServer;
let A: ReturnType<typeof recordingApi>;
let workflowId: string;

async function start(encryptionKey: string, opts: { expectExit?: boolean } = {}) {
	const s = await startAt({
		config: {
			server: { admin_token: ADMIN, name: 'AT settings test', body_limit: 16384 },
			store: { encryption_key: encryptionKey },
			gateway: { auth_tokens: [{ token: GW }] },
			providers: { oa: { type: 'openai', api_key: UPSTREAM_KEY, base_url: `${mock.url}/v1/chat/completions` } }
		},
		dataLocation: servers[0]?.dataLocation,
		...opts
	});
	servers.push(s);
	if (!opts.expectExit) {
		at = s;
		A = recordingApi(s.url, ADMIN);
	}
	return s;
}

beforeAll(async () => {
	mock = await startMockUpstream({ apiKey: UPSTREAM_KEY });
	await start(KEY1);
});

afterAll(async () => {
	for (const s of servers.slice(1).reverse()) await s.destroy();
	await servers[0]?.destroy();
	await mock?.close();
});

async function lastUsage() {
	const r = await A.get('/usage?recent=1');
	return (r.json.recent as { model: string; prompt_tokens: number; completion_tokens: number; cached_tokens: number; cost: number }[])[0];
}

interface Secrets {
	providers: Record<string, unknown>;
	variables: Record<string, unknown>;
	nodeConfigs: Record<string, unknown>;
	keyCheck: string | undefined;
}

async function secretsAtRest(store: Store): Promise<Secrets> {
	return {
		providers: Object.fromEntries((await listProviderRows(store.db)).map((r) => [r.key, { config: r.config, updatedAt: r.updatedAt.toISOString() }])),
		variables: Object.fromEntries((await listVariables(store.db)).map((v) => [v.key, { value: v.value, updatedAt: v.updatedAt.toISOString() }])),
		nodeConfigs: Object.fromEntries((await listNodeConfigs(store.db)).map((c) => [c.name, c.data])),
		keyCheck: await getSetting(store.db, 'encryption_key_check')
	};
}

describe(`settings, prices and key rotation on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('describes the instance without ever returning the key', async () => {
		const s = await A.get('/settings');
		expect(s.status).toBe(200);
		expect(s.json).toMatchObject({
			name: 'AT settings test',
			version: VERSION,
			store_type: at.store,
			instance_id: expect.any(String),
			started_at: expect.any(String),
			encryption_enabled: true,
			database: 'ok',
			exec_enabled: false
		});
		const doc = await A.get('/openapi.json');
		expect(doc.status).toBe(200);
		expect(doc.json).toMatchObject({ openapi: '3.1.0', info: { title: 'AT settings test API', version: VERSION } });
		expect(Object.keys(doc.json.paths as object)).toEqual(expect.arrayContaining(['/api/v1/providers', '/api/v1/settings/rotate-key', '/gateway/v1/chat/completions']));
	});

	it('edits the price table and later usage rows are costed with the edited price', async () => {
		const table = (await A.get('/prices')).json.prices as { model: string; input_per_million: number }[];
		expect(table).toContainEqual(expect.objectContaining({ model: 'gpt-4o', input_per_million: 2.5 }));

		// USD per million tokens: 1000 and 2000 make one token cost 0.001 and 0.002.
		const created = await A.put('/prices/mock-echo', { input_per_million: 1000, output_per_million: 2000 });
		expect(created.status, JSON.stringify(created.json)).toBe(201);
		expect(created.json).toMatchObject({ model: 'mock-echo', input_per_million: 1000, output_per_million: 2000, cached_input_per_million: null });
		expect((await chat(at.url, GW, 'oa/mock-echo')).status).toBe(200);
		const u1 = await lastUsage();
		expect(u1.prompt_tokens).toBeGreaterThan(0);
		expect(u1.cost).toBeCloseTo(u1.prompt_tokens * 0.001 + u1.completion_tokens * 0.002, 9);

		// Changed again: the very next call uses the new price (no restart, no cache delay).
		expect((await A.put('/prices/mock-echo', { input_per_million: 3000, output_per_million: 0 })).status).toBe(200);
		await chat(at.url, GW, 'oa/mock-echo');
		const u2 = await lastUsage();
		expect(u2.cost).toBeCloseTo(u2.prompt_tokens * 0.003, 9);

		expect((await A.put('/prices/openai/gpt-4.1', { input_per_million: 2, output_per_million: 8, cached_input_per_million: 0.5 })).status).toBe(201);
		expect((await A.get('/prices')).json.prices).toContainEqual(expect.objectContaining({ model: 'openai/gpt-4.1', cached_input_per_million: 0.5 }));

		const bad = async (path: string, body: unknown, field: string) => {
			const r = await A.call('PUT', `/api/v1/prices/${path}`, body);
			expect(r.status, JSON.stringify(r.json)).toBe(400);
			expect(r.json.message).toContain(field);
		};
		await bad('mock-echo', { input_per_million: -1, output_per_million: 1 }, 'input_per_million');
		await bad('mock-echo', { input_per_million: 1, output_per_million: 2_000_000 }, 'output_per_million');
		await bad('mock-echo', { input_per_million: 1 }, 'output_per_million');
		await bad('mock-echo', { input_per_million: '1', output_per_million: 1 }, 'input_per_million');
		await bad('mock-echo', { input_per_million: 1, output_per_million: 1, currency: 'EUR' }, 'currency');
		await bad('mock-echo', '{"input_per_million": 1', 'malformed JSON');
		await bad('with%20space', { input_per_million: 1, output_per_million: 1 }, 'model');
		expect((await A.put('/prices/mock-echo', { input_per_million: 1, output_per_million: 1, pad: 'x'.repeat(20_000) })).status).toBe(413);

		expect((await A.del('/prices/mock-echo')).status).toBe(204);
		await chat(at.url, GW, 'oa/mock-echo');
		expect((await lastUsage()).cost).toBe(0);
		expect((await A.del('/prices/mock-echo')).status).toBe(404);
		// A seed price deleted by the user must stay deleted after a restart (checked below).
		expect((await A.del('/prices/gpt-4o')).status).toBe(204);
	});

	it('refuses a rotation to the current key or without a key field', async () => {
		const missing = await A.post('/settings/rotate-key', {});
		expect(missing.status).toBe(400);
		expect(missing.json.message).toContain('encryption_key');
		const same = await A.post('/settings/rotate-key', { encryption_key: KEY1 });
		expect(same.status).toBe(400);
		expect(same.json.message).toMatch(/already the current key/);
		expect((await A.post('/settings/rotate-key', { encryption_key: 5 })).status).toBe(400);
	});

	it('re-encrypts every secret of every table with the new key and keeps serving', async () => {
		expect((await A.post('/providers', { key: 'rot', config: { type: 'openai', api_key: UPSTREAM_KEY, base_url: `${mock.url}/v1/chat/completions`, extra_headers: { 'X-H': HEADER_SECRET } } })).status).toBe(201);
		expect((await A.post('/variables', { key: 'TOKEN', value: VAR_SECRET, secret: true })).status).toBe(201);
		expect((await A.post('/variables', { key: 'PLAIN', value: 'visible' })).status).toBe(201);
		expect((await A.post('/node-configs', { name: 'smtp', type: 'email', data: { host: 'smtp.example.test', from: 'a@example.test', password: SMTP_SECRET } })).status).toBe(201);
		workflowId = await A.createWorkflow(
			'getvar',
			graph([node('in', 'input'), node('t', 'template', { template: '{{ "TOKEN" | getVar }}' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')])
		);

		const r = await A.post('/settings/rotate-key', { encryption_key: KEY2 });
		expect(r.status, JSON.stringify(r.json)).toBe(200);
		expect(r.json).toMatchObject({ encryption_enabled: true, rotated: { providers: 1, variables: 1, node_configs: 1 }, message: expect.stringContaining('store.encryption_key') });

		expect((await chat(at.url, GW, 'rot/mock-echo')).status).toBe(200);
		expect(mock.requests.at(-1)!.headers['x-h']).toBe(HEADER_SECRET);
		expect((await A.runSync(workflowId)).json.outputs).toEqual({ v: VAR_SECRET });
		// Written after the rotation: encrypted with the new key.
		expect((await A.post('/providers', { key: 'after', config: { type: 'openai', api_key: 'sk-after-rotation' } })).status).toBe(201);
		for (const s of [KEY1, KEY2, UPSTREAM_KEY, HEADER_SECRET, VAR_SECRET, SMTP_SECRET, 'sk-after-rotation']) expect(A.bodies.filter((b) => b.includes(s))).toEqual([]);

		const rest = await withStoppedStore(at, secretsAtRest);
		const k1 = deriveKey(KEY1);
		const k2 = deriveKey(KEY2);
		const rot = (rest.providers.rot as { config: { api_key: string; extra_headers: Record<string, string> } }).config;
		expect(decrypt(rot.api_key, k2)).toBe(UPSTREAM_KEY);
		expect(decrypt(rot.extra_headers['X-H'], k2)).toBe(HEADER_SECRET);
		expect(() => decrypt(rot.api_key, k1)).toThrow();
		expect(decrypt((rest.providers.after as { config: { api_key: string } }).config.api_key, k2)).toBe('sk-after-rotation');
		expect(decrypt((rest.variables.TOKEN as { value: string }).value, k2)).toBe(VAR_SECRET);
		expect((rest.variables.PLAIN as { value: string }).value).toBe('visible');
		expect(decrypt((rest.nodeConfigs.smtp as { password: string }).password, k2)).toBe(SMTP_SECRET);
		expect(verifyKeyCheck(rest.keyCheck!, k2)).toBe(true);
	});

	it('starts only with the new key afterwards, and the deleted seed price stays deleted', async () => {
		const old = await start(KEY1, { expectExit: true });
		expect(old.exitCode).toBe(1);
		expect(old.logs()).toMatch(/does not match the key this database was encrypted with/);
		await start(KEY2);
		expect((await chat(at.url, GW, 'rot/mock-echo')).status).toBe(200);
		const models = ((await A.get('/prices')).json.prices as { model: string }[]).map((p) => p.model);
		expect(models).not.toContain('gpt-4o');
		expect(models).toContain('gpt-4o-mini');
	});

	// SPEC §12 "crash during key rotation": a value that cannot be decrypted must abort the rotation with nothing changed.
	it('aborts the whole rotation on an undecryptable value and changes nothing', async () => {
		const before = await withStoppedStore(at, async (store) => {
			await insertNodeConfig(store.db, { name: 'broken', type: 'email', data: { host: 'h', from: 'f@example.test', password: encrypt('x', deriveKey('an unrelated key')) } });
			return secretsAtRest(store);
		});
		await start(KEY2);
		const r = await A.post('/settings/rotate-key', { encryption_key: 'third-passphrase' });
		expect(r.status).toBe(500);
		expect(r.json.message).toMatch(/node config "broken" \(password\)/);
		expect(r.json.message).toMatch(/Nothing was changed/);
		expect((await chat(at.url, GW, 'rot/mock-echo')).status).toBe(200);
		expect((await A.runSync(workflowId)).json.outputs).toEqual({ v: VAR_SECRET });
		expect((await A.get('/settings')).json.encryption_enabled).toBe(true);
		const after = await withStoppedStore(at, secretsAtRest);
		expect(after).toEqual(before);
	});

	it('decrypts everything to plaintext with an empty key', async () => {
		await start(KEY2);
		const broken = ((await A.get('/node-configs')).json.node_configs as { id: string; name: string }[]).find((c) => c.name === 'broken')!;
		expect((await A.del(`/node-configs/${broken.id}`)).status).toBe(204);
		const r = await A.post('/settings/rotate-key', { encryption_key: '' });
		expect(r.status, JSON.stringify(r.json)).toBe(200);
		expect(r.json).toMatchObject({ encryption_enabled: false, rotated: { providers: 2, variables: 1, node_configs: 1 } });
		expect((await chat(at.url, GW, 'rot/mock-echo')).status).toBe(200);
		expect((await A.get('/settings')).json.encryption_enabled).toBe(false);
		expect((await A.post('/settings/rotate-key', { encryption_key: '' })).json.message).toMatch(/already off/);

		const rest = await withStoppedStore(at, secretsAtRest);
		expect((rest.providers.rot as { config: { api_key: string } }).config.api_key).toBe(UPSTREAM_KEY);
		expect((rest.variables.TOKEN as { value: string }).value).toBe(VAR_SECRET);
		expect((rest.nodeConfigs.smtp as { password: string }).password).toBe(SMTP_SECRET);
		expect(rest.keyCheck).toBe('');
		await start('');
		expect((await chat(at.url, GW, 'rot/mock-echo')).status).toBe(200);
		expect((await A.runSync(workflowId)).json.outputs).toEqual({ v: VAR_SECRET });
	});
});
