import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { startAt, type AtServer } from '../helpers/server';
import { assemble, readSse } from '../helpers/sse';

let mock: MockUpstream;
let at: AtServer;
const ADMIN = 'admin-token-for-tests';
const auth = (token = 'sk-test') => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

beforeAll(async () => {
	mock = await startMockUpstream();
	at = await startAt({
		config: {
			server: { admin_token: ADMIN, body_limit: 65536 },
			providers: {
				oa: {
					type: 'openai',
					api_key: 'mock-key',
					base_url: `${mock.url}/v1/chat/completions`,
					routes: {
						smart: ['oa/mock-error-503', { target: 'an/mock-echo' }],
						strict: ['oa/mock-error-400', 'an/mock-echo'],
						broken: ['oa/mock-error-500', 'ge/mock-error-502']
					}
				},
				an: { type: 'anthropic', api_key: 'mock-key', base_url: mock.url },
				ge: { type: 'gemini', api_key: 'mock-key', base_url: mock.url },
				listed: { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions`, models: ['mock-echo'], model: 'mock-echo' },
				dead: { type: 'openai', api_key: 'k', base_url: 'http://127.0.0.1:9/v1/chat/completions' },
				impatient: { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions`, timeout_first_byte: '300ms', timeout_idle: '300ms' }
			},
			gateway: {
				auth_tokens: [
					{ token: 'sk-test', name: 'Test' },
					{ token: 'sk-scoped', name: 'Scoped', allowed_models: ['oa/mock-echo'] },
					{ token: 'sk-expired', name: 'Old', expires_at: '2020-01-01T00:00:00Z' }
				]
			}
		}
	});
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

const post = (body: unknown, token = 'sk-test', path = '/gateway/v1/chat/completions') =>
	fetch(`${at.url}${path}`, { method: 'POST', headers: auth(token), body: typeof body === 'string' ? body : JSON.stringify(body) });

const hello = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'hello there' }], ...extra });

async function usageRows() {
	const r = await fetch(`${at.url}/api/v1/usage?recent=200`, { headers: { authorization: `Bearer ${ADMIN}` } });
	expect(r.status).toBe(200);
	return (await r.json()).recent as { request_id: string; provider: string; model: string; status: number; error: string | null; prompt_tokens: number; cached_tokens: number; cost: number }[];
}

describe('gateway authentication and validation', () => {
	it('answers 401 in the OpenAI shape without a token, with an unknown one, and "token expired"', async () => {
		const none = await fetch(`${at.url}/gateway/v1/chat/completions`, { method: 'POST', body: '{}' });
		expect(none.status).toBe(401);
		expect(await none.json()).toMatchObject({ error: { type: 'authentication_error', message: expect.any(String) } });
		expect((await post(hello('oa/mock-echo'), 'sk-nope')).status).toBe(401);
		const expired = await post(hello('oa/mock-echo'), 'sk-expired');
		expect(expired.status).toBe(401);
		expect((await expired.json()).error.message).toBe('token expired');
	});

	it('refuses models outside the token scope with 403', async () => {
		expect((await post(hello('oa/mock-echo'), 'sk-scoped')).status).toBe(200);
		const denied = await post(hello('an/mock-echo'), 'sk-scoped');
		expect(denied.status).toBe(403);
		expect((await denied.json()).error.type).toBe('permission_error');
	});

	it('answers 404 model_not_found naming the known providers, and for models outside a provider list', async () => {
		const r = await post(hello('nope/x'));
		expect(r.status).toBe(404);
		const e = (await r.json()).error;
		expect(e.code).toBe('model_not_found');
		expect(e.message).toContain('oa');
		expect(e.message).toContain('an');
		expect((await post(hello('listed/other'))).status).toBe(404);
		expect((await post(hello('listed'))).status).toBe(200);
	});

	it('answers 400 for malformed JSON and names the offending field for wrong types', async () => {
		const bad = await post('{"model": "oa/mock-echo", ');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.message).toMatch(/JSON/);
		const wrong = await post({ model: 'oa/mock-echo', messages: 'hi' });
		expect(wrong.status).toBe(400);
		const err = (await wrong.json()).error;
		expect(err.message).toContain('messages');
		expect(err.param).toContain('messages');
	});

	it('answers 413 for an oversized body and sends nothing upstream', async () => {
		mock.reset();
		const big = await post(hello('oa/mock-echo', { padding: 'x'.repeat(70_000) }));
		expect(big.status).toBe(413);
		expect((await big.json()).error.type).toBe('request_too_large');
		expect(mock.requests.length).toBe(0);
	});
});

