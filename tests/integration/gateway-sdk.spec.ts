import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { startAt, type AtServer } from '../helpers/server';

let mock: MockUpstream;
let at: AtServer;
let client: OpenAI;

beforeAll(async () => {
	mock = await startMockUpstream();
	at = await startAt({
		config: {
			providers: {
				oa: { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions` },
				an: { type: 'anthropic', api_key: 'mock-key', base_url: mock.url },
				ge: { type: 'gemini', api_key: 'mock-key', base_url: mock.url }
			},
			gateway: { auth_tokens: [{ token: 'sk-sdk', name: 'SDK' }] }
		}
	});
	client = new OpenAI({ apiKey: 'sk-sdk', baseURL: `${at.url}/gateway/v1`, maxRetries: 0 });
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
	{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
	{ type: 'function', function: { name: 'get_time', description: 'Time in a zone', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } }
];

// The official OpenAI SDK is the reference client: if it cannot read AT's answers, nobody's client can.
describe.each(['oa', 'an', 'ge'])('the openai SDK through AT to provider %s', (key) => {
	it('gets a non-streamed answer with usage', async () => {
		const r = await client.chat.completions.create({ model: `${key}/mock-echo`, messages: [{ role: 'user', content: 'sdk hello' }] });
		expect(r.choices[0].message.content).toBe('echo: sdk hello');
		expect(r.usage?.total_tokens).toBeGreaterThan(0);
	});

	it('streams text and the usage chunk when include_usage is set', async () => {
		const stream = await client.chat.completions.create({
			model: `${key}/mock-echo`,
			messages: [{ role: 'user', content: 'streamed words here' }],
			stream: true,
			stream_options: { include_usage: true }
		});
		let text = '';
		let usage: OpenAI.CompletionUsage | null | undefined;
		for await (const chunk of stream) {
			text += chunk.choices[0]?.delta?.content ?? '';
			if (chunk.usage) usage = chunk.usage;
		}
		expect(text).toBe('echo: streamed words here');
		expect(usage?.prompt_tokens).toBeGreaterThan(0);
	});

	it('assembles streamed parallel tool calls with complete JSON arguments', async () => {
		const runner = client.chat.completions.stream({ model: `${key}/mock-tools`, messages: [{ role: 'user', content: 'weather and time' }], tools });
		const final = await runner.finalChatCompletion();
		const calls = final.choices[0].message.tool_calls ?? [];
		expect(final.choices[0].finish_reason).toBe('tool_calls');
		expect(calls).toHaveLength(2);
		for (const c of calls) {
			if (c.type !== 'function') throw new Error('expected function calls');
			expect(typeof JSON.parse(c.function.arguments)).toBe('object');
		}
	});

	it('gets non-streamed parallel tool calls', async () => {
		const r = await client.chat.completions.create({ model: `${key}/mock-tools`, messages: [{ role: 'user', content: 'go' }], tools });
		expect(r.choices[0].message.tool_calls).toHaveLength(2);
	});

	it('sees upstream rate limits as RateLimitError with retry-after', async () => {
		const err = await client.chat.completions.create({ model: `${key}/mock-error-429`, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
		expect(err).toBeInstanceOf(OpenAI.RateLimitError);
		expect(err.headers.get('retry-after')).toBe('7');
	});
});
