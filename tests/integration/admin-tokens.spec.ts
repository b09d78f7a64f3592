import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { chat, recordingApi, withStoppedStore } from '../fixtures/admin';
import { sleep } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';
import { listTokenRows } from '../../src/lib/server/store/queries/tokens';

const ADMIN = 'admin-token-tokens';
const STATIC = 'sk-static-token-abcdef123';

let mock: MockUpstream;
let at: AtServer;
let A: ReturnType<typeof recordingApi>;
let plaintext: string;
let id: string;

beforeAll(async () => {
	mock = await startMockUpstream();
	const oa = { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions` };
	at = await startAt({
		config: {
			server: { admin_token: ADMIN, body_limit: 32768 },
			providers: { oa, other: oa },
			gateway: { auth_tokens: [{ token: STATIC, name: 'Static', allowed_models: ['oa/mock-echo'], expires_at: '2099-01-01T00:00:00Z' }] }
		}
	});
	A = recordingApi(at.url, ADMIN);
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

describe(`api-tokens API on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('creates a token whose plaintext is shown once and which works on the gateway at once', async () => {
		const r = await A.post('/api-tokens', { name: 'CI', allowed_providers: ['oa'], rate_limit_rpm: 600, budget_usd: 5 });
		expect(r.status, JSON.stringify(r.json)).toBe(201);
		plaintext = r.json.token as string;
		expect(plaintext).toMatch(/^at_[0-9a-f]{64}$/);
		const info = r.json.info as Record<string, unknown>;
		id = info.id as string;
		expect(info).toMatchObject({
			source: 'database',
			read_only: false,
			name: 'CI',
			token_prefix: plaintext.slice(0, 8),
			allowed_providers: ['oa'],
			allowed_models: null,
			allowed_webhooks: null,
			expires_at: null,
			expired: false,
			rate_limit_rpm: 600,
			rate_limit_tpm: null,
			budget_usd: 5,
			budget_period: 'month',
			last_used_at: null,
			created_by: expect.any(String)
		});
		expect((await chat(at.url, plaintext, 'oa/mock-echo')).status).toBe(200);
		expect((await chat(at.url, plaintext, 'other/mock-echo')).status).toBe(403);
	});

	it('lists created and static tokens without any plaintext', async () => {
		const r = await A.get('/api-tokens');
		const tokens = r.json.tokens as Record<string, unknown>[];
		expect(tokens.map((t) => t.id)).toEqual([id, 'config:0']);
		// A short static token must not be shown almost whole: at most a quarter of it.
		expect(tokens[1]).toMatchObject({ source: 'config', read_only: true, name: 'Static', token_prefix: 'sk-sta', allowed_models: ['oa/mock-echo'], expires_at: '2099-01-01T00:00:00.000Z' });
		expect((await A.get('/api-tokens/config:0')).json).toMatchObject({ name: 'Static' });
		expect((await A.get(`/api-tokens/${id}`)).json).toMatchObject({ id, name: 'CI' });
		expect((await A.put('/api-tokens/config:0', { name: 'x' })).status).toBe(409);
		expect((await A.del('/api-tokens/config:0')).status).toBe(409);
		expect((await A.get('/api-tokens/config:0/usage')).status).toBe(404);
	});

	// The token cache lives a few seconds: without invalidation a narrowed or deleted token would keep working.
	it('applies scope and expiry changes immediately', async () => {
		const u = await A.put(`/api-tokens/${id}`, { allowed_providers: ['other'], name: 'CI renamed' });
		expect(u.status).toBe(200);
		expect(u.json).toMatchObject({ name: 'CI renamed', allowed_providers: ['other'], rate_limit_rpm: 600, budget_period: 'month' });
		expect((await chat(at.url, plaintext, 'oa/mock-echo')).status).toBe(403);
		expect((await chat(at.url, plaintext, 'other/mock-echo')).status).toBe(200);

		await A.put(`/api-tokens/${id}`, { allowed_providers: null, allowed_models: ['oa/*'] });
		expect((await chat(at.url, plaintext, 'oa/mock-echo')).status).toBe(200);
		expect((await chat(at.url, plaintext, 'other/mock-echo')).status).toBe(403);

		const past = await A.put(`/api-tokens/${id}`, { expires_at: '2020-01-01T00:00:00Z' });
		expect(past.json.expired).toBe(true);
		const expired = await chat(at.url, plaintext, 'oa/mock-echo');
		expect(expired.status).toBe(401);
		expect(((await expired.json()) as { error: { message: string } }).error.message).toBe('token expired');
		expect((await A.put(`/api-tokens/${id}`, { expires_at: '', allowed_models: [] })).json).toMatchObject({ expires_at: null, allowed_models: null });
		expect((await chat(at.url, plaintext, 'other/mock-echo')).status).toBe(200);
		expect((await A.put(`/api-tokens/${id}`, { budget_usd: null })).json).toMatchObject({ budget_usd: null, budget_period: null });
	});

	it("reports a token's usage by model", async () => {
		const r = await A.get(`/api-tokens/${id}/usage`);
		expect(r.status).toBe(200);
		// Two allowed calls per provider; the refused ones never reach a provider and are not counted.
		expect(r.json).toMatchObject({ token_id: id, requests: 4, errors: 0 });
		expect(r.json.tokens).toBe((r.json.prompt_tokens as number) + (r.json.completion_tokens as number));
		const byModel = r.json.by_model as { model: string; requests: number }[];
		expect(byModel.map((m) => [m.model, m.requests])).toEqual([
			['oa/mock-echo', 2],
			['other/mock-echo', 2]
		]);
		const future = await A.get(`/api-tokens/${id}/usage?from=2099-01-01T00:00:00Z&to=2099-02-01T00:00:00Z`);
		expect(future.json).toMatchObject({ requests: 0, by_model: [] });
		expect((await A.get(`/api-tokens/${id}/usage?from=yesterday`)).status).toBe(400);
		// last_used_at is written asynchronously after the first use.
		let last: unknown = null;
		for (let i = 0; i < 50 && !last; i++) {
			last = (await A.get(`/api-tokens/${id}/usage`)).json.last_used_at;
			if (!last) await sleep(100);
		}
		expect(last).toEqual(expect.any(String));
	});

	it('answers 400 naming the field, 413 and 404, and stores nothing', async () => {
		const bad = async (body: unknown, field: string) => {
			const r = await A.call('POST', '/api/v1/api-tokens', body);
			expect(r.status, JSON.stringify(r.json)).toBe(400);
			expect(r.json.message).toContain(field);
		};
		await bad('{"name":', 'malformed JSON');
		await bad({}, 'name');
		await bad({ name: '  ' }, 'name');
		await bad({ name: 'x', rate_limit_rpm: 'fast' }, 'rate_limit_rpm');
		await bad({ name: 'x', rate_limit_tpm: 0 }, 'rate_limit_tpm');
		await bad({ name: 'x', expires_at: 'tomorrow' }, 'expires_at');
		await bad({ name: 'x', allowed_models: 'oa/*' }, 'allowed_models');
		await bad({ name: 'x', budget_period: 'year' }, 'budget_period');
		await bad({ name: 'x', scopes: [] }, 'scopes');
		expect((await A.post('/api-tokens', { name: 'x'.repeat(40_000) })).status).toBe(413);
		expect((await A.put(`/api-tokens/${id}`, { rate_limit_rpm: -1 })).status).toBe(400);
		expect((await A.put('/api-tokens/01NOSUCHTOKEN', { name: 'x' })).status).toBe(404);
		expect((await A.get('/api-tokens/01NOSUCHTOKEN/usage')).status).toBe(404);
		expect(((await A.get('/api-tokens')).json.tokens as unknown[]).length).toBe(2);
	});

	it('deletes a token: the gateway refuses it at once', async () => {
		expect((await A.del(`/api-tokens/${id}`)).status).toBe(204);
		expect((await chat(at.url, plaintext, 'oa/mock-echo')).status).toBe(401);
		expect((await A.get(`/api-tokens/${id}`)).status).toBe(404);
		expect((await A.del(`/api-tokens/${id}`)).status).toBe(404);
		expect((await A.get(`/api-tokens/${id}/usage`)).status).toBe(404);
	});

	// The plaintext is shown once: a list, get or update that echoed it would make it recoverable.
	it('returned the plaintext only in the create answer and stored only its hash', async () => {
		const created = await A.post('/api-tokens', { name: 'kept' });
		const secret = created.json.token as string;
		await A.get('/api-tokens');
		await A.get(`/api-tokens/${(created.json.info as { id: string }).id}`);
		const withToken = A.bodies.filter((b) => b.includes(plaintext) || b.includes(secret));
		expect(withToken.length).toBe(2);
		expect(A.bodies.filter((b) => b.includes(STATIC))).toEqual([]);
		const rows = await withStoppedStore(at, (s) => listTokenRows(s.db));
		expect(rows.map((r) => r.name)).toEqual(['kept']);
		expect(JSON.stringify(rows)).not.toContain(secret);
		expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
	});
});
