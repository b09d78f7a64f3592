import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema, embeddingsRequestSchema } from '$lib/schemas/chat';
import { fixtureContext, runGoldenFixtures } from '../goldenFixtures';
import { TranslationError } from '../types';
import { geminiAdapter } from './adapter';
import { sanitizeParameters, sanitizeSchema } from './schema';

const config = { type: 'gemini' as const, api_key: 'gm-test' };
runGoldenFixtures(geminiAdapter, join(import.meta.dirname, 'fixtures'), { upstreamModel: 'gemini-2.5-flash', config });

describe('gemini schema sanitising', () => {
	it('cuts recursive $refs to a bare object instead of looping', () => {
		const schema = {
			type: 'object',
			properties: { node: { $ref: '#/definitions/node' } },
			definitions: { node: { type: 'object', properties: { child: { $ref: '#/definitions/node' }, v: { type: 'string' } } } }
		};
		expect(sanitizeSchema(schema)).toEqual({
			type: 'object',
			properties: { node: { type: 'object', properties: { child: { type: 'object' }, v: { type: 'string' } } } }
		});
	});

	it('merges allOf, turns multi-type lists into anyOf and gives arrays items', () => {
		expect(
			sanitizeSchema({
				allOf: [
					{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
					{ properties: { b: { type: ['string', 'integer', 'null'] }, c: { type: 'array' } }, required: ['b'] }
				]
			})
		).toEqual({
			type: 'object',
			properties: {
				a: { type: 'string' },
				b: { anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true },
				c: { type: 'array', items: { type: 'string' } }
			},
			required: ['a', 'b']
		});
	});

	it('omits parameters for functions that take none', () => {
		expect(sanitizeParameters({ type: 'object', properties: {}, additionalProperties: false })).toBeUndefined();
		expect(sanitizeParameters(undefined)).toBeUndefined();
		expect(sanitizeParameters({ type: 'object', properties: { x: { type: 'number', exclusiveMinimum: 0 } } })).toEqual({
			type: 'object',
			properties: { x: { type: 'number' } }
		});
	});
});

describe('gemini request errors', () => {
	it('refuses a tool result whose call it cannot find, naming the field', async () => {
		const req = chatRequestSchema.parse({
			model: 'g/gemini-2.5-flash',
			messages: [
				{ role: 'user', content: 'x' },
				{ role: 'tool', tool_call_id: 'call_unknown', content: 'r' }
			]
		});
		await expect(geminiAdapter.buildChatRequest(req, config, fixtureContext({}, { upstreamModel: 'gemini-2.5-flash' }), false)).rejects.toMatchObject({
			name: 'TranslationError',
			param: 'messages.1.tool_call_id'
		});
	});

	it('uses the tool message name when the call is not in the history', async () => {
		const req = chatRequestSchema.parse({
			model: 'g/gemini-2.5-flash',
			messages: [
				{ role: 'user', content: 'x' },
				{ role: 'tool', tool_call_id: 'call_unknown', name: 'lookup', content: 'r' }
			]
		});
		const up = await geminiAdapter.buildChatRequest(req, config, fixtureContext({}, { upstreamModel: 'gemini-2.5-flash' }), false);
		expect(JSON.parse(up.body!).contents[0].parts[1]).toEqual({ functionResponse: { name: 'lookup', response: { output: 'r' } } });
	});

	it('falls back to fileData for remote images when no fetcher is given and turns effort none into a zero budget', async () => {
		const req = chatRequestSchema.parse({
			model: 'g/gemini-2.5-flash',
			messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a/photo.webp?x=1' } }] }],
			reasoning_effort: 'none'
		});
		const ctx = { ...fixtureContext({}, { upstreamModel: 'gemini-2.5-flash' }), fetchMedia: undefined };
		const body = JSON.parse((await geminiAdapter.buildChatRequest(req, config, ctx, false)).body!);
		expect(body.contents[0].parts[0]).toEqual({ fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/a/photo.webp?x=1' } });
		expect(body.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
	});
});

describe('gemini embeddings', () => {
	it('maps inputs to batchEmbedContents and values back to OpenAI embeddings (float and base64)', () => {
		const ctx = fixtureContext({ upstreamModel: 'gemini-embedding-001', requestedModel: 'g/gemini-embedding-001' }, { upstreamModel: 'x' });
		const req = embeddingsRequestSchema.parse({ model: 'g/gemini-embedding-001', input: ['a', 'b'], dimensions: 3 });
		const up = geminiAdapter.buildEmbeddingsRequest!(req, config, ctx);
		expect(up.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
		expect(JSON.parse(up.body!)).toEqual({
			requests: [
				{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 3 },
				{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 3 }
			]
		});
		const upstream = { embeddings: [{ values: [0.5, -1, 2] }, { values: [0, 0, 1] }] };
		expect(geminiAdapter.parseEmbeddingsResponse!(upstream, ctx, req)).toEqual({
			object: 'list',
			data: [
				{ object: 'embedding', index: 0, embedding: [0.5, -1, 2] },
				{ object: 'embedding', index: 1, embedding: [0, 0, 1] }
			],
			model: 'g/gemini-embedding-001',
			usage: { prompt_tokens: 0, total_tokens: 0 }
		});
		const b64 = geminiAdapter.parseEmbeddingsResponse!(upstream, ctx, { ...req, encoding_format: 'base64' });
		const bytes = Buffer.from(b64.data[0].embedding as string, 'base64');
		expect([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)]).toEqual([0.5, -1, 2]);
	});

	it('refuses token-array input', () => {
		const ctx = fixtureContext({}, { upstreamModel: 'gemini-embedding-001' });
		const req = embeddingsRequestSchema.parse({ model: 'g/e', input: [[1, 2]] });
		expect(() => geminiAdapter.buildEmbeddingsRequest!(req, config, ctx)).toThrow(TranslationError);
	});
});

describe('gemini models, errors and passthrough', () => {
	it('lists only generateContent models, without the models/ prefix, with paging', () => {
		expect(geminiAdapter.buildModelsRequest(config, undefined, 'tok')).toEqual({
			url: 'https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000&pageToken=tok',
			method: 'GET',
			headers: { 'x-goog-api-key': 'gm-test' }
		});
		expect(
			geminiAdapter.parseModels({
				models: [
					{ name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent'] },
					{ name: 'models/gemini-embedding-001', supportedGenerationMethods: ['embedContent'] },
					{ name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent'] }
				],
				nextPageToken: 'next'
			})
		).toEqual({ ids: ['gemini-2.5-pro', 'gemini-2.5-flash'], next: 'next' });
	});

	it('reads Google error bodies and native usage', () => {
		expect(
			geminiAdapter.parseError(
				400,
				'{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[]}}'
			)
		).toEqual({ message: 'API key not valid. Please pass a valid API key.', type: 'invalid_request_error', param: null, code: 'INVALID_ARGUMENT' });
		expect(geminiAdapter.parseError(429, '[{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}]').type).toBe('rate_limit_error');
		expect(geminiAdapter.nativeUsage({ usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15, cachedContentTokenCount: 4 } })).toEqual({
			prompt_tokens: 10,
			completion_tokens: 5,
			cached_tokens: 4,
			total_tokens: 15
		});
	});

	it('uses the configured base and the provider key for passthrough', () => {
		expect(geminiAdapter.nativeBaseUrl({ type: 'gemini' })).toBe('https://generativelanguage.googleapis.com');
		expect(geminiAdapter.nativeAuthHeaders({ type: 'gemini', api_key: 'k' })).toEqual({ 'x-goog-api-key': 'k' });
	});
});
