import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../mocks/upstream.mjs';
import { chat, openServerStore, recordingApi } from '../../fixtures/admin';
import { edge, graph, node, sleep } from '../../fixtures/workflows';
import { uniqueName } from '../../helpers/env';
import { startAt, type AtServer } from '../../helpers/server';
import { decrypt, deriveKey, verifyKeyCheck } from '../../../src/lib/server/crypto/enc';
import { listProviderRows } from '../../../src/lib/server/store/queries/providers';
import { getSetting } from '../../../src/lib/server/store/queries/settings';
import { getVariableByKey } from '../../../src/lib/server/store/queries/variables';

const ADMIN = 'admin-token-rotation';
const GW = 'sk-gateway-rotation';
const UPSTREAM_KEY = 'sk-upstream-rotation-42';

let mock: MockUpstream;
let a: AtServer;
let b: AtServer;

beforeAll(async () => {
	mock = await startMockUpstream({ apiKey: UPSTREAM_KEY });
	const schema = uniqueName('rot');
	const config = { server: { admin_token: ADMIN }, store: { encryption_key: 'cluster-key-one' }, gateway: { auth_tokens: [{ token: GW }] } };
	[a, b] = await Promise.all([startAt({ config, dataLocation: schema }), startAt({ config, dataLocation: schema })]);
});

afterAll(async () => {
	await b?.stop();
	await a?.destroy();
	await mock?.close();
});

/** Retries until `ok` (another instance applies NOTIFY events asynchronously). */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (ok(v) || Date.now() > until) return v;
		await sleep(100);
	}
}

// Without the announcement (sealed with the old key) the other instance would keep the old key: it could
// not load providers or read secret variables after a reload, and would write secrets nobody can read.
it('switches every instance to the rotated key: the other one reads and writes secrets with it', async () => {
	const A = recordingApi(a.url, ADMIN);
	const B = recordingApi(b.url, ADMIN);
	const base_url = `${mock.url}/v1/chat/completions`;
	expect((await A.post('/providers', { key: 'shared', config: { type: 'openai', api_key: UPSTREAM_KEY, base_url, model: 'mock-echo' } })).status).toBe(201);
	expect((await A.post('/variables', { key: 'SECRET', value: 'before-rotation', secret: true })).status).toBe(201);
	const wf = await A.createWorkflow(
		'getvar',
		graph([node('in', 'input'), node('t', 'template', { template: '{{ "SECRET" | getVar }}' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')])
	);
	expect((await eventually(() => chat(b.url, GW, 'shared/mock-echo'), (r) => r.status === 200)).status).toBe(200);

	const r = await A.post('/settings/rotate-key', { encryption_key: 'cluster-key-two' });
	expect(r.status, JSON.stringify(r.json)).toBe(200);

	// B writes a provider (refused with 503 until B switched) that A, on the new key, serves.
	const created = await eventually(
		() => B.post('/providers', { key: 'from-b', config: { type: 'openai', api_key: UPSTREAM_KEY, base_url, model: 'mock-echo' } }),
		(x) => x.status !== 503
	);
	expect(created.status, JSON.stringify(created.json)).toBe(201);
	expect((await eventually(() => chat(a.url, GW, 'from-b/mock-echo'), (x) => x.status === 200)).status).toBe(200);
	// B reloaded its providers with the new key: the rotated row still loads and serves.
	expect((await B.get('/providers/shared')).json).not.toHaveProperty('load_error');
	expect((await chat(b.url, GW, 'shared/mock-echo')).status).toBe(200);
	expect((await B.post('/providers/shared/test', {})).json).toMatchObject({ ok: true });

	// A secret variable rotated by A is read by B's workflows; one written by B is read by A.
	expect((await B.runSync(wf)).json.outputs).toEqual({ v: 'before-rotation' });
	const id = ((await B.get('/variables')).json.variables as { id: string; key: string }[]).find((v) => v.key === 'SECRET')!.id;
	expect((await B.put(`/variables/${id}`, { value: 'written-by-b' })).status).toBe(200);
	expect((await eventually(() => A.runSync(wf), (x) => (x.json.outputs as { v?: string })?.v === 'written-by-b')).json.outputs).toEqual({ v: 'written-by-b' });

	const store = await openServerStore(a);
	try {
		const k2 = deriveKey('cluster-key-two');
		const rows = await listProviderRows(store.db);
		expect(rows.map((x) => decrypt(x.config.api_key!, k2))).toEqual([UPSTREAM_KEY, UPSTREAM_KEY]);
		expect(decrypt((await getVariableByKey(store.db, 'SECRET'))!.value, k2)).toBe('written-by-b');
		expect(verifyKeyCheck((await getSetting(store.db, 'encryption_key_check'))!, k2)).toBe(true);
	} finally {
		await store.close();
	}

	// Rotating again on B (to no key) switches A too.
	expect((await B.post('/settings/rotate-key', { encryption_key: '' })).status).toBe(200);
	expect((await eventually(() => A.get('/settings'), (x) => x.json.encryption_enabled === false)).json.encryption_enabled).toBe(false);
	expect((await A.post('/providers', { key: 'plain', config: { type: 'openai', api_key: UPSTREAM_KEY, base_url } })).status).toBe(201);
	expect((await eventually(() => chat(b.url, GW, 'plain/mock-echo'), (x) => x.status === 200)).status).toBe(200);
	for (const s of [UPSTREAM_KEY, 'cluster-key-one', 'cluster-key-two', 'before-rotation', 'written-by-b']) {
		expect(A.bodies.filter((x) => x.includes(s))).toEqual([]);
		expect(B.bodies.filter((x) => x.includes(s))).toEqual([]);
	}
	expect(a.logs() + b.logs()).not.toMatch(/cannot apply the encryption key/);
});

// Instances cache token lookups for a few seconds: without the tokens.changed announcement a token
// deleted on one instance would keep working on the others until their cache entry expired.
it('refuses a token deleted on another instance before its cache entry expires', async () => {
	const A = recordingApi(a.url, ADMIN);
	expect((await A.post('/providers', { key: 'tok', config: { type: 'openai', api_key: UPSTREAM_KEY, base_url: `${mock.url}/v1/chat/completions` } })).status).toBe(201);
	const created = await A.post('/api-tokens', { name: 'cluster' });
	const token = created.json.token as string;
	expect((await eventually(() => chat(b.url, token, 'tok/mock-echo'), (r) => r.status === 200)).status).toBe(200);
	const deletedAt = Date.now();
	expect((await A.del(`/api-tokens/${(created.json.info as { id: string }).id}`)).status).toBe(204);
	const refused = await eventually(() => chat(b.url, token, 'tok/mock-echo'), (r) => r.status === 401, 3_000);
	expect(refused.status).toBe(401);
	// The cache keeps entries for 5 s; the refusal came well before that.
	expect(Date.now() - deletedAt).toBeLessThan(3_500);
});
