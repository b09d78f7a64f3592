/**
 * The OpenAI-compatible base shared by the `openai` and `vertex` adapters. The request body is the
 * client's (unknown fields included) with `model` replaced; responses only get `model` replaced, so
 * nothing is lost in either direction.
 */
import type {
	ChatCompletion,
	ChatCompletionChunk,
	ChatCompletionChunkChoice,
	ChatRequest,
	EmbeddingsRequest,
	EmbeddingsResponse,
	ToolCall,
	ToolCallDelta,
	Usage
} from '$lib/schemas/chat';
import type { OpenAIError } from '$lib/server/gateway/errors';
import type { SseEvent } from '$lib/server/gateway/sse';
import { isRecord, normalizeUsage, num, parseErrorBody, safeJsonParse, str, truncatedError } from '../common';
import {
	TranslationError,
	UpstreamStreamError,
	type BuildContext,
	type ModelPage,
	type NormalizedUsage,
	type ProviderAdapter,
	type ProviderConfig,
	type ProviderType,
	type SignatureCache,
	type StreamContext,
	type StreamTranslator,
	type UpstreamHttpRequest
} from '../types';

export interface CompatOptions {
	type: ProviderType;
	/** Display name in error messages. */
	label: string;
	chatUrl(cfg: ProviderConfig): string;
	authHeaders(cfg: ProviderConfig, ctx?: { accessToken?: string }): Record<string, string>;
	upstreamModel?(model: string): string;
	embeddingsUrl(cfg: ProviderConfig): string;
	buildModelsRequest(cfg: ProviderConfig, ctx?: { accessToken?: string }, next?: string): UpstreamHttpRequest;
	parseModels(json: unknown): ModelPage;
	nativeBaseUrl(cfg: ProviderConfig): string;
}

const CHAT_SUFFIX = '/chat/completions';

/** Splits `url` into the part before `?` and the query (with its `?`). */
export function splitQuery(url: string): [string, string] {
	const q = url.indexOf('?');
	return q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q)];
}

/**
 * The chat-completions URL from a configured base URL: a full `/chat/completions` URL is used as is;
 * a URL ending in an API version segment (`/v1`, `/openai/v1`, `/v1beta/openai`) gets the suffix.
 */
export function chatCompletionsUrl(baseUrl: string | undefined, fallback: string): string {
	if (!baseUrl) return fallback;
	const [path, query] = splitQuery(baseUrl);
	const p = path.replace(/\/+$/, '');
	if (p.endsWith(CHAT_SUFFIX)) return p + query;
	if (/\/v\d+[a-z0-9]*(\/openai)?$/i.test(p) || p.endsWith('/openai') || p.endsWith('/openapi')) return p + CHAT_SUFFIX + query;
	return p + query;
}

/** The API base of a chat-completions URL (`…/v1`), query kept. */
export function apiBase(chatUrl: string): string {
	const [path, query] = splitQuery(chatUrl);
	return (path.endsWith(CHAT_SUFFIX) ? path.slice(0, -CHAT_SUFFIX.length) : path) + query;
}

/** `…/v1/chat/completions?x` → `…/v1/<leaf>?x` */
export function siblingUrl(chatUrl: string, leaf: string): string {
	const [path, query] = splitQuery(chatUrl);
	const base = path.endsWith(CHAT_SUFFIX) ? path.slice(0, -CHAT_SUFFIX.length) : path.replace(/\/[^/]*$/, '');
	return `${base}/${leaf}${query}`;
}

export function jsonHeaders(auth: Record<string, string>, cfg: ProviderConfig): Record<string, string> {
	return { 'content-type': 'application/json', ...auth, ...cfg.extra_headers };
}

function upstreamFailure(message: string): TranslationError {
	return new TranslationError(message, { status: 502, type: 'api_error', code: 'bad_upstream_response' });
}

function errorObject(e: unknown): OpenAIError {
	if (isRecord(e)) {
		return {
			message: str(e.message) ?? 'upstream error',
			type: str(e.type) ?? 'api_error',
			param: str(e.param) ?? null,
			code: e.code == null ? null : String(e.code)
		};
	}
	return { message: typeof e === 'string' ? e : 'upstream error', type: 'api_error', param: null, code: null };
}

function signatureOf(tc: { extra_content?: unknown }): string | undefined {
	const ec = tc.extra_content;
	return isRecord(ec) && isRecord(ec.google) ? str(ec.google.thought_signature) : undefined;
}

