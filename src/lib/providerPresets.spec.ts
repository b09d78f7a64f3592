import { describe, expect, it } from 'vitest';
import { getAdapter } from '$lib/server/providers';
import { chatCompletionsUrl } from '$lib/server/providers/openai/compat';
import { findPreset, matchPreset, PROVIDER_PRESETS, TYPE_INFO } from './providerPresets';

const PROVIDER_KEY_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

async function chatUrlOf(p: (typeof PROVIDER_PRESETS)[number], model: string) {
	const req = await getAdapter(p.type).buildChatRequest(
		{ model: `${p.id}/${model}`, messages: [{ role: 'user', content: 'hi' }] },
		{ type: p.type, base_url: p.baseUrl, api_key: 'k' },
		{ requestedModel: `${p.id}/${model}`, upstreamModel: model, accessToken: 'tok' },
		false
	);
	return req.url;
}

describe('provider presets', () => {
	// Fails when two presets share an id (the picker would prefill the wrong one) or an id is not a valid provider key.
	it('have unique ids that are valid provider keys and known types', () => {
		const ids = PROVIDER_PRESETS.map((p) => p.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const p of PROVIDER_PRESETS) {
			expect(p.id).toMatch(PROVIDER_KEY_RE);
			expect(Object.keys(TYPE_INFO)).toContain(p.type);
		}
		expect(PROVIDER_PRESETS.map((p) => p.label)).toEqual(
			expect.arrayContaining(['OpenAI', 'Anthropic', 'Google Gemini', 'Vertex AI', 'Groq', 'DeepSeek', 'Mistral', 'Together AI', 'Ollama', 'vLLM', 'OpenRouter', 'GitHub Models', 'xAI (Grok)', 'Fireworks AI', 'Perplexity', 'LM Studio'])
		);
	});

	// Fails when an openai-type preset's URL is not the exact chat-completions URL AT posts to (AT would append or lose a path segment).
	it('give openai-type providers the full chat-completions URL, used unchanged', async () => {
		for (const p of PROVIDER_PRESETS.filter((p) => p.type === 'openai' && p.baseUrl)) {
			expect(p.baseUrl, p.id).toMatch(/\/chat\/completions$/);
			expect(chatCompletionsUrl(p.baseUrl, 'unused'), p.id).toBe(p.baseUrl);
			expect(await chatUrlOf(p, p.models[0] ?? 'm'), p.id).toBe(p.baseUrl);
			expect(getAdapter('openai').buildModelsRequest({ type: 'openai', base_url: p.baseUrl }).url, p.id).toBe(p.baseUrl.replace(/chat\/completions$/, 'models'));
		}
	});

	// Fails when a native preset's base URL makes the adapter call the wrong endpoint.
	it('give native providers the base their adapters expect', async () => {
		expect(await chatUrlOf(findPreset('anthropic')!, 'claude-sonnet-4-5')).toBe('https://api.anthropic.com/v1/messages');
		expect(await chatUrlOf(findPreset('gemini')!, 'gemini-2.5-flash')).toBe(
			'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent'
		);
		const vertex = findPreset('vertex')!;
		expect(await chatUrlOf(vertex, 'google/gemini-2.5-flash')).toBe(vertex.baseUrl);
		for (const ph of vertex.placeholders ?? []) expect(vertex.baseUrl).toContain(ph);
		expect(vertex.placeholders?.length).toBeGreaterThan(0);
	});

	// Fails when a cloud preset talks plain HTTP or a model list has duplicates or empty names.
	it('use https for cloud APIs and clean model suggestions', () => {
		for (const p of PROVIDER_PRESETS) {
			if (p.group === 'cloud') {
				expect(p.baseUrl, p.id).toMatch(/^https:\/\//);
				expect(p.models.length, p.id).toBeGreaterThan(0);
				expect(p.apiKey === 'required' || p.type === 'vertex', p.id).toBe(true);
			}
			expect(new Set(p.models).size, p.id).toBe(p.models.length);
			for (const m of p.models) expect(m.trim(), p.id).toBe(m);
		}
	});

	// Fails when the edit page cannot tell which preset a saved provider came from.
	it('are recognised again from a saved type and base URL', () => {
		for (const p of PROVIDER_PRESETS.filter((p) => p.group !== 'custom')) {
			expect(matchPreset(p.type, p.baseUrl)?.id, p.id).toBe(p.id);
			expect(matchPreset(p.type, p.baseUrl + '/')?.id, p.id).toBe(p.id);
		}
		expect(matchPreset('openai', '')?.id).toBe('openai');
		expect(matchPreset('anthropic', '')?.id).toBe('anthropic');
		expect(matchPreset('openai', 'https://llm.example.com/v1/chat/completions')).toBeUndefined();
		expect(matchPreset('anthropic', findPreset('groq')!.baseUrl)).toBeUndefined();
	});
});
