import type { ChatRequest } from '$lib/schemas/chat';
import { isRecord, parseErrorBody, str, trimSlash } from '../common';
import type { BuildContext, ModelPage, NormalizedUsage, ProviderAdapter, ProviderConfig, UpstreamHttpRequest } from '../types';
import { anthropicBody } from './request';
import { anthropicCompletion, normalizedOf, usageOf } from './response';
import { AnthropicStreamTranslator } from './stream';

export const ANTHROPIC_DEFAULT_BASE = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

/** The API origin (a configured base ending in `/v1` is accepted too). */
export function anthropicBase(cfg: ProviderConfig): string {
	const base = trimSlash(cfg.base_url || ANTHROPIC_DEFAULT_BASE);
	return base.endsWith('/v1') ? base.slice(0, -3) : base;
}

function authHeaders(cfg: ProviderConfig): Record<string, string> {
	const h: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
	if (cfg.api_key) h['x-api-key'] = cfg.api_key;
	return { ...h, ...cfg.extra_headers };
}

export const anthropicAdapter: ProviderAdapter = {
	type: 'anthropic',

	async buildChatRequest(req: ChatRequest, cfg: ProviderConfig, ctx: BuildContext, stream: boolean): Promise<UpstreamHttpRequest> {
		const body = anthropicBody(req, ctx, stream);
		return {
			url: `${anthropicBase(cfg)}/v1/messages`,
			method: 'POST',
			headers: { 'content-type': 'application/json', ...authHeaders(cfg) },
			body: JSON.stringify(body)
		};
	},

	parseChatResponse: anthropicCompletion,

	createStreamTranslator: (ctx) => new AnthropicStreamTranslator(ctx),

	parseError: parseErrorBody,

	nativeUsage(json: unknown): NormalizedUsage | undefined {
		return isRecord(json) && isRecord(json.usage) ? normalizedOf(usageOf(json.usage)) : undefined;
	},

	buildModelsRequest(cfg: ProviderConfig, _ctx?: { accessToken?: string }, next?: string): UpstreamHttpRequest {
		const q = new URLSearchParams({ limit: '1000' });
		if (next) q.set('after_id', next);
		return { url: `${anthropicBase(cfg)}/v1/models?${q}`, method: 'GET', headers: authHeaders(cfg) };
	},

	/** `{data: [{id}], has_more, last_id}` */
	parseModels(json: unknown): ModelPage {
		if (!isRecord(json) || !Array.isArray(json.data)) return { ids: [] };
		const ids = json.data.map((m) => (isRecord(m) ? str(m.id) : undefined)).filter((id): id is string => !!id);
		const next = json.has_more === true ? str(json.last_id) : undefined;
		return next ? { ids, next } : { ids };
	},

	nativeBaseUrl: anthropicBase,

	nativeAuthHeaders: (cfg) => authHeaders(cfg)
};