/** Puts back Gemini thought signatures that the client dropped from earlier tool calls. */
function restoreSignatures(messages: ChatRequest['messages'], cache: SignatureCache): ChatRequest['messages'] {
	let out: ChatRequest['messages'] | undefined;
	for (let i = 0; i < messages.length; i++) {
		const m = messages[i];
		if (m.role !== 'assistant' || !m.tool_calls) continue;
		let calls: typeof m.tool_calls | undefined;
		for (let j = 0; j < m.tool_calls.length; j++) {
			const tc = m.tool_calls[j];
			if (signatureOf(tc)) continue;
			const sig = cache.get(tc.id);
			if (!sig) continue;
			calls ??= m.tool_calls.slice();
			calls[j] = { ...tc, extra_content: { ...tc.extra_content, google: { ...tc.extra_content?.google, thought_signature: sig } } };
		}
		if (calls) {
			out ??= messages.slice();
			out[i] = { ...m, tool_calls: calls };
		}
	}
	return out ?? messages;
}

/** Usage in the Chat Completions shape or the Responses API shape. */
export function openaiUsage(u: unknown): NormalizedUsage | undefined {
	if (!isRecord(u)) return undefined;
	if (num(u.prompt_tokens) !== undefined || num(u.completion_tokens) !== undefined) return normalizeUsage(u as unknown as Usage);
	const input = num(u.input_tokens);
	const output = num(u.output_tokens);
	if (input === undefined && output === undefined) return undefined;
	const details = isRecord(u.input_tokens_details) ? u.input_tokens_details : undefined;
	return {
		prompt_tokens: input ?? 0,
		completion_tokens: output ?? 0,
		cached_tokens: num(details?.cached_tokens) ?? 0,
		total_tokens: num(u.total_tokens) ?? (input ?? 0) + (output ?? 0)
	};
}

class CompatStreamTranslator implements StreamTranslator {
	private done = false;
	private finished = false;
	private lastUsage: NormalizedUsage | undefined;
	/** Usage that arrived on a chunk with choices, re-sent as the final `choices: []` chunk. */
	private pendingUsage: Usage | undefined;
	private usageSent = false;
	private last: ChatCompletionChunk | undefined;
	private readonly started = new Set<number>();

	constructor(
		private readonly ctx: StreamContext,
		private readonly label: string
	) {}

	push(ev: SseEvent): ChatCompletionChunk[] {
		const data = ev.data;
		if (data === '[DONE]') {
			this.done = true;
			return this.flushUsage();
		}
		const obj = safeJsonParse(data);
		if (!isRecord(obj)) return [];
		if (obj.error != null || ev.event === 'error') throw new UpstreamStreamError(errorObject(obj.error ?? obj));
		obj.model = this.ctx.requestedModel;
		const chunk = obj as unknown as ChatCompletionChunk;
		this.last = chunk;
		const choices = chunk.choices;
		const hasChoices = Array.isArray(choices) && choices.length > 0;
		if ('usage' in obj) {
			const raw = obj.usage;
			if (raw != null) {
				this.lastUsage = openaiUsage(raw) ?? this.lastUsage;
				if (hasChoices) this.pendingUsage = raw as Usage;
			}
			if (hasChoices || !this.ctx.includeUsage) delete obj.usage;
		}
		if (!hasChoices) {
			if (!this.ctx.includeUsage || !chunk.usage) return [];
			this.usageSent = true;
			return [chunk];
		}
		let finishes: ChatCompletionChunkChoice[] | undefined;
		for (const c of choices) {
			let delta = c.delta ?? (c.delta = {});
			if (!this.started.has(c.index)) {
				this.started.add(c.index);
				if (!delta.role) {
					const { role: _role, ...rest } = delta;
					delta = c.delta = { role: 'assistant', ...rest };
				}
			}
			if (delta.tool_calls) this.cacheSignatures(delta.tool_calls);
			if (c.finish_reason != null) {
				this.finished = true;
				if (delta.content || delta.tool_calls?.length || delta.reasoning_content || delta.refusal) {
					(finishes ??= []).push({ index: c.index, delta: {}, finish_reason: c.finish_reason });
					c.finish_reason = null;
				}
			}
		}
		if (!finishes) return [chunk];
		const tail: ChatCompletionChunk = { id: chunk.id, object: 'chat.completion.chunk', created: chunk.created, model: chunk.model, choices: finishes };
		if (chunk.system_fingerprint !== undefined) tail.system_fingerprint = chunk.system_fingerprint;
		return [chunk, tail];
	}

