import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { recordingApi } from '../fixtures/admin';
import { startAt, type AtServer } from '../helpers/server';

const ADMIN = 'admin-token-limits';
const STATIC = 'sk-static-unlimited';

let mock: MockUpstream;
let at: AtServer;
let A: ReturnType<typeof recordingApi>;
let config: Record<string, unknown>;

beforeAll(async () => {
	mock = await startMockUpstream();
	config = {
		server: { admin_token: ADMIN },
		providers: { oa: { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions` } },
		gateway: { auth_tokens: [{ token: STATIC, name: 'Static' }] }
	};
	at = await startAt({ config });
	A = recordingApi(at.url, ADMIN);
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

async function createToken(limits: Record<string, unknown>): Promise<{ id: string; token: string }> {
	const r = await A.post('/api-tokens', { name: `limited ${Object.keys(limits).join(' ')}`, ...limits });
	expect(r.status).toBe(201);
	const body = r.json as { token: string; info: { id: string } };
	return { id: body.info.id, token: body.token };
}

const call = (token: string, path: string, body: unknown, method = 'POST') =>
	fetch(`${at.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: method === 'GET' ? undefined : JSON.stringify(body)
	});

const chat = (token: string, extra: Record<string, unknown> = {}, model = 'oa/mock-echo') =>
	call(token, '/gateway/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }], ...extra });

const ROUTES: [string, (token: string) => Promise<Response>][] = [
	['chat completions (direct path)', (t) => chat(t)],
	['streamed chat completions', (t) => chat(t, { stream: true })],
	['embeddings (SvelteKit route)', (t) => call(t, '/gateway/v1/embeddings', { model: 'oa/mock-embed', input: ['a', 'b'] })],
	['native passthrough', (t) => call(t, '/gateway/v1/providers/oa/chat/completions', { model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] })]
];

describe(`gateway limits on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	// Fails when a route ignores the token's requests-per-minute limit or answers a refusal without retry-after and limit headers.
	it.each(ROUTES)('rpm 2: the third call in the minute is 429 on %s', async (_name, send) => {
		const { token } = await createToken({ rate_limit_rpm: 2 });
		const first = await send(token);
		expect(first.status).toBe(200);
		// AT's limit replaces the mock upstream's own x-ratelimit-limit-requests of 1000.
		expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
		expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
		expect(first.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s)$|^\d+m\d+s$/);
		await first.arrayBuffer();
		const second = await send(token);
		expect(second.status).toBe(200);
		expect(second.headers.get('x-ratelimit-remaining-requests')).toBe('0');
		await second.arrayBuffer();
		const third = await send(token);
		expect(third.status).toBe(429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(third.headers.get('x-ratelimit-limit-requests')).toBe('2');
		expect(third.headers.get('x-ratelimit-remaining-requests')).toBe('0');
		expect(third.headers.get('x-ratelimit-reset-requests')).toBeTruthy();
		const err = (await third.json()).error;
		expect(err).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
		expect(err.message).toContain('2 requests per minute');
	});

	// Fails when a changed limit waits for the token cache or the window instead of applying at once.
	it('raising the limit through the API lets the next call through', async () => {
		const { id, token } = await createToken({ rate_limit_rpm: 1 });
		expect((await chat(token)).status).toBe(200);
		expect((await chat(token)).status).toBe(429);
		expect((await A.put(`/api-tokens/${id}`, { rate_limit_rpm: 100 })).status).toBe(200);
		const r = await chat(token);
		expect(r.status).toBe(200);
		expect(r.headers.get('x-ratelimit-limit-requests')).toBe('100');
		expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('98');
	});

	// Fails when tokens per minute are not enforced, or the pre-call estimate is never corrected with the real usage.
	it('tpm: estimates before the call, corrects after it, refuses what does not fit', async () => {
		const { token } = await createToken({ rate_limit_tpm: 100 });
		// Estimate: 1 prompt token ("hi") + max_tokens 80; the mock then reports 12 + 5 = 17 tokens.
		const first = await chat(token, { max_tokens: 80 });
		expect(first.status).toBe(200);
		expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('100');
		expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe('19');
		// No requests limit of AT's: the upstream's header of that name passes through.
		expect(first.headers.get('x-ratelimit-limit-requests')).toBe('1000');
		// 81 + 61 would not fit; 17 + 61 does because the first call was corrected.
		const second = await chat(token, { max_tokens: 60 });
		expect(second.status).toBe(200);
		expect(second.headers.get('x-ratelimit-remaining-tokens')).toBe('22');
		const third = await chat(token, { max_tokens: 90 });
		expect(third.status).toBe(429);
		expect(third.headers.get('x-ratelimit-remaining-tokens')).toBe('66');
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await third.json()).error.message).toContain('100 tokens per minute');
	});

	// Fails when a budget is not enforced, not reloaded from the usage rows after a restart, or raising it does not apply.
	it('budget: 429 insufficient_quota once the spend passes it, also after a restart', async () => {
		const { id, token } = await createToken({ budget_usd: 0.000001, budget_period: 'day' });
		// gpt-4o-mini is priced in the seeded table: 12 prompt + 5 completion tokens cost $0.0000048.
		const first = await chat(token, {}, 'oa/gpt-4o-mini');
		expect(first.status).toBe(200);
		const refused = await chat(token, {}, 'oa/gpt-4o-mini');
		expect(refused.status).toBe(429);
		const err = (await refused.json()).error;
		expect(err).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
		expect(err.message).toContain('$0.000001 per day');
		const retry = Number(refused.headers.get('retry-after'));
		expect(retry).toBeGreaterThan(0);
		expect(retry).toBeLessThanOrEqual(86_400);
		// Other routes of the same token are refused as well.
		expect((await call(token, '/gateway/v1/embeddings', { model: 'oa/mock-embed', input: 'a' })).status).toBe(429);

		await at.stop();
		at = await startAt({ config, dataLocation: at.dataLocation });
		A = recordingApi(at.url, ADMIN);
		expect((await chat(token, {}, 'oa/gpt-4o-mini')).status).toBe(429);

		expect((await A.put(`/api-tokens/${id}`, { budget_usd: 1 })).status).toBe(200);
		expect((await chat(token, {}, 'oa/gpt-4o-mini')).status).toBe(200);
	});

	// Fails when tokens without limits (static or stored) get AT's limit headers or are refused.
	it('leaves tokens without limits alone', async () => {
		const { token } = await createToken({});
		for (const t of [token, STATIC]) {
			for (let i = 0; i < 5; i++) {
				const r = await chat(t);
				expect(r.status).toBe(200);
				// The upstream's own header passes through untouched.
				expect(r.headers.get('x-ratelimit-limit-requests')).toBe('1000');
				expect(r.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
				await r.arrayBuffer();
			}
		}
	});

	// Fails when /models counts against a token's requests (it is exempt: no upstream call, no cost).
	it('exempts the model list', async () => {
		const { token } = await createToken({ rate_limit_rpm: 1 });
		for (let i = 0; i < 3; i++) expect((await call(token, '/gateway/v1/models', null, 'GET')).status).toBe(200);
		expect((await chat(token)).status).toBe(200);
		expect((await chat(token)).status).toBe(429);
	});
});
