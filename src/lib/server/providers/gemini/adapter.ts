import type { ChatRequest, EmbeddingsRequest, EmbeddingsResponse } from '$lib/schemas/chat';
import { isRecord, parseErrorBody, str, trimSlash } from '../common';
import {
	TranslationError,
	type BuildContext,
	type ModelPage,
	type NormalizedUsage,
	type ProviderAdapter,
	type ProviderConfig,
	type UpstreamHttpRequest
} from '../types';
import { geminiBody } from './request';
import { geminiCompletion, normalizedOf, usageOf } from './response';
import { GeminiStreamTranslator } from './stream';

export const GEMINI_DEFAULT_BASE = 'https://generativelanguage.googleapis.com';

/** The API origin (a configured base ending in `/v1beta` is accepted too). */
export function geminiBase(cfg: ProviderConfig): string {
	const base = trimSlash(cfg.base_url || GEMINI_DEFAULT_BASE);
	return base.replace(/\/v1(beta)?$/, '');
}

/** `gemini-2.5-pro`, `models/gemini-2.5-pro` → `models/gemini-2.5-pro`; tuned models keep their own prefix. */
export function geminiModelPath(model: string): string {
	return model.startsWith('models/') || model.startsWith('tunedModels/') ? model : `models/${model}`;
}

function authHeaders(cfg: ProviderConfig): Record<string, string> {
	const h: Record<string, string> = {};
	if (cfg.api_key) h['x-goog-api-key'] = cfg.api_key;
	return { ...h, ...cfg.extra_headers };
}

function jsonRequest(url: string, cfg: ProviderConfig, body: unknown): UpstreamHttpRequest {
	return { url, method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(cfg) }, body: JSON.stringify(body) };
}

function float32Base64(values: number[]): string {
	const buf = Buffer.alloc(values.length * 4);
	for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i], i * 4);
	return buf.toString('base64');
}

export const geminiAdapter: ProviderAdapter = {
	type: 'gemini',

	async buildChatRequest(req: ChatRequest, cfg: ProviderConfig, ctx: BuildContext, stream: boolean): Promise<UpstreamHttpRequest> {
		const body = await geminiBody(req, ctx);
		const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
		return jsonRequest(`${geminiBase(cfg)}/v1beta/${geminiModelPath(ctx.upstreamModel)}:${method}`, cfg, body);
	},

	parseChatResponse: geminiCompletion,

	createStreamTranslator: (ctx) => new GeminiStreamTranslator(ctx),

	parseError: parseErrorBody,

	nativeUsage(json: unknown): NormalizedUsage | undefined {
		return isRecord(json) && isRecord(json.usageMetadata) ? normalizedOf(usageOf(json.usageMetadata)) : undefined;
	},

	buildEmbeddingsRequest(req: EmbeddingsRequest, cfg: ProviderConfig, ctx: BuildContext): UpstreamHttpRequest {
		const inputs = typeof req.input === 'string' ? [req.input] : req.input;
		const model = geminiModelPath(ctx.upstreamModel);
		const requests = inputs.map((text) => {
			if (typeof text !== 'string') throw new TranslationError('Gemini embeddings take text input, not token arrays', { param: 'input' });
			const r: Record<string, unknown> = { model, content: { parts: [{ text }] } };
			if (req.dimensions != null) r.outputDimensionality = req.dimensions;
			return r;
		});
		return jsonRequest(`${geminiBase(cfg)}/v1beta/${model}:batchEmbedContents`, cfg, { requests });
	},

	parseEmbeddingsResponse(json: unknown, ctx: BuildContext, req: EmbeddingsRequest): EmbeddingsResponse {
		if (!isRecord(json) || !Array.isArray(json.embeddings)) {
			throw new TranslationError('Gemini returned an embeddings response without embeddings', { status: 502, type: 'api_error', code: 'bad_upstream_response' });
		}
		const base64 = req.encoding_format === 'base64';
		return {
			object: 'list',
			data: json.embeddings.map((e, index) => {
				const values = isRecord(e) && Array.isArray(e.values) ? (e.values as number[]) : [];
				return { object: 'embedding', index, embedding: base64 ? float32Base64(values) : values };
			}),
			model: ctx.requestedModel,
			usage: { prompt_tokens: 0, total_tokens: 0 }
		};
	},

	buildModelsRequest(cfg: ProviderConfig, _ctx?: { accessToken?: string }, next?: string): UpstreamHttpRequest {
		const q = new URLSearchParams({ pageSize: '1000' });
		if (next) q.set('pageToken', next);
		return { url: `${geminiBase(cfg)}/v1beta/models?${q}`, method: 'GET', headers: authHeaders(cfg) };
	},

	/** `{models: [{name: "models/x", supportedGenerationMethods}], nextPageToken}`, chat models only. */
	parseModels(json: unknown): ModelPage {
		const list = isRecord(json) && Array.isArray(json.models) ? json.models : [];
		const ids: string[] = [];
		for (const m of list) {
			if (!isRecord(m)) continue;
			const name = str(m.name);
			const methods = Array.isArray(m.supportedGenerationMethods) ? m.supportedGenerationMethods : [];
			if (name && methods.includes('generateContent')) ids.push(name.replace(/^models\//, ''));
		}
		const next = isRecord(json) ? str(json.nextPageToken) : undefined;
		return next ? { ids, next } : { ids };
	},

	nativeBaseUrl: geminiBase,

	nativeAuthHeaders: (cfg) => authHeaders(cfg)
};
