import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { startAt, type AtServer } from '../helpers/server';
import { readSse } from '../helpers/sse';

let mock: MockUpstream;
let at: AtServer;
const ADMIN = { authorization: 'Bearer playground-admin', 'content-type': 'application/json' };
const GATEWAY = { authorization: 'Bearer sk-pg', 'content-type': 'application/json' };

beforeAll(async () => {
	mock = await startMockUpstream();
	at = await startAt({
		config: {
			server: { admin_token: 'playground-admin' },
			providers: { oa: { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions` } },
			gateway: { auth_tokens: [{ token: 'sk-pg', name: 'pg' }] }
		}
	});
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

const body = (model: string, extra: Record<string, unknown> = {}) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }], ...extra });
const usageOf = (frames: unknown[]) => (frames.at(-1) as { usage?: { prompt_tokens: number; completion_tokens: number; cost?: number | null } }).usage;

describe('the playground endpoint /api/v1/chat/completions', () => {
	// Fails when the playground cannot show what a reply cost (the price table is server-side).
	it('adds usage.cost from the price table to the final usage chunk, and null for an unpriced model', async () => {
		const priced = await fetch(`${at.url}/api/v1/chat/completions`, { method: 'POST', headers: ADMIN, body: body('oa/gpt-4o-mini', { stream: true, stream_options: { include_usage: true } }) });
		expect(priced.status).toBe(200);
		const { frames, done } = await readSse(priced);
		expect(done).toBe(true);
		const usage = usageOf(frames)!;
		expect(usage.prompt_tokens).toBe(10 + 'hello there'.length);
		// gpt-4o-mini seed price: $0.15 input / $0.60 output per million tokens.
		expect(usage.cost).toBeCloseTo((usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1e6, 12);

		const unpriced = await readSse(await fetch(`${at.url}/api/v1/chat/completions`, { method: 'POST', headers: ADMIN, body: body('oa/mock-echo', { stream: true, stream_options: { include_usage: true } }) }));
		expect(usageOf(unpriced.frames)).toMatchObject({ completion_tokens: 5, cost: null });

		const plain = await (await fetch(`${at.url}/api/v1/chat/completions`, { method: 'POST', headers: ADMIN, body: body('oa/gpt-4o-mini') })).json();
		expect(plain.usage.cost).toBeGreaterThan(0);
	});

	it('leaves the gateway usage object in the plain OpenAI shape', async () => {
		const { frames } = await readSse(await fetch(`${at.url}/gateway/v1/chat/completions`, { method: 'POST', headers: GATEWAY, body: body('oa/gpt-4o-mini', { stream: true, stream_options: { include_usage: true } }) }));
		expect(usageOf(frames)).not.toHaveProperty('cost');
	});

	// Fails when Stop in the playground leaves the upstream generating (and billing) in the background.
	it('aborts the upstream within 100 ms when the browser stops reading, and records a 499 chat row', async () => {
		mock.reset();
		const controller = new AbortController();
		const res = await fetch(`${at.url}/api/v1/chat/completions`, { method: 'POST', headers: ADMIN, body: body('oa/mock-stall', { stream: true }), signal: controller.signal });
		const rid = res.headers.get('x-request-id');
		const reader = res.body!.getReader();
		await reader.read();
		const cutAt = Date.now();
		controller.abort();
		const gone = await mock.waitForDisconnect(2000);
		expect(gone.at - cutAt).toBeLessThan(100);
		const recent = (await (await fetch(`${at.url}/api/v1/usage?recent=20`, { headers: ADMIN })).json()).recent as { request_id: string; status: number; source: string }[];
		expect(recent.find((r) => r.request_id === rid)).toMatchObject({ status: 499, source: 'chat' });
	});

	it('answers a bad body with 400 naming the field, like the gateway', async () => {
		const r = await fetch(`${at.url}/api/v1/chat/completions`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ model: 'oa/mock-echo', messages: 'nope' }) });
		expect(r.status).toBe(400);
		expect((await r.json()).error.param).toBe('messages');
	});
});