	private flushUsage(): ChatCompletionChunk[] {
		if (!this.ctx.includeUsage || this.usageSent || !this.pendingUsage || !this.last) return [];
		this.usageSent = true;
		const l = this.last;
		return [{ id: l.id, object: 'chat.completion.chunk', created: l.created, model: l.model, choices: [], usage: this.pendingUsage }];
	}

	private cacheSignatures(calls: ToolCallDelta[]): void {
		const cache = this.ctx.signatureCache;
		if (!cache) return;
		for (const tc of calls) {
			const sig = signatureOf(tc);
			if (sig && tc.id) cache.set(tc.id, sig);
		}
	}

	end(): ChatCompletionChunk[] {
		if (!this.done && !this.finished) throw new UpstreamStreamError(truncatedError(this.label));
		return this.flushUsage();
	}

	usage(): NormalizedUsage | undefined {
		return this.lastUsage;
	}
}

export function createCompatAdapter(o: CompatOptions): ProviderAdapter {
	return {
		type: o.type,

		async buildChatRequest(req: ChatRequest, cfg: ProviderConfig, ctx: BuildContext, stream: boolean): Promise<UpstreamHttpRequest> {
			const body: Record<string, unknown> = { ...req, model: o.upstreamModel ? o.upstreamModel(ctx.upstreamModel) : ctx.upstreamModel };
			if (stream) {
				body.stream = true;
				body.stream_options = { ...req.stream_options, include_usage: true };
			} else {
				delete body.stream_options;
				if (body.stream) body.stream = false;
			}
			if (ctx.signatureCache) body.messages = restoreSignatures(req.messages, ctx.signatureCache);
			return { url: o.chatUrl(cfg), method: 'POST', headers: jsonHeaders(o.authHeaders(cfg, ctx), cfg), body: JSON.stringify(body) };
		},

		parseChatResponse(json: unknown, ctx: BuildContext): ChatCompletion {
			if (!isRecord(json)) throw upstreamFailure(`${o.label} returned a response that is not a JSON object`);
			if (json.error != null) {
				const e = errorObject(json.error);
				throw new TranslationError(e.message, { status: 502, type: e.type, code: e.code });
			}
			if (!Array.isArray(json.choices)) throw upstreamFailure(`${o.label} returned a response without choices`);
			json.model = ctx.requestedModel;
			const completion = json as unknown as ChatCompletion;
			const cache = ctx.signatureCache;
			if (cache) {
				for (const c of completion.choices) {
					for (const tc of (c.message?.tool_calls ?? []) as ToolCall[]) {
						const sig = signatureOf(tc);
						if (sig) cache.set(tc.id, sig);
					}
				}
			}
			return completion;
		},

		createStreamTranslator(ctx: StreamContext): StreamTranslator {
			return new CompatStreamTranslator(ctx, o.label);
		},

		parseError(status: number, bodyText: string): OpenAIError {
			return parseErrorBody(status, bodyText);
		},

		nativeUsage(json: unknown): NormalizedUsage | undefined {
			if (!isRecord(json)) return undefined;
			if (isRecord(json.response) && json.usage === undefined) return openaiUsage(json.response.usage);
			return openaiUsage(json.usage);
		},

		buildEmbeddingsRequest(req: EmbeddingsRequest, cfg: ProviderConfig, ctx: BuildContext): UpstreamHttpRequest {
			const body = { ...req, model: o.upstreamModel ? o.upstreamModel(ctx.upstreamModel) : ctx.upstreamModel };
			return { url: o.embeddingsUrl(cfg), method: 'POST', headers: jsonHeaders(o.authHeaders(cfg, ctx), cfg), body: JSON.stringify(body) };
		},

		parseEmbeddingsResponse(json: unknown, ctx: BuildContext): EmbeddingsResponse {
			if (!isRecord(json) || !Array.isArray(json.data)) throw upstreamFailure(`${o.label} returned an embeddings response without data`);
			json.model = ctx.requestedModel;
			return json as unknown as EmbeddingsResponse;
		},

		buildModelsRequest: o.buildModelsRequest,
		parseModels: o.parseModels,
		nativeBaseUrl: o.nativeBaseUrl,
		nativeAuthHeaders(cfg: ProviderConfig, ctx?: { accessToken?: string }): Record<string, string> {
			return { ...o.authHeaders(cfg, ctx), ...cfg.extra_headers };
		}
	};
}
