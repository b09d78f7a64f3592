import { isRecord, str } from '../common';
import { chatCompletionsUrl, createCompatAdapter, siblingUrl } from '../openai/compat';
import { TranslationError, type ModelPage, type ProviderConfig } from '../types';

function chatUrl(cfg: ProviderConfig): string {
	if (!cfg.base_url) {
		throw new TranslationError(
			'vertex providers need base_url: the Vertex OpenAI-compatible endpoint, e.g. https://us-central1-aiplatform.googleapis.com/v1/projects/PROJECT/locations/us-central1/endpoints/openapi/chat/completions',
			{ status: 500, code: 'provider_misconfigured' }
		);
	}
	return chatCompletionsUrl(cfg.base_url, cfg.base_url);
}

function auth(_cfg: ProviderConfig, ctx?: { accessToken?: string }): Record<string, string> {
	if (!ctx?.accessToken) throw new TranslationError('no Google access token for the vertex provider', { status: 500, code: 'provider_auth_unavailable' });
	return { authorization: `Bearer ${ctx.accessToken}` };
}

/** Vertex's OpenAI endpoint names Google models `google/<model>`; other publishers already carry a prefix. */
export function vertexModel(model: string): string {
	return model.includes('/') ? model : `google/${model}`;
}

function origin(cfg: ProviderConfig): string {
	return new URL(chatUrl(cfg)).origin;
}

/** `{publisherModels: [{name: "publishers/google/models/gemini-2.5-pro"}], nextPageToken}` */
export function parseVertexModels(json: unknown): ModelPage {
	const list = isRecord(json) && Array.isArray(json.publisherModels) ? json.publisherModels : [];
	const ids: string[] = [];
	for (const m of list) {
		const name = isRecord(m) ? str(m.name) : undefined;
		const match = name ? /^publishers\/([^/]+)\/models\/(.+)$/.exec(name) : null;
		if (match) ids.push(`${match[1]}/${match[2]}`);
	}
	const next = isRecord(json) ? str(json.nextPageToken) : undefined;
	return next ? { ids, next } : { ids };
}

/** Google Vertex AI through its OpenAI-compatible endpoint, authenticated with an ADC access token. */
export const vertexAdapter = createCompatAdapter({
	type: 'vertex',
	label: 'Vertex AI',
	chatUrl,
	authHeaders: auth,
	upstreamModel: vertexModel,
	embeddingsUrl: (cfg) => siblingUrl(chatUrl(cfg), 'embeddings'),
	buildModelsRequest: (cfg, ctx, next) => {
		const q = new URLSearchParams({ pageSize: '1000' });
		if (next) q.set('pageToken', next);
		return {
			url: `${origin(cfg)}/v1beta1/publishers/google/models?${q}`,
			method: 'GET',
			headers: { ...auth(cfg, ctx), ...cfg.extra_headers }
		};
	},
	parseModels: parseVertexModels,
	nativeBaseUrl: origin
});
