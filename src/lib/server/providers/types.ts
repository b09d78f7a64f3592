/**
 * The contract between the gateway and the provider adapters.
 *
 * Adapters are pure: they build upstream HTTP requests and translate upstream bodies and events,
 * and never do I/O themselves. The only effects come through the context (`fetchMedia` for Gemini
 * image URLs, `signatureCache` for thought signatures clients strip).
 */
import type {
	ChatCompletion,
	ChatCompletionChunk,
	ChatRequest,
	EmbeddingsRequest,
	EmbeddingsResponse
} from '$lib/schemas/chat';
import type { OpenAIError } from '$lib/server/gateway/errors';
import type { SseEvent } from '$lib/server/gateway/sse';

export type ProviderType = 'openai' | 'anthropic' | 'gemini' | 'vertex';

/** The provider fields adapters read; the config schema's `ProviderConfig` is assignable to it. */
export interface ProviderConfig {
	type: ProviderType;
	api_key?: string;
	/** Empty means the provider's default. */
	base_url?: string;
	model?: string;
	models?: string[];
	extra_headers?: Record<string, string>;
	proxy?: string;
	insecure_skip_verify?: boolean;
}

export interface MediaData {
	mimeType: string;
	/** base64 */
	data: string;
}

/** A short-lived store of opaque strings keyed by tool-call id (thought signatures, thinking blocks). */
export interface SignatureCache {
	get(id: string): string | undefined;
	set(id: string, value: string): void;
}

export interface BuildContext {
	/** The model id as the client sent it (`key/model`); every response carries it. */
	requestedModel: string;
	/** The model name sent upstream. */
	upstreamModel: string;
	/** Loads a remote image/file for providers that only take inline data (through the SSRF guard). */
	fetchMedia?: (url: string) => Promise<MediaData>;
	/** Vertex: the OAuth access token. */
	accessToken?: string;
	signatureCache?: SignatureCache;
	/** Unix seconds for `created`; defaults to now. */
	created?: number;
	/** Generates the random part of ids the upstream does not provide; defaults to a random string. */
	newId?: () => string;
}

export interface StreamContext extends BuildContext {
	/** The client asked for `stream_options.include_usage`: emit the final `choices: []` usage chunk. */
	includeUsage: boolean;
}

export interface UpstreamHttpRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	/** Absent for GET. */
	body?: string;
}

export interface NormalizedUsage {
	/** All input tokens, cached ones included. */
	prompt_tokens: number;
	completion_tokens: number;
	/** The part of `prompt_tokens` read from a cache. */
	cached_tokens: number;
	total_tokens: number;
}

export interface StreamTranslator {
	/**
	 * Translates one upstream event into zero or more client chunks.
	 * Throws `UpstreamStreamError` when the event reports an upstream failure.
	 */
	push(ev: SseEvent): ChatCompletionChunk[];
	/**
	 * The upstream stream ended: returns the remaining chunks (the usage chunk when asked for).
	 * Throws `UpstreamStreamError` (code `stream_truncated`) when the upstream ended before finishing.
	 */
	end(): ChatCompletionChunk[];
	/** Usage seen so far (complete once the stream finished). */
	usage(): NormalizedUsage | undefined;
}

export interface ModelPage {
	ids: string[];
	/** Pass to `buildModelsRequest` to fetch the next page. */
	next?: string;
}

export interface ProviderAdapter {
	readonly type: ProviderType;
	buildChatRequest(req: ChatRequest, cfg: ProviderConfig, ctx: BuildContext, stream: boolean): Promise<UpstreamHttpRequest>;
	parseChatResponse(json: unknown, ctx: BuildContext): ChatCompletion;
	createStreamTranslator(ctx: StreamContext): StreamTranslator;
	/** Any upstream error body (JSON or not) → OpenAI's error object. */
	parseError(status: number, bodyText: string): OpenAIError;
	/** Usage from a native (passthrough) non-streaming response body, when it has any. */
	nativeUsage(json: unknown): NormalizedUsage | undefined;
	buildEmbeddingsRequest?(req: EmbeddingsRequest, cfg: ProviderConfig, ctx: BuildContext): UpstreamHttpRequest;
	parseEmbeddingsResponse?(json: unknown, ctx: BuildContext, req: EmbeddingsRequest): EmbeddingsResponse;
	buildModelsRequest(cfg: ProviderConfig, ctx?: { accessToken?: string }, next?: string): UpstreamHttpRequest;
	parseModels(json: unknown): ModelPage;
	/** Base URL that passthrough paths are appended to (§5.6). */
	nativeBaseUrl(cfg: ProviderConfig): string;
	/** The provider's own credentials (and extra headers) for passthrough requests. */
	nativeAuthHeaders(cfg: ProviderConfig, ctx?: { accessToken?: string }): Record<string, string>;
}

/** The client's request cannot be expressed for this provider (or the provider is misconfigured). */
export class TranslationError extends Error {
	readonly status: number;
	readonly type: string;
	readonly param: string | null;
	readonly code: string | null;

	constructor(message: string, opts: { param?: string | null; status?: number; type?: string; code?: string | null } = {}) {
		super(message);
		this.name = 'TranslationError';
		this.status = opts.status ?? 400;
		this.type = opts.type ?? (this.status >= 500 ? 'server_error' : 'invalid_request_error');
		this.param = opts.param ?? null;
		this.code = opts.code ?? null;
	}

	toJSON(): { error: OpenAIError } {
		return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
	}
}

/** The upstream reported a failure inside an event stream, or cut the stream short. */
export class UpstreamStreamError extends Error {
	readonly error: OpenAIError;

	constructor(error: OpenAIError) {
		super(error.message);
		this.name = 'UpstreamStreamError';
		this.error = error;
	}

	/** The body of the SSE error frame: `data: {"error": {...}}`. */
	toJSON(): { error: OpenAIError } {
		return { error: this.error };
	}
}
