import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '$lib/schemas/chat';
import { fixtureContext, runGoldenFixtures } from '../goldenFixtures';
import { TranslationError } from '../types';
import { vertexAdapter } from './adapter';

const base = 'https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/endpoints/openapi/chat/completions';
const config = { type: 'vertex' as const, base_url: base };
runGoldenFixtures(vertexAdapter, join(import.meta.dirname, 'fixtures'), { upstreamModel: 'gemini-2.5-flash', config });

describe('vertex configuration errors', () => {
	const req = chatRequestSchema.parse({ model: 'vx/gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] });

	it('needs a base_url and an access token', async () => {
		const ctx = fixtureContext({ accessToken: 't' }, { upstreamModel: 'gemini-2.5-flash' });
		await expect(vertexAdapter.buildChatRequest(req, { type: 'vertex' }, ctx, false)).rejects.toBeInstanceOf(TranslationError);
		await expect(vertexAdapter.buildChatRequest(req, config, fixtureContext({}, { upstreamModel: 'gemini-2.5-flash' }), false)).rejects.toMatchObject({
			status: 500,
			code: 'provider_auth_unavailable'
		});
	});
});

describe('vertex discovery and passthrough', () => {
	it('lists publisher models and derives the REST origin and embeddings URL', () => {
		expect(vertexAdapter.buildModelsRequest(config, { accessToken: 't' })).toEqual({
			url: 'https://us-central1-aiplatform.googleapis.com/v1beta1/publishers/google/models?pageSize=1000',
			method: 'GET',
			headers: { authorization: 'Bearer t' }
		});
		expect(
			vertexAdapter.parseModels({ publisherModels: [{ name: 'publishers/google/models/gemini-2.5-pro' }, { name: 'bogus' }], nextPageToken: 'n' })
		).toEqual({ ids: ['google/gemini-2.5-pro'], next: 'n' });
		expect(vertexAdapter.nativeBaseUrl(config)).toBe('https://us-central1-aiplatform.googleapis.com');
		expect(vertexAdapter.nativeAuthHeaders(config, { accessToken: 't' })).toEqual({ authorization: 'Bearer t' });
		const emb = vertexAdapter.buildEmbeddingsRequest!(
			{ model: 'vx/text-embedding-005', input: 'x' },
			config,
			fixtureContext({ accessToken: 't', upstreamModel: 'text-embedding-005' }, { upstreamModel: 'x' })
		);
		expect(emb.url).toBe(base.replace('/chat/completions', '/embeddings'));
		expect(JSON.parse(emb.body!).model).toBe('google/text-embedding-005');
	});
});
