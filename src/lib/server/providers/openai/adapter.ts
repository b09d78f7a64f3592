import { isRecord, str } from '../common';
import type { ModelPage, ProviderConfig } from '../types';
import { apiBase, chatCompletionsUrl, createCompatAdapter, jsonHeaders, siblingUrl } from './compat';

export const OPENAI_DEFAULT_URL = 'https://api.openai.com/v1/chat/completions';

const chatUrl = (cfg: ProviderConfig) => chatCompletionsUrl(cfg.base_url, OPENAI_DEFAULT_URL);
const auth = (cfg: ProviderConfig): Record<string, string> => (cfg.api_key ? { authorization: `Bearer ${cfg.api_key}` } : {});

/** `{data: [{id}]}` (OpenAI and nearly every compatible server). */
export function parseOpenAIModels(json: unknown): ModelPage {
	const data = isRecord(json) && Array.isArray(json.data) ? json.data : [];
	const ids: string[] = [];
	for (const m of data) {
		const id = isRecord(m) ? str(m.id) : undefined;
		if (id) ids.push(id);
	}
	return { ids };
}

/** OpenAI and every OpenAI-compatible API (Groq, DeepSeek, Mistral, OpenRouter, vLLM, Ollama's /v1, ...). */
export const openaiAdapter = createCompatAdapter({
	type: 'openai',
	label: 'OpenAI-compatible upstream',
	chatUrl,
	authHeaders: auth,
	embeddingsUrl: (cfg) => siblingUrl(chatUrl(cfg), 'embeddings'),
	buildModelsRequest: (cfg) => {
		const { 'content-type': _ct, ...headers } = jsonHeaders(auth(cfg), cfg);
		return { url: siblingUrl(chatUrl(cfg), 'models'), method: 'GET', headers };
	},
	parseModels: parseOpenAIModels,
	nativeBaseUrl: (cfg) => apiBase(chatUrl(cfg))
});
