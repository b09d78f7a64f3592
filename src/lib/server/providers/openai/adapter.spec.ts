import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema, embeddingsRequestSchema } from '$lib/schemas/chat';
import { fixtureContext, runGoldenFixtures } from '../goldenFixtures';
import { openaiAdapter } from './adapter';
import { apiBase, chatCompletionsUrl, siblingUrl } from './compat';

const config = { type: 'openai' as const, api_key: 'sk-test' };
runGoldenFixtures(openaiAdapter, join(import.meta.dirname, 'fixtures'), { upstreamModel: 'gpt-4.1', config });

describe('openai URLs', () => {
	it('derives chat, embeddings, models and native URLs from the configured base URL', () => {
		expect(chatCompletionsUrl('', 'https://d/v1/chat/completions')).toBe('https://d/v1/chat/completions');
		expect(chatCompletionsUrl('https://x.ai/v1/chat/completions', 'd')).toBe('https://x.ai/v1/chat/completions');
		expect(chatCompletionsUrl('https://api.deepseek.com/v1/', 'd')).toBe('https://api.deepseek.com/v1/chat/completions');
		expect(chatCompletionsUrl('https://openrouter.ai/api/v1', 'd')).toBe('https://openrouter.ai/api/v1/chat/completions');
		expect(chatCompletionsUrl('https://generativelanguage.googleapis.com/v1beta/openai', 'd')).toBe(
			'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions'
		);
		expect(chatCompletionsUrl('https://my.host/custom/endpoint', 'd')).toBe('https://my.host/custom/endpoint');
		const azure = 'https://r.openai.azure.com/openai/deployments/d1/chat/completions?api-version=2024-10-21';
		expect(siblingUrl(azure, 'embeddings')).toBe('https://r.openai.azure.com/openai/deployments/d1/embeddings?api-version=2024-10-21');
		expect(apiBase('https://api.openai.com/v1/chat/completions')).toBe('https://api.openai.com/v1');
		expect(openaiAdapter.nativeBaseUrl({ type: 'openai' })).toBe('https://api.openai.com/v1');
		expect(openaiAdapter.buildModelsRequest({ type: 'openai', api_key: 'k', extra_headers: { 'OpenAI-Organization': 'org' } })).toEqual({
			url: 'https://api.openai.com/v1/models',
			method: 'GET',
			headers: { authorization: 'Bearer k', 'OpenAI-Organization': 'org' }
		});
		expect(openaiAdapter.nativeAuthHeaders({ type: 'openai', api_key: 'k' })).toEqual({ authorization: 'Bearer k' });
	});

	it('lists model ids from {data:[{id}]}', () => {
		expect(openaiAdapter.parseModels({ object: 'list', data: [{ id: 'gpt-4.1' }, { id: 'o3' }, { nope: 1 }] })).toEqual({ ids: ['gpt-4.1', 'o3'] });
		expect(openaiAdapter.parseModels('garbage')).toEqual({ ids: [] });
	});
});

describe('openai errors', () => {
	it('keeps OpenAI error objects and wraps anything else with the status', () => {
		expect(
			openaiAdapter.parseError(400, JSON.stringify({ error: { message: 'bad', type: 'invalid_request_error', param: 'messages', code: 'x' } }))
		).toEqual({ message: 'bad', type: 'invalid_request_error', param: 'messages', code: 'x' });
		expect(openaiAdapter.parseError(502, '<html><body>Bad Gateway</body></html>')).toEqual({
			message: 'upstream returned HTTP 502: <html><body>Bad Gateway</body></html>',
			type: 'api_error',
			param: null,
			code: null
		});
		expect(openaiAdapter.parseError(429, '')).toEqual({ message: 'upstream returned HTTP 429', type: 'rate_limit_error', param: null, code: null });
	});

	it('turns a 200 response carrying an error object into a 502 error', () => {
		const ctx = fixtureContext({}, { upstreamModel: 'm' });
		expect(() => openaiAdapter.parseChatResponse({ error: { message: 'quota', type: 'insufficient_quota' } }, ctx)).toThrow('quota');
		expect(() => openaiAdapter.parseChatResponse([1], ctx)).toThrow(/not a JSON object/);
	});
});

describe('openai embeddings and native usage', () => {
	it('forwards the embeddings body with the upstream model and returns the requested model id', () => {
		const req = embeddingsRequestSchema.parse({ model: 'oa/text-embedding-3-small', input: ['a', 'b'], dimensions: 256 });
		const ctx = fixtureContext({ upstreamModel: 'text-embedding-3-small', requestedModel: 'oa/text-embedding-3-small' }, { upstreamModel: 'x' });
		const up = openaiAdapter.buildEmbeddingsRequest!(req, config, ctx);
		expect(up.url).toBe('https://api.openai.com/v1/embeddings');
		expect(JSON.parse(up.body!)).toEqual({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 256 });
		const res = openaiAdapter.parseEmbeddingsResponse!(
			{ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 2, total_tokens: 2 } },
			ctx,
			req
		);
		expect(res.model).toBe('oa/text-embedding-3-small');
	});

	it('reads usage from chat completions and from Responses API bodies', () => {
		expect(openaiAdapter.nativeUsage({ usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 4 } } })).toEqual({
			prompt_tokens: 5,
			completion_tokens: 2,
			cached_tokens: 4,
			total_tokens: 7
		});
		expect(openaiAdapter.nativeUsage({ object: 'response', usage: { input_tokens: 10, output_tokens: 3, total_tokens: 13, input_tokens_details: { cached_tokens: 8 } } })).toEqual({
			prompt_tokens: 10,
			completion_tokens: 3,
			cached_tokens: 8,
			total_tokens: 13
		});
		expect(openaiAdapter.nativeUsage({ data: [] })).toBeUndefined();
	});

	it('does not send stream=true upstream for a non-streaming call even if the client body said so', async () => {
		const req = chatRequestSchema.parse({ model: 'oa/gpt-4.1', messages: [{ role: 'user', content: 'x' }], stream: true });
		const up = await openaiAdapter.buildChatRequest(req, config, fixtureContext({}, { upstreamModel: 'gpt-4.1' }), false);
		expect(JSON.parse(up.body!).stream).toBe(false);
	});
});
