import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_MODELS, GEMINI_MODELS, OPENAI_MODELS, startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { chat, recordingApi, withStoppedStore } from '../fixtures/admin';
import { startAt, type AtServer } from '../helpers/server';
import { listProviderRows } from '../../src/lib/server/store/queries/providers';

const ADMIN = 'admin-token-providers';
const GW = 'sk-gateway-providers';
const UPSTREAM_KEY = 'sk-upstream-key-0123456789';
const FILE_HEADER = 'file-header-secret-value';
const DB_HEADER = 'db-header-secret-value';
const NEW_HEADER = 'second-header-secret-value';
const SECRETS = [UPSTREAM_KEY, FILE_HEADER, DB_HEADER, NEW_HEADER];

let mock: MockUpstream;
let at: AtServer;
let A: ReturnType<typeof recordingApi>;
let chatUrl: string;

beforeAll(async () => {
	mock = await startMockUpstream({ apiKey: UPSTREAM_KEY });
	chatUrl = `${mock.url}/v1/chat/completions`;
	at = await startAt({
		config: {
			server: { admin_token: ADMIN, body_limit: 65536 },
			store: { encryption_key: 'providers-test-key' },
			workflow: { http: { allow_hosts: ['127.0.0.1'] } },
			providers: { filed: { type: 'openai', api_key: UPSTREAM_KEY, base_url: chatUrl, model: 'mock-echo', extra_headers: { 'X-File': FILE_HEADER } } },
			gateway: { auth_tokens: [{ token: GW, name: 'GW' }] }
		}
	});
	A = recordingApi(at.url, ADMIN);
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

const lastUpstream = () => mock.requests.filter((r) => r.path.startsWith('/v1/chat/completions')).at(-1)!;

describe(`providers API on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('lists config-file providers read-only with their secrets masked', async () => {
		const r = await A.get('/providers');
		expect(r.status).toBe(200);
		const filed = (r.json.providers as Record<string, unknown>[]).find((p) => p.key === 'filed');
		expect(filed).toMatchObject({
			source: 'config',
			read_only: true,
			overrides_config: false,
			has_api_key: true,
			extra_header_names: ['X-File'],
			config: { type: 'openai', api_key: '***', base_url: chatUrl, model: 'mock-echo', extra_headers: { 'X-File': '***' } }
		});
		const put = await A.put('/providers/filed', { config: { model: 'mock-tools' } });
		expect(put.status).toBe(409);
		expect(put.json.message).toMatch(/at\.yaml/);
		expect((await A.del('/providers/filed')).status).toBe(409);
		const info = await A.get('/info');
		expect(info.json).toMatchObject({ user: 'admin_token', role: 'admin', store_type: at.store, version: expect.any(String) });
		expect(info.json.providers).toContainEqual({ key: 'filed', type: 'openai', default_model: 'mock-echo', models: [], source: 'config' });
	});

	it('creates a provider that serves the gateway at once, and keeps blank or masked secrets on update', async () => {
		const created = await A.post('/providers', {
			key: 'fresh',
			config: { type: 'openai', api_key: UPSTREAM_KEY, base_url: chatUrl, model: 'mock-echo', extra_headers: { 'X-Db': DB_HEADER } }
		});
		expect(created.status, JSON.stringify(created.json)).toBe(201);
		expect(created.json).toMatchObject({
			key: 'fresh',
			source: 'database',
			read_only: false,
			overrides_config: false,
			has_api_key: true,
			config: { api_key: '***', extra_headers: { 'X-Db': '***' } },
			created_by: expect.any(String)
		});
		expect(created.json).not.toHaveProperty('load_error');

		// No restart, no polling: the answer to the POST comes after the registry reloaded.
		const first = await chat(at.url, GW, 'fresh/mock-echo');
		expect(first.status).toBe(200);
		expect(lastUpstream().headers).toMatchObject({ authorization: `Bearer ${UPSTREAM_KEY}`, 'x-db': DB_HEADER });

		const upd = await A.put('/providers/fresh', { config: { api_key: '', model: 'mock-tools', extra_headers: { 'X-Db': '***', 'X-New': NEW_HEADER } } });
		expect(upd.status, JSON.stringify(upd.json)).toBe(200);
		expect(upd.json).toMatchObject({ has_api_key: true, extra_header_names: ['X-Db', 'X-New'], config: { model: 'mock-tools', base_url: chatUrl } });
		expect((await chat(at.url, GW, 'fresh/mock-echo')).status).toBe(200);
		expect(lastUpstream().headers).toMatchObject({ authorization: `Bearer ${UPSTREAM_KEY}`, 'x-db': DB_HEADER, 'x-new': NEW_HEADER });

		// "***" keeps it too; a header left out of extra_headers is removed.
		await A.put('/providers/fresh', { config: { api_key: '***', extra_headers: { 'X-New': '***' } } });
		expect((await chat(at.url, GW, 'fresh/mock-echo')).status).toBe(200);
		expect(lastUpstream().headers['x-db']).toBeUndefined();
		expect(lastUpstream().headers['x-new']).toBe(NEW_HEADER);

		// A new header needs a value; a new key replaces the stored one.
		const blank = await A.put('/providers/fresh', { config: { extra_headers: { 'X-Other': '' } } });
		expect(blank.status).toBe(400);
		expect(blank.json.message).toContain('config.extra_headers.X-Other');
		// The upstream refuses the new key: AT's provider credentials are wrong, so the gateway answers 502.
		await A.put('/providers/fresh', { config: { api_key: 'sk-wrong' } });
		expect((await chat(at.url, GW, 'fresh/mock-echo')).status).toBe(502);
		expect(lastUpstream().headers.authorization).toBe('Bearer sk-wrong');
		await A.put('/providers/fresh', { config: { api_key: UPSTREAM_KEY } });
		expect((await chat(at.url, GW, 'fresh/mock-echo')).status).toBe(200);

		expect((await A.post('/providers', { key: 'fresh', config: { type: 'openai' } })).status).toBe(409);
		const renamed = await A.put('/providers/fresh', { key: 'other', config: {} });
		expect(renamed.status).toBe(400);
		expect(renamed.json.message).toMatch(/^key:/);
	});

	it('overrides a config-file provider with a database one and reverts on delete', async () => {
		const o = await A.post('/providers', { key: 'filed', config: { type: 'openai', api_key: '***', base_url: chatUrl, model: 'mock-think', extra_headers: { 'X-File': '***' } } });
		expect(o.status, JSON.stringify(o.json)).toBe(201);
		expect(o.json).toMatchObject({ source: 'database', overrides_config: true, read_only: false, has_api_key: true, config: { model: 'mock-think' } });
		// The masked secrets were taken from the file entry.
		const r = await chat(at.url, GW, 'filed');
		expect(r.status).toBe(200);
		expect(lastUpstream().body).toMatchObject({ model: 'mock-think' });
		expect(lastUpstream().headers).toMatchObject({ authorization: `Bearer ${UPSTREAM_KEY}`, 'x-file': FILE_HEADER });
		expect((await A.put('/providers/filed', { config: { model: 'mock-echo' } })).status).toBe(200);

		expect((await A.del('/providers/filed')).status).toBe(204);
		expect((await A.get('/providers/filed')).json).toMatchObject({ source: 'config', read_only: true, config: { model: 'mock-echo' } });
		expect((await A.get('/info')).json.providers).toContainEqual(expect.objectContaining({ key: 'filed', source: 'config' }));
		expect((await A.del('/providers/filed')).status).toBe(409);
	});

	it('answers 400 naming the field for malformed or invalid bodies, 404 and 413, and stores nothing', async () => {
		const bad = async (body: unknown, field: string) => {
			const r = await A.call('POST', '/api/v1/providers', body);
			expect(r.status, JSON.stringify(r.json)).toBe(400);
			expect(r.json.message).toContain(field);
		};
		await bad('{"key": "x", ', 'malformed JSON');
		await bad({ key: 'Bad Key', config: { type: 'openai' } }, 'key');
		await bad({ key: 'discover-models', config: { type: 'openai' } }, 'key');
		await bad({ key: 'x1', config: { type: 'nope' } }, 'config.type');
		await bad({ key: 'x2', config: { type: 'openai', models: 'gpt' } }, 'config.models');
		await bad({ key: 'x3', config: { type: 'openai', apikey: 'k' } }, 'apikey');
		await bad({ key: 'x4', config: { type: 'openai', base_url: 'ftp://example.com' } }, 'config.base_url');
		await bad({ key: 'x5', config: { type: 'openai', proxy: 'gopher://p' } }, 'config.proxy');
		await bad({ key: 'x6', config: { type: 'openai', timeout_idle: 'soon' } }, 'config.timeout_idle');
		await bad({ key: 'x7', config: { type: 'openai', extra_headers: { 'Bad Header': 'v' } } }, 'config.extra_headers');
		await bad({ key: 'x8' }, 'config');
		const big = await A.call('POST', '/api/v1/providers', { key: 'big', config: { type: 'openai', models: Array.from({ length: 9000 }, (_, i) => `model-${i}`) } });
		expect(big.status).toBe(413);
		expect((await A.put('/providers/nope', { config: { model: 'm' } })).status).toBe(404);
		expect((await A.get('/providers/nope')).status).toBe(404);
		expect((await A.del('/providers/nope')).status).toBe(404);
		expect((await A.post('/providers/nope/test', {})).status).toBe(404);
		const keys = ((await A.get('/providers')).json.providers as { key: string }[]).map((p) => p.key);
		expect(keys).toEqual(['filed', 'fresh']);
	});

	it('discovers upstream models for saved and unsaved configs through the SSRF guard', async () => {
		const saved = await A.post('/providers/discover-models', { key: 'fresh' });
		expect(saved.status, JSON.stringify(saved.json)).toBe(200);
		expect(saved.json.models).toEqual([...OPENAI_MODELS].sort());
		// Unsaved form values over the saved provider: the blank key is the saved one.
		expect((await A.post('/providers/discover-models', { key: 'fresh', config: { api_key: '' } })).json.models).toEqual([...OPENAI_MODELS].sort());
		const anthropic = await A.post('/providers/discover-models', { type: 'anthropic', api_key: UPSTREAM_KEY, base_url: mock.url });
		expect(anthropic.json.models).toEqual([...ANTHROPIC_MODELS].sort());
		const gemini = await A.post('/providers/discover-models', { config: { type: 'gemini', api_key: UPSTREAM_KEY, base_url: mock.url } });
		expect(gemini.json.models).toEqual(GEMINI_MODELS.filter((m) => m.methods.includes('generateContent')).map((m) => m.id).sort());

		const wrongKey = await A.post('/providers/discover-models', { type: 'openai', api_key: 'sk-wrong', base_url: chatUrl });
		expect(wrongKey.status).toBe(502);
		expect(wrongKey.json.message).toContain('401');
		const metadata = await A.post('/providers/discover-models', { type: 'openai', api_key: 'k', base_url: 'http://169.254.169.254/v1/chat/completions' });
		expect(metadata.status).toBe(400);
		expect(metadata.json.message).toMatch(/^base_url: refused/);
		expect((await A.post('/providers/discover-models', { api_key: 'k' })).status).toBe(400);
		expect((await A.post('/providers/discover-models', { key: 'missing' })).status).toBe(404);
	});

	it('tests a provider with a one-token request and reports upstream errors', async () => {
		const ok = await A.post('/providers/fresh/test', {});
		expect(ok.status).toBe(200);
		expect(ok.json).toEqual({ ok: true, latency_ms: expect.any(Number), model: 'mock-tools' });
		expect(lastUpstream().body).toMatchObject({ model: 'mock-tools', max_tokens: 1 });
		const failing = await A.post('/providers/fresh/test', { model: 'mock-error-500' });
		expect(failing.json).toMatchObject({ ok: false, model: 'mock-error-500', error: expect.stringContaining('500') });
		expect((await A.post('/providers/fresh/test', { model: 5 })).status).toBe(400);
	});

	// A secret echoed in any answer (list, get, create, update, errors) would leak it to every admin-API reader.
	it('never returned a secret, and stores them encrypted', async () => {
		expect(A.bodies.length).toBeGreaterThan(30);
		for (const s of SECRETS) expect(A.bodies.filter((b) => b.includes(s))).toEqual([]);
		expect((await A.del('/providers/fresh')).status).toBe(204);
		expect((await chat(at.url, GW, 'fresh/mock-echo')).status).toBe(404);
		await A.post('/providers', { key: 'kept', config: { type: 'openai', api_key: UPSTREAM_KEY, base_url: chatUrl, extra_headers: { 'X-Db': DB_HEADER } } });
		const rows = await withStoppedStore(at, (s) => listProviderRows(s.db));
		expect(rows.map((r) => r.key)).toEqual(['kept']);
		expect(rows[0].config.api_key).toMatch(/^enc:/);
		expect(rows[0].config.extra_headers!['X-Db']).toMatch(/^enc:/);
		expect(JSON.stringify(rows)).not.toContain(UPSTREAM_KEY);
	});
});
