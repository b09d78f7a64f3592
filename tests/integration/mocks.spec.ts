import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI, type FunctionCall } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	ANTHROPIC_SIGNATURE,
	CACHE_CREATION_TOKENS,
	CACHED_TOKENS,
	GEMINI_CALL_SIGNATURE,
	PRE_TOOL_TEXT,
	STALL_TEXT,
	THINKING,
	TOOL_ARGS,
	startMockUpstream,
	type MockUpstream
} from '../mocks/upstream.mjs';

// The mock upstream is only evidence if the providers' own SDKs accept what it sends, so every
// test here drives it with the official client directly (no gateway).
let mock: MockUpstream;
let openai: OpenAI;
let anthropic: Anthropic;
let gemini: GoogleGenAI;

beforeAll(async () => {
	mock = await startMockUpstream();
	openai = new OpenAI({ apiKey: 'mock-key', baseURL: `${mock.url}/v1`, maxRetries: 0 });
	anthropic = new Anthropic({ apiKey: 'mock-key', baseURL: mock.url, maxRetries: 0 });
	gemini = new GoogleGenAI({ apiKey: 'mock-key', httpOptions: { baseUrl: mock.url } });
});
afterAll(() => mock?.close());
beforeEach(() => mock.reset());

const user = (content: string) => [{ role: 'user' as const, content }];
const openaiTools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
	{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
	{ type: 'function', function: { name: 'clock', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } }
];
const anthropicTools: Anthropic.Tool[] = [
	{ name: 'weather', input_schema: { type: 'object' } },
	{ name: 'clock', input_schema: { type: 'object' } }
];
const geminiTools = [{ functionDeclarations: [{ name: 'weather' }, { name: 'clock' }] }];

async function waitFor(check: () => boolean, ms = 1000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 5));
	}
}

