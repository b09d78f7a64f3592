import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';

// The mock upstream is only evidence if the providers' own SDKs accept what it sends.
let mock: MockUpstream;
beforeAll(async () => {
	mock = await startMockUpstream();
});
afterAll(() => mock?.close());

describe('the official SDKs accept the mock upstream', () => {
	it('openai: text, streamed parallel tool calls', async () => {
		const client = new OpenAI({ apiKey: 'mock-key', baseURL: `${mock.url}/v1`, maxRetries: 0 });
		const r = await client.chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
		expect(r.choices[0].message.content).toBe('echo: hi');
		const final = await client.chat.completions
			.stream({ model: 'mock-tools', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'a', parameters: { type: 'object' } } }, { type: 'function', function: { name: 'b', parameters: { type: 'object' } } }] })
			.finalChatCompletion();
		expect(final.choices[0].message.tool_calls).toHaveLength(2);
	});

	it('anthropic: messages.create, a streamed message with tool_use input and thinking', async () => {
		const client = new Anthropic({ apiKey: 'mock-key', baseURL: mock.url, maxRetries: 0 });
		const r = await client.messages.create({ model: 'mock-echo', max_tokens: 50, messages: [{ role: 'user', content: 'hello anthropic' }] });
		expect(r.content[0].type === 'text' && r.content[0].text).toBe('echo: hello anthropic');
		expect(r.usage.input_tokens).toBeGreaterThan(0);
		const tools = await client.messages
			.stream({ model: 'mock-tools', max_tokens: 50, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'get_weather', input_schema: { type: 'object' } }, { name: 'get_time', input_schema: { type: 'object' } }] })
			.finalMessage();
		const uses = tools.content.filter((b) => b.type === 'tool_use');
		expect(uses).toHaveLength(2);
		expect(uses[0].type === 'tool_use' && uses[0].input).toEqual({ city: 'Paris', unit: 'celsius' });
		expect(tools.stop_reason).toBe('tool_use');
		const think = await client.messages.stream({ model: 'mock-think', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
		const block = think.content.find((b) => b.type === 'thinking');
		expect(block?.type === 'thinking' && block.signature).toBe('sig-mock-123');
		const err = await client.messages.create({ model: 'mock-error-429', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
		expect(err).toBeInstanceOf(Anthropic.RateLimitError);
	});

	it('google genai: generateContent and a streamed function call', async () => {
		const ai = new GoogleGenAI({ apiKey: 'mock-key', httpOptions: { baseUrl: mock.url } });
		const r = await ai.models.generateContent({ model: 'mock-echo', contents: 'hello gemini' });
		expect(r.text).toBe('echo: hello gemini');
		expect(r.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
		let calls: { name?: string; args?: Record<string, unknown> }[] = [];
		for await (const chunk of await ai.models.generateContentStream({
			model: 'mock-tools',
			contents: 'x',
			config: { tools: [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'get_time' }] }] }
		}))
			calls = calls.concat(chunk.functionCalls ?? []);
		expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
		expect(calls[1].args).toEqual({ tz: 'Europe/Paris' });
		let text = '';
		for await (const chunk of await ai.models.generateContentStream({ model: 'mock-echo', contents: 'streamed gemini' })) text += chunk.text ?? '';
		expect(text).toBe('echo: streamed gemini');
	});
});