describe.each([
	['openai', 'oa'],
	['anthropic', 'an'],
	['gemini', 'ge']
])('chat completions through a %s upstream', (_type, key) => {
	it('answers non-streaming with text, usage and AT headers', async () => {
		const r = await post(hello(`${key}/mock-echo`), 'sk-test');
		expect(r.status).toBe(200);
		expect(r.headers.get('x-at-provider')).toBe(key);
		expect(r.headers.get('x-request-id')).toBeTruthy();
		expect(Number(r.headers.get('x-at-overhead-ms'))).toBeGreaterThanOrEqual(0);
		const body = await r.json();
		expect(body.object).toBe('chat.completion');
		expect(body.model).toBe(`${key}/mock-echo`);
		expect(body.choices[0].message.content).toBe('echo: hello there');
		expect(body.choices[0].finish_reason).toBe('stop');
		expect(body.usage.prompt_tokens).toBeGreaterThan(0);
	});

	it('streams chunks with the role first, a separate finish chunk, and usage only when asked', async () => {
		const plain = await readSse(await post(hello(`${key}/mock-echo`, { stream: true })));
		expect(plain.done).toBe(true);
		const a = assemble(plain.frames);
		expect(a.text).toBe('echo: hello there');
		expect(a.finish).toBe('stop');
		expect(a.usage).toBeNull();
		const chunks = plain.frames as { choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[] }[];
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		const last = chunks.at(-1)!;
		expect(last.choices[0].finish_reason).toBe('stop');
		expect(last.choices[0].delta.content ?? '').toBe('');
		const withUsage = await readSse(await post(hello(`${key}/mock-echo`, { stream: true, stream_options: { include_usage: true } })));
		const u = assemble(withUsage.frames);
		expect(u.usage?.prompt_tokens).toBeGreaterThan(0);
		expect((withUsage.frames.at(-1) as { choices: unknown[] }).choices).toEqual([]);
	});

	it('streams parallel tool calls with stable indexes and complete JSON arguments', async () => {
		const tools = [
			{ type: 'function', function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
			{ type: 'function', function: { name: 'get_time', description: 'time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } }
		];
		const s = await readSse(await post({ ...hello(`${key}/mock-tools`), tools, stream: true }));
		const a = assemble(s.frames);
		expect(a.finish).toBe('tool_calls');
		expect(a.toolCalls.map((t) => t.index)).toEqual([0, 1]);
		for (const t of a.toolCalls) {
			expect(t.id).toBeTruthy();
			expect(t.name).toBeTruthy();
			expect(() => JSON.parse(t.arguments)).not.toThrow();
		}
		const n = await (await post({ ...hello(`${key}/mock-tools`), tools })).json();
		expect(n.choices[0].finish_reason).toBe('tool_calls');
		expect(n.choices[0].message.tool_calls).toHaveLength(2);
		for (const t of n.choices[0].message.tool_calls) expect(typeof JSON.parse(t.function.arguments)).toBe('object');
	});

	it('keeps the upstream status for 429 with retry-after, and maps 5xx to a gateway error', async () => {
		const r429 = await post(hello(`${key}/mock-error-429`));
		expect(r429.status).toBe(429);
		expect(r429.headers.get('retry-after')).toBe('7');
		expect((await r429.json()).error.message).toBeTruthy();
		const r500 = await post(hello(`${key}/mock-error-500`));
		expect(r500.status).toBe(502);
		expect((await r500.json()).error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
		const r400 = await post(hello(`${key}/mock-error-400`));
		expect(r400.status).toBe(400);
	});

	it('ends a cut stream with an SSE error frame and [DONE], never silently', async () => {
		const s = await readSse(await post(hello(`${key}/mock-cut`, { stream: true })));
		expect(s.done).toBe(true);
		const last = s.frames.at(-1) as { error?: { message: string } };
		expect(last.error?.message).toBeTruthy();
	});

	it('reports cached prompt tokens in usage', async () => {
		const body = await (await post(hello(`${key}/mock-usage-cached`))).json();
		expect(body.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
		expect(body.usage.prompt_tokens).toBeGreaterThanOrEqual(body.usage.prompt_tokens_details.cached_tokens);
	});
});

describe('upstream failures', () => {
	it('answers 502 when the provider refuses connections', async () => {
		const r = await post(hello('dead/x'));
		expect(r.status).toBe(502);
		expect((await r.json()).error.code).toBe('upstream_unreachable');
	});

	it('answers 504 when the first byte does not arrive in time', async () => {
		const r = await post(hello('impatient/mock-slow-2000'));
		expect(r.status).toBe(504);
		expect((await r.json()).error.type).toBe('timeout_error');
	});

	it('ends a stream that goes idle with an SSE timeout error frame', async () => {
		const t0 = Date.now();
		const s = await readSse(await post(hello('impatient/mock-stall', { stream: true })));
		expect(Date.now() - t0).toBeLessThan(5000);
		expect(s.done).toBe(true);
		expect((s.frames.at(-1) as { error?: { type: string } }).error?.type).toBe('timeout_error');
	});

	it('never forwards the caller token upstream and writes usage rows for successes and errors', async () => {
		mock.reset();
		const ok = await post(hello('oa/mock-echo'));
		const rid = ok.headers.get('x-request-id');
		await post(hello('oa/mock-error-429'));
		const seen = mock.requests.map((r) => r.headers.authorization);
		expect(seen.every((h) => h === 'Bearer mock-key')).toBe(true);
		const rows = await usageRows();
		const mine = rows.find((r) => r.request_id === rid);
		expect(mine).toMatchObject({ provider: 'oa', model: 'mock-echo', status: 200 });
		expect(rows.some((r) => r.status === 429 && r.error)).toBe(true);
	});
});

describe('routes with failover', () => {
	it('fails over to the next target on a 5xx before the first byte and answers as the route', async () => {
		mock.reset();
		const r = await post(hello('oa/smart'));
		expect(r.status).toBe(200);
		expect(r.headers.get('x-at-route-target')).toBe('an/mock-echo');
		const body = await r.json();
		expect(body.model).toBe('oa/smart');
		expect(body.choices[0].message.content).toBe('echo: hello there');
		expect(mock.requests.map((q) => (q.body as { model: string }).model)).toEqual(['mock-error-503', 'mock-echo']);
		const rid = r.headers.get('x-request-id');
		const rows = (await usageRows()).filter((u) => u.request_id === rid);
		expect(rows.map((u) => u.status).sort()).toEqual([200, 503]);
		const streamed = assemble((await readSse(await post(hello('oa/smart', { stream: true })))).frames);
		expect(streamed.text).toBe('echo: hello there');
	});

	it('returns a 4xx other than 429 at once, and the last error when every target fails', async () => {
		mock.reset();
		const strict = await post(hello('oa/strict'));
		expect(strict.status).toBe(400);
		expect(mock.requests).toHaveLength(1);
		const broken = await post(hello('oa/broken'));
		expect(broken.status).toBe(502);
		expect(mock.requests).toHaveLength(3);
	});

	it('lists routes as models', async () => {
		const ids = (await (await fetch(`${at.url}/gateway/v1/models`, { headers: auth() })).json()).data.map((m: { id: string }) => m.id);
		expect(ids).toEqual(expect.arrayContaining(['oa/smart', 'oa/strict', 'oa/broken']));
	});
});

describe('client disconnects', () => {
	it('aborts the upstream within 100 ms of a client disconnect and still writes a usage row', async () => {
		for (const key of ['oa', 'an', 'ge']) {
			mock.reset();
			const controller = new AbortController();
			const res = await post(hello(`${key}/mock-stall`, { stream: true }), 'sk-test');
			const rid = res.headers.get('x-request-id');
			const reader = res.body!.getReader();
			await reader.read();
			await new Promise((r) => setTimeout(r, 50));
			const cutAt = Date.now();
			await reader.cancel();
			controller.abort();
			for (let i = 0; i < 50 && mock.disconnects.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
			expect(mock.disconnects.length, key).toBe(1);
			expect(mock.disconnects[0].at - cutAt, key).toBeLessThan(100);
			const row = (await usageRows()).find((u) => u.request_id === rid);
			expect(row?.status, key).toBe(499);
		}
	});
});

describe('models, embeddings, passthrough', () => {
	it('lists models sorted and filtered by the token scope', async () => {
		const all = await (await fetch(`${at.url}/gateway/v1/models`, { headers: auth() })).json();
		expect(all.object).toBe('list');
		const ids = all.data.map((m: { id: string }) => m.id);
		expect(ids).toContain('listed/mock-echo');
		expect([...ids].sort()).toEqual(ids);
		const scoped = await (await fetch(`${at.url}/gateway/v1/models`, { headers: auth('sk-scoped') })).json();
		expect(scoped.data.map((m: { id: string }) => m.id)).toEqual([]);
		const one = await fetch(`${at.url}/gateway/v1/models/listed/mock-echo`, { headers: auth() });
		expect(await one.json()).toMatchObject({ id: 'listed/mock-echo', object: 'model', owned_by: 'listed' });
		const anth = await (await fetch(`${at.url}/gateway/v1/models`, { headers: { ...auth(), 'anthropic-version': '2023-06-01' } })).json();
		expect(anth.data[0]).toMatchObject({ type: 'model', id: 'listed/mock-echo' });
	});

	it('embeds through openai and gemini providers', async () => {
		for (const model of ['oa/text-embedding-3-small', 'ge/text-embedding-004']) {
			const r = await post({ model, input: ['a', 'b'] }, 'sk-test', '/gateway/v1/embeddings');
			expect(r.status).toBe(200);
			const body = await r.json();
			expect(body.object).toBe('list');
			expect(body.data).toHaveLength(2);
			expect(body.data[1].index).toBe(1);
			expect(Array.isArray(body.data[0].embedding)).toBe(true);
		}
	});

	it('passes native requests through with the provider credentials and records usage', async () => {
		mock.reset();
		const r = await fetch(`${at.url}/gateway/v1/providers/an/v1/messages`, {
			method: 'POST',
			headers: { 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'mock-echo', max_tokens: 20, messages: [{ role: 'user', content: 'native hi' }] })
		});
		expect(r.status).toBe(200);
		const body = await r.json();
		expect(body.type).toBe('message');
		const upstream = mock.requests.at(-1)!;
		expect(upstream.headers['x-api-key']).toBe('mock-key');
		const rid = r.headers.get('x-request-id');
		expect((await usageRows()).find((u) => u.request_id === rid)?.prompt_tokens).toBeGreaterThan(0);
		const proxied = await fetch(`${at.url}/gateway/proxy/oa/models`, { headers: auth() });
		expect(proxied.status).toBe(200);
		expect(mock.requests.at(-1)!.headers.authorization).toBe('Bearer mock-key');
		const denied = await fetch(`${at.url}/gateway/v1/providers/oa/models`, { headers: auth('sk-scoped') });
		expect(denied.status).toBe(403);
	});
});