describe('openai SDK against the mock', () => {
	it('non-stream echo with usage, rate-limit headers and the request recorded', async () => {
		const { data, response } = await openai.chat.completions.create({ model: 'mock-echo', messages: user('hello mock') }).withResponse();
		expect(data.object).toBe('chat.completion');
		expect(data.choices[0].message).toMatchObject({ role: 'assistant', content: 'echo: hello mock' });
		expect(data.choices[0].finish_reason).toBe('stop');
		expect(data.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 });
		expect(response.headers.get('x-ratelimit-limit-requests')).toBe('1000');
		expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('999');
		expect(mock.requests).toHaveLength(1);
		expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'mock-echo' } });
		expect(mock.requests[0].headers.authorization).toBe('Bearer mock-key');
	});

	it('streams the echo word by word and sends the usage chunk only with include_usage', async () => {
		const deltas: string[] = [];
		let usageChunks = 0;
		const stream = await openai.chat.completions.create({ model: 'mock-echo', messages: user('one two three'), stream: true, stream_options: { include_usage: true } });
		let last: OpenAI.Chat.Completions.ChatCompletionChunk | undefined;
		for await (const chunk of stream) {
			const d = chunk.choices[0]?.delta.content;
			if (d) deltas.push(d);
			if (chunk.usage) usageChunks++;
			last = chunk;
		}
		expect(deltas).toEqual(['echo: ', 'one ', 'two ', 'three']);
		expect(usageChunks).toBe(1);
		expect(last?.choices).toEqual([]);
		expect(last?.usage).toMatchObject({ prompt_tokens: 23, completion_tokens: 5 });

		let withoutUsage = 0;
		for await (const chunk of await openai.chat.completions.create({ model: 'mock-echo', messages: user('x'), stream: true })) if (chunk.usage) withoutUsage++;
		expect(withoutUsage).toBe(0);
	});

	it('assembles two parallel streamed tool calls with complete JSON arguments', async () => {
		const runner = openai.chat.completions.stream({ model: 'mock-tools', messages: user('weather and time'), tools: openaiTools });
		let fragments = 0;
		runner.on('chunk', (c) => {
			for (const t of c.choices[0]?.delta.tool_calls ?? []) if (t.function?.arguments) fragments++;
		});
		const final = await runner.finalChatCompletion();
		const calls = final.choices[0].message.tool_calls ?? [];
		expect(fragments).toBe(6);
		expect(final.choices[0].finish_reason).toBe('tool_calls');
		expect(calls.map((c) => c.type === 'function' && c.function.name)).toEqual(['weather', 'clock']);
		expect(calls.map((c) => c.type === 'function' && JSON.parse(c.function.arguments))).toEqual(TOOL_ARGS);
		expect(new Set(calls.map((c) => c.id)).size).toBe(2);
	});

	it('non-stream tool calls, and a text answer once the tool results are in', async () => {
		const r = await openai.chat.completions.create({ model: 'mock-tools', messages: user('go'), tools: openaiTools });
		const calls = r.choices[0].message.tool_calls ?? [];
		expect(calls).toHaveLength(2);
		const next = await openai.chat.completions.create({
			model: 'mock-tools',
			tools: openaiTools,
			messages: [
				...user('go'),
				{ role: 'assistant', content: null, tool_calls: calls },
				{ role: 'tool', tool_call_id: calls[0].id, content: 'sunny' },
				{ role: 'tool', tool_call_id: calls[1].id, content: 'noon' }
			]
		});
		expect(next.choices[0].message.content).toBe('tool results: sunny noon');
		expect(next.choices[0].message.tool_calls).toBeUndefined();
	});

	it('text and a tool call in the same chunk', async () => {
		const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
		for await (const c of await openai.chat.completions.create({ model: 'mock-text-and-tool', messages: user('x'), tools: openaiTools, stream: true })) chunks.push(c);
		const both = chunks.find((c) => c.choices[0]?.delta.content && c.choices[0]?.delta.tool_calls);
		expect(both?.choices[0].delta.content).toBe(PRE_TOOL_TEXT);
		expect(both?.choices[0].delta.tool_calls?.[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'weather' } });
		const final = await openai.chat.completions.stream({ model: 'mock-text-and-tool', messages: user('x'), tools: openaiTools }).finalChatCompletion();
		expect(final.choices[0].message.content).toBe(PRE_TOOL_TEXT);
		const call = final.choices[0].message.tool_calls?.[0];
		expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(TOOL_ARGS[0]);
	});

	it('reasoning deltas, cached-token usage and embeddings (base64 as the SDK asks, and floats)', async () => {
		let reasoning = '';
		for await (const c of await openai.chat.completions.create({ model: 'mock-think', messages: user('x'), stream: true })) {
			const d = c.choices[0]?.delta as { reasoning_content?: string } | undefined;
			reasoning += d?.reasoning_content ?? '';
		}
		expect(reasoning).toBe(THINKING);
		const cached = await openai.chat.completions.create({ model: 'mock-usage-cached', messages: user('x') });
		expect(cached.usage?.prompt_tokens_details?.cached_tokens).toBe(CACHED_TOKENS);
		const e = await openai.embeddings.create({ model: 'mock-embed', input: ['a', 'bb'] });
		expect(mock.requests.at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
		expect(e.data.map((d) => d.index)).toEqual([0, 1]);
		expect(e.data[0].embedding).toHaveLength(8);
		expect(e.data[0].embedding[1]).toBeCloseTo(0.2, 5);
		const floats = await openai.embeddings.create({ model: 'mock-embed', input: 'a', encoding_format: 'float' });
		expect(floats.data[0].embedding.slice(0, 3)).toEqual([0.1, 0.2, 0.3]);
	});

	it('lists models', async () => {
		const ids: string[] = [];
		for await (const m of openai.models.list()) ids.push(m.id);
		expect(ids).toContain('mock-echo');
		expect((await openai.models.retrieve('mock-tools')).id).toBe('mock-tools');
		expect(await openai.models.retrieve('nope').catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
	});

	it('error statuses surface as typed errors with the provider body and headers', async () => {
		const rl = await openai.chat.completions.create({ model: 'mock-error-429', messages: user('x') }).catch((e: unknown) => e);
		expect(rl).toBeInstanceOf(OpenAI.RateLimitError);
		const err = rl as InstanceType<typeof OpenAI.RateLimitError>;
		expect(err.status).toBe(429);
		expect(err.headers.get('retry-after')).toBe('7');
		expect(err.headers.get('x-ratelimit-remaining-requests')).toBe('0');
		expect(err.code).toBe('rate_limit_exceeded');
		expect(await openai.chat.completions.create({ model: 'mock-error-500', messages: user('x'), stream: true }).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.InternalServerError);
		expect(await openai.chat.completions.create({ model: 'mock-error-400', messages: user('x') }).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.BadRequestError);
		const wrongKey = new OpenAI({ apiKey: 'wrong', baseURL: `${mock.url}/v1`, maxRetries: 0 });
		const auth = await wrongKey.chat.completions.create({ model: 'mock-echo', messages: user('x') }).catch((e: unknown) => e);
		expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
		expect((auth as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
	});

	it('mock-slow waits before the first byte', async () => {
		const t0 = Date.now();
		await openai.chat.completions.create({ model: 'mock-slow-150', messages: user('x') });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('mock-cut ends the stream with a connection error after some content', async () => {
		const seen: string[] = [];
		const failure = await (async () => {
			for await (const c of await openai.chat.completions.create({ model: 'mock-cut', messages: user('a b c d'), stream: true })) seen.push(c.choices[0]?.delta.content ?? '');
		})().catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(Error);
		expect(seen.join('')).toBe('echo: a ');
		expect(mock.disconnects).toEqual([]);
	});
});

describe('mock-stall records the client disconnect', () => {
	it('openai: one chunk, then silence until the client aborts; the disconnect time is recorded', async () => {
		const controller = new AbortController();
		const stream = await openai.chat.completions.create({ model: 'mock-stall', messages: user('x'), stream: true }, { signal: controller.signal });
		const it = stream[Symbol.asyncIterator]();
		await it.next(); // role
		expect((await it.next()).value?.choices[0].delta.content).toBe(STALL_TEXT);
		const pending = it.next();
		const quiet = await Promise.race([pending.then(() => 'chunk'), new Promise((r) => setTimeout(() => r('quiet'), 100))]);
		expect(quiet).toBe('quiet');
		expect(mock.disconnects).toEqual([]);
		const abortAt = Date.now();
		controller.abort();
		await pending.catch(() => undefined);
		const d = await mock.waitForDisconnect(1000);
		expect(d).toMatchObject({ path: '/v1/chat/completions', model: 'mock-stall' });
		// The mock notices the abort at once; the bound only leaves room for a loaded test machine.
		expect(d.at - abortAt).toBeLessThan(500);
		expect(d.at).toBeGreaterThanOrEqual(abortAt);
	});

	it('anthropic and gemini streams report the disconnect the same way', async () => {
		const a = anthropic.messages.stream({ model: 'mock-stall', max_tokens: 10, messages: user('x') });
		let text = '';
		a.on('text', (t) => (text += t));
		const settled = a.finalMessage().catch((e: unknown) => e);
		await waitFor(() => text === STALL_TEXT);
		a.abort();
		expect(await settled).toBeInstanceOf(Anthropic.APIUserAbortError);
		expect(await mock.waitForDisconnect(1000)).toMatchObject({ path: '/v1/messages', model: 'mock-stall' });

		mock.reset();
		const controller = new AbortController();
		const g = await gemini.models.generateContentStream({ model: 'mock-stall', contents: 'x', config: { abortSignal: controller.signal } });
		const first = await g.next();
		expect(first.value?.text).toBe(STALL_TEXT);
		controller.abort();
		expect(await mock.waitForDisconnect(1000)).toMatchObject({ path: '/v1beta/models/mock-stall:streamGenerateContent', model: 'mock-stall' });
	});

	it('waitForDisconnect rejects when nobody disconnects', async () => {
		await expect(mock.waitForDisconnect(30)).rejects.toThrow(/no client disconnect/);
	});
});

describe('anthropic SDK against the mock', () => {
	it('messages.create with usage; cached tokens', async () => {
		const r = await anthropic.messages.create({ model: 'mock-echo', max_tokens: 50, messages: user('hello anthropic') });
		expect(r.content).toEqual([{ type: 'text', text: 'echo: hello anthropic' }]);
		expect(r.stop_reason).toBe('end_turn');
		expect(r.usage.input_tokens).toBe(25);
		const c = await anthropic.messages.create({ model: 'mock-usage-cached', max_tokens: 50, messages: user('x') });
		expect(c.usage).toMatchObject({ cache_read_input_tokens: CACHED_TOKENS, cache_creation_input_tokens: CACHE_CREATION_TOKENS });
		// This SDK version authenticates with a bearer token; x-api-key (what the gateway sends) is tested below.
		expect(mock.requests[0].headers.authorization).toBe('Bearer mock-key');
		expect(mock.requests[0].headers['anthropic-version']).toBeDefined();
	});

	it('streams the exact event sequence and assembles tool_use input from input_json_delta fragments', async () => {
		const stream = anthropic.messages.stream({ model: 'mock-tools', max_tokens: 50, messages: user('x'), tools: anthropicTools });
		const events: string[] = [];
		stream.on('streamEvent', (e) => events.push(e.type === 'content_block_delta' ? `delta:${e.delta.type}` : e.type));
		const final = await stream.finalMessage();
		expect(events).toEqual([
			'message_start',
			'content_block_start',
			'delta:input_json_delta',
			'delta:input_json_delta',
			'delta:input_json_delta',
			'content_block_stop',
			'content_block_start',
			'delta:input_json_delta',
			'delta:input_json_delta',
			'delta:input_json_delta',
			'content_block_stop',
			'message_delta',
			'message_stop'
		]);
		const uses = final.content.filter((b) => b.type === 'tool_use');
		expect(uses.map((b) => b.type === 'tool_use' && [b.name, b.input])).toEqual([
			['weather', TOOL_ARGS[0]],
			['clock', TOOL_ARGS[1]]
		]);
		expect(final.stop_reason).toBe('tool_use');
		expect(final.usage.output_tokens).toBe(5);
	});

	it('tool results turn into a text answer; text and a tool_use in one message', async () => {
		const first = await anthropic.messages.create({ model: 'mock-tools', max_tokens: 50, messages: user('x'), tools: anthropicTools });
		const ids = first.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
		const next = await anthropic.messages.create({
			model: 'mock-tools',
			max_tokens: 50,
			tools: anthropicTools,
			messages: [
				...user('x'),
				{ role: 'assistant', content: first.content },
				{ role: 'user', content: ids.map((id, i) => ({ type: 'tool_result' as const, tool_use_id: id, content: i ? 'noon' : 'sunny' })) }
			]
		});
		expect(next.content).toEqual([{ type: 'text', text: 'tool results: sunny noon' }]);
		const mixed = await anthropic.messages.stream({ model: 'mock-text-and-tool', max_tokens: 50, messages: user('x'), tools: anthropicTools }).finalMessage();
		expect(mixed.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
		expect(mixed.content[0].type === 'text' && mixed.content[0].text).toBe(PRE_TOOL_TEXT);
	});

	it('thinking with signature, streamed and not', async () => {
		const stream = anthropic.messages.stream({ model: 'mock-think', max_tokens: 50, messages: user('deep'), thinking: { type: 'enabled', budget_tokens: 1024 } });
		let thinking = '';
		let signature = '';
		stream.on('thinking', (delta) => (thinking += delta));
		stream.on('signature', (s) => (signature = s));
		const final = await stream.finalMessage();
		expect(thinking).toBe(THINKING);
		expect(signature).toBe(ANTHROPIC_SIGNATURE);
		expect(final.content[0]).toEqual({ type: 'thinking', thinking: THINKING, signature: ANTHROPIC_SIGNATURE });
		expect(final.content[1]).toMatchObject({ type: 'text', text: 'echo: deep' });
		const plain = await anthropic.messages.create({ model: 'mock-think', max_tokens: 50, messages: user('deep') });
		expect(plain.content[0]).toEqual({ type: 'thinking', thinking: THINKING, signature: ANTHROPIC_SIGNATURE });
	});

	it('pages through models with has_more / last_id / after_id', async () => {
		const first = await anthropic.models.list({ limit: 2 });
		expect(first.data.map((m) => m.id)).toEqual(['claude-mock-1', 'claude-mock-2']);
		expect(first.has_more).toBe(true);
		expect(first.last_id).toBe('claude-mock-2');
		const ids: string[] = [];
		for await (const m of anthropic.models.list({ limit: 1 })) ids.push(m.id);
		expect(ids).toEqual(['claude-mock-1', 'claude-mock-2', 'claude-mock-3']);
		expect(mock.requests.some((r) => r.path.includes('after_id=claude-mock-2'))).toBe(true);
	});

	it('errors are typed, with the Anthropic error body', async () => {
		const rl = await anthropic.messages.create({ model: 'mock-error-429', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e);
		expect(rl).toBeInstanceOf(Anthropic.RateLimitError);
		const err = rl as InstanceType<typeof Anthropic.RateLimitError>;
		expect(err.headers?.get('retry-after')).toBe('7');
		expect(err.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
		expect(await anthropic.messages.create({ model: 'mock-error-529', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e)).toBeInstanceOf(Anthropic.InternalServerError);
		const wrong = new Anthropic({ apiKey: 'wrong', baseURL: mock.url, maxRetries: 0 });
		const auth = await wrong.messages.create({ model: 'mock-echo', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e);
		expect(auth).toBeInstanceOf(Anthropic.AuthenticationError);
		expect(await wrong.models.list().catch((e: unknown) => e)).toBeInstanceOf(Anthropic.AuthenticationError);
	});

	it('mock-cut breaks the stream mid-message', async () => {
		let text = '';
		const stream = anthropic.messages.stream({ model: 'mock-cut', max_tokens: 50, messages: user('a b c') });
		stream.on('text', (t) => (text += t));
		expect(await stream.finalMessage().catch((e: unknown) => e)).toBeInstanceOf(Error);
		expect(text).toBe('echo: a ');
	});
});

describe('google genai SDK against the mock', () => {
	it('generateContent with usage; cached tokens; the key in x-goog-api-key', async () => {
		const r = await gemini.models.generateContent({ model: 'mock-echo', contents: 'hello gemini' });
		expect(r.text).toBe('echo: hello gemini');
		expect(r.candidates?.[0].finishReason).toBe('STOP');
		expect(r.usageMetadata).toMatchObject({ promptTokenCount: 22, candidatesTokenCount: 5 });
		expect(mock.requests[0].headers['x-goog-api-key']).toBe('mock-key');
		expect(mock.requests[0].path).toBe('/v1beta/models/mock-echo:generateContent');
		const c = await gemini.models.generateContent({ model: 'mock-usage-cached', contents: 'x' });
		expect(c.usageMetadata?.cachedContentTokenCount).toBe(CACHED_TOKENS);
	});

	it('streams text in several chunks over SSE', async () => {
		const parts: string[] = [];
		for await (const chunk of await gemini.models.generateContentStream({ model: 'mock-echo', contents: 'streamed gemini' })) parts.push(chunk.text ?? '');
		expect(parts).toEqual(['echo: ', 'streamed ', 'gemini']);
		expect(mock.requests[0].path).toBe('/v1beta/models/mock-echo:streamGenerateContent?alt=sse');
	});

	it('two functionCall parts, streamed and not, with the thought signature on the first', async () => {
		let calls: FunctionCall[] = [];
		for await (const chunk of await gemini.models.generateContentStream({ model: 'mock-tools', contents: 'x', config: { tools: geminiTools } })) calls = calls.concat(chunk.functionCalls ?? []);
		expect(calls).toEqual([
			{ name: 'weather', args: TOOL_ARGS[0] },
			{ name: 'clock', args: TOOL_ARGS[1] }
		]);
		const r = await gemini.models.generateContent({ model: 'mock-tools', contents: 'x', config: { tools: geminiTools } });
		expect(r.functionCalls?.map((c) => c.name)).toEqual(['weather', 'clock']);
		expect(r.candidates?.[0].content?.parts?.[0].thoughtSignature).toBe(GEMINI_CALL_SIGNATURE);
		const after = await gemini.models.generateContent({
			model: 'mock-tools',
			config: { tools: geminiTools },
			contents: [
				{ role: 'user', parts: [{ text: 'x' }] },
				{ role: 'model', parts: r.candidates?.[0].content?.parts ?? [] },
				{ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { sky: 'sunny' } } }] }
			]
		});
		expect(after.text).toBe('tool results: {"sky":"sunny"}');
	});

	it('text and a functionCall in the same chunk; thought parts', async () => {
		const chunks = [];
		for await (const chunk of await gemini.models.generateContentStream({ model: 'mock-text-and-tool', contents: 'x', config: { tools: geminiTools } })) chunks.push(chunk);
		expect(chunks).toHaveLength(1);
		expect(chunks[0].candidates?.[0].content?.parts?.map((p) => (p.text ? 'text' : p.functionCall ? 'call' : '?'))).toEqual(['text', 'call']);
		const think = await gemini.models.generateContent({ model: 'mock-think', contents: 'x', config: { thinkingConfig: { includeThoughts: true } } });
		const parts = think.candidates?.[0].content?.parts ?? [];
		expect(parts[0]).toEqual({ text: THINKING, thought: true });
		expect(parts[1].thoughtSignature).toBeTruthy();
		expect(think.usageMetadata?.thoughtsTokenCount).toBe(3);
	});

	it('batch embeddings, model list and typed errors', async () => {
		const e = await gemini.models.embedContent({ model: 'embedding-mock', contents: ['a', 'bb'] });
		expect(e.embeddings?.map((x) => x.values?.length)).toEqual([8, 8]);
		expect(mock.requests[0].path).toBe('/v1beta/models/embedding-mock:batchEmbedContents');
		const names: string[] = [];
		for await (const m of await gemini.models.list({ config: { pageSize: 2 } })) names.push(m.name ?? '');
		expect(names).toEqual(['models/gemini-mock', 'models/gemini-mock-think', 'models/embedding-mock']);
		const rl = await gemini.models.generateContent({ model: 'mock-error-429', contents: 'x' }).catch((err: unknown) => err);
		expect(rl).toBeInstanceOf(ApiError);
		expect((rl as ApiError).status).toBe(429);
		expect((rl as ApiError).message).toContain('RESOURCE_EXHAUSTED');
		const wrong = new GoogleGenAI({ apiKey: 'wrong', httpOptions: { baseUrl: mock.url } });
		expect(((await wrong.models.generateContent({ model: 'mock-echo', contents: 'x' }).catch((err: unknown) => err)) as ApiError).status).toBe(401);
	});

	it('mock-cut breaks the stream after a couple of chunks', async () => {
		const seen: string[] = [];
		const failure = await (async () => {
			for await (const chunk of await gemini.models.generateContentStream({ model: 'mock-cut', contents: 'a b c d' })) seen.push(chunk.text ?? '');
		})().catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(Error);
		expect(seen).toEqual(['echo: ', 'a ']);
	});
});

describe('raw HTTP details the SDKs do not exercise', () => {
	const post = (path: string, headers: Record<string, string>, body: unknown) =>
		fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

	it('anthropic x-api-key auth and its 401 body; /v1/models answers by anthropic-version', async () => {
		const ok = await post('/v1/messages', { 'x-api-key': 'mock-key', 'anthropic-version': '2023-06-01' }, { model: 'mock-echo', max_tokens: 5, messages: user('k') });
		expect((await ok.json()).content[0].text).toBe('echo: k');
		const bad = await post('/v1/messages', { 'x-api-key': 'nope', 'anthropic-version': '2023-06-01' }, { model: 'mock-echo', max_tokens: 5, messages: user('k') });
		expect(bad.status).toBe(401);
		expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
		const listA = await (await fetch(`${mock.url}/v1/models`, { headers: { 'x-api-key': 'mock-key', 'anthropic-version': '2023-06-01' } })).json();
		expect(listA).toMatchObject({ has_more: false, first_id: 'claude-mock-1', last_id: 'claude-mock-3' });
		const listO = await (await fetch(`${mock.url}/v1/models`, { headers: { authorization: 'Bearer mock-key' } })).json();
		expect(listO.object).toBe('list');
	});

	it('gemini ?key= auth, a JSON-array stream without alt=sse, and the 429 RetryInfo', async () => {
		const r = await post('/v1beta/models/mock-echo:streamGenerateContent?key=mock-key', {}, { contents: [{ role: 'user', parts: [{ text: 'a b' }] }] });
		const chunks = await r.json();
		expect(chunks.map((c: { candidates: { content: { parts: { text: string }[] } }[] }) => c.candidates[0].content.parts[0].text)).toEqual(['echo: ', 'a ', 'b']);
		const e = await post('/v1beta/models/mock-error-429:generateContent', { 'x-goog-api-key': 'mock-key' }, { contents: [] });
		expect(e.status).toBe(429);
		expect(e.headers.get('retry-after')).toBe('7');
		expect(await e.json()).toEqual({
			error: { code: 429, message: 'mock upstream error 429', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }] }
		});
		const nokey = await post('/v1beta/models/mock-echo:generateContent', {}, { contents: [] });
		expect(nokey.status).toBe(401);
		expect((await nokey.json()).error.status).toBe('UNAUTHENTICATED');
	});

	it('a body that is not JSON is a 400 in the provider format; unknown routes are 404', async () => {
		const bad = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer mock-key' }, body: 'not json' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.type).toBe('invalid_request_error');
		expect(mock.requests.at(-1)?.body).toBe('not json');
		const missing = await fetch(`${mock.url}/v1/nothing`, { headers: { authorization: 'Bearer mock-key' } });
		expect(missing.status).toBe(404);
	});
});

describe('options', () => {
	it('delayMs, a custom key and record: false', async () => {
		const other = await startMockUpstream({ delayMs: 60, apiKey: 'other-key', record: false });
		try {
			const client = new OpenAI({ apiKey: 'other-key', baseURL: `${other.url}/v1`, maxRetries: 0 });
			const t0 = Date.now();
			const r = await client.chat.completions.create({ model: 'mock-echo', messages: user('late') });
			expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
			expect(r.choices[0].message.content).toBe('echo: late');
			expect(other.requests).toEqual([]);
			const bad = new OpenAI({ apiKey: 'mock-key', baseURL: `${other.url}/v1`, maxRetries: 0 });
			expect(await bad.models.list().catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
		} finally {
			await other.close();
		}
	});
});
