import type { IncomingMessage } from 'node:http';
import type { Dispatcher } from 'undici';
import { chatRequestSchema, formatZodError, type ChatCompletionChunk, type ChatRequest } from '$lib/schemas/chat';
import { isConnectError, isTimeoutError, send } from '../http/client';
import { errorMessage, log } from '../log';
import { SseParser, SSE_DONE, sseData } from './sse';
import { normalizeUsage } from '../providers/common';
import { TranslationError, UpstreamStreamError, type BuildContext, type NormalizedUsage } from '../providers/types';
import type { Runtime } from '../runtime';
import { readJsonBody } from './body';
import { errorResponse, errorResult, GatewayError } from './errors';
import type { ProviderEntry, ProviderRegistry } from './registry';
import { assertModelAllowed, type GatewayIdentity } from './tokens';
import type { UsageWriter } from './usageWriter';
import { estimateChatTokens, type GatewayLimits, type Lease } from './limits';
import { mediaFetcher, signatureCache } from './media';

export type CallSource = 'gateway' | 'chat' | 'workflow';

const ZERO_USAGE: NormalizedUsage = { prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, total_tokens: 0 };

/** A pull source of SSE bytes; cancel() aborts the upstream. */
export interface ChunkSource {
	next(): Promise<Uint8Array | null>;
	cancel(): void;
}

/** A gateway answer independent of the transport (SvelteKit Response or raw Node response). */
export interface GatewayResult {
	status: number;
	headers: Record<string, string>;
	body: string | ChunkSource;
}

export function toResponse(r: GatewayResult): Response {
	if (typeof r.body === 'string') return new Response(r.body, { status: r.status, headers: r.headers });
	const src = r.body;
	return new Response(
		new ReadableStream<Uint8Array>({
			async pull(c) {
				const v = await src.next();
				if (v) c.enqueue(v);
				else c.close();
			},
			cancel() {
				src.cancel();
			}
		}),
		{ status: r.status, headers: r.headers }
	);
}

export interface CallContext {
	requestId: string;
	identity?: GatewayIdentity;
	source: CallSource;
	/** Aborts the upstream call (client disconnect, run cancel). */
	signal?: AbortSignal;
	/** Raw request, to notice a client that disconnects while we wait for the upstream. */
	req?: IncomingMessage;
	log?: Record<string, unknown>;
	/** The rate-limit admission of a limited token's call (gateway/limits.ts). */
	lease?: Lease;
}

const PASS_HEADERS = /^(x-ratelimit-|retry-after$|openai-processing-ms$|anthropic-ratelimit-)/i;

function upstreamHeaders(h: Dispatcher.ResponseData['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const k in h) {
		if (PASS_HEADERS.test(k)) {
			const v = h[k];
			if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
		}
	}
	return out;
}

/** Aborts when the caller's signal fires or the client's socket closes. */
function linkAbort(ctx: CallContext): { controller: AbortController; done(): void } {
	const controller = new AbortController();
	const abort = () => controller.abort(new Error('client disconnected'));
	const socket = ctx.req?.socket;
	if (ctx.signal) {
		if (ctx.signal.aborted) controller.abort(ctx.signal.reason);
		else ctx.signal.addEventListener('abort', abort, { once: true });
	}
	socket?.once('close', abort);
	return {
		controller,
		done() {
			ctx.signal?.removeEventListener('abort', abort);
			socket?.off('close', abort);
		}
	};
}

function upstreamFailure(e: unknown, entry: ProviderEntry, aborted: boolean): GatewayError {
	if (e instanceof GatewayError) return e;
	if (e instanceof TranslationError) return new GatewayError(e.status, e.message, e.type, e.code, e.param);
	if (e instanceof UpstreamStreamError) return new GatewayError(502, e.error.message, e.error.type, e.error.code, e.error.param);
	if (aborted) return new GatewayError(499, 'The client closed the request.', 'api_error', 'client_closed_request');
	if (isTimeoutError(e))
		return new GatewayError(504, `Provider "${entry.key}" did not answer in time (${errorMessage(e)}).`, 'timeout_error', 'upstream_timeout');
	if (isConnectError(e))
		return new GatewayError(502, `Cannot reach provider "${entry.key}": ${errorMessage((e as { cause?: unknown }).cause ?? e)}`, 'api_error', 'upstream_unreachable');
	return new GatewayError(502, `Provider "${entry.key}" failed: ${errorMessage(e)}`, 'api_error', 'upstream_error');
}

/** Maps an upstream HTTP error to the status AT answers with (SPEC §5: never 200 with an error). */
function statusFor(upstream: number): number {
	if (upstream === 401 || upstream === 403) return 502; // AT's provider credentials, not the caller's
	if (upstream === 429 || (upstream >= 400 && upstream < 500)) return upstream;
	if (upstream === 503 || upstream === 504) return upstream;
	return 502;
}

export class ChatService {
	constructor(
		private rt: Runtime,
		private registry: ProviderRegistry,
		private usage: UsageWriter,
		private limits: GatewayLimits
	) {}

	/** POST /gateway/v1/chat/completions and the playground's equivalent. */
	async handle(request: Request, ctx: CallContext): Promise<Response> {
		const t0 = performance.now();
		try {
			const req = parseChatRequest(await readJsonBody(request, this.rt.config.server.body_limit));
			return toResponse(await this.execute(req, ctx, t0));
		} catch (e) {
			if (e instanceof GatewayError) return errorResponse(e);
			throw e;
		}
	}

	/** One chat completion as a Response (JSON or SSE) in the OpenAI format. */
	async complete(req: ChatRequest, ctx: CallContext): Promise<Response> {
		return toResponse(await this.execute(req, ctx));
	}

	/** One chat completion, transport-neutral. Never throws for upstream or client problems. */
	async execute(req: ChatRequest, ctx: CallContext, t0 = performance.now()): Promise<GatewayResult> {
		let targets: { entry: ProviderEntry; model: string; route?: string }[];
		try {
			targets = this.registry.resolveTargets(req.model);
			const { entry, model, route } = targets[0];
			if (ctx.identity) {
				assertModelAllowed(ctx.identity, entry.key, route ?? model);
				if (ctx.identity.limits) ctx = { ...ctx, lease: await this.limits.admit(ctx.identity.id!, ctx.identity.limits, estimateChatTokens(req)) };
			}
		} catch (e) {
			if (e instanceof GatewayError) return errorResult(e);
			throw e;
		}
		const result = await this.failover(req, ctx, t0, targets);
		// AT's limits bind the caller, so they replace the upstream's x-ratelimit-* headers of the same name.
		if (ctx.lease) Object.assign(result.headers, ctx.lease.headers);
		return result;
	}

	private async failover(req: ChatRequest, ctx: CallContext, t0: number, targets: { entry: ProviderEntry; model: string; route?: string }[]): Promise<GatewayResult> {
		// Failover (SPEC §6): the next target on a connection error, timeout, 429 or 5xx before the first byte.
		for (let i = 0; ; i++) {
			const { entry, model, route } = targets[i];
			const requested = route ? (req.model as string) : `${entry.key}/${model}`;
			const result = await this.attempt(req, ctx, t0, entry, model, requested);
			if (i === targets.length - 1 || !(result.status === 429 || result.status >= 500)) {
				if (route) result.headers['x-at-route-target'] = `${entry.key}/${model}`;
				return result;
			}
			log.warn('route target failed, trying the next one', { request_id: ctx.requestId, target: `${entry.key}/${model}`, status: result.status });
		}
	}

	private async attempt(
		req: ChatRequest,
		ctx: CallContext,
		t0: number,
		entry: ProviderEntry,
		model: string,
		requestedModel: string
	): Promise<GatewayResult> {
		if (ctx.log) Object.assign(ctx.log, { provider: entry.key, model });
		const stream = req.stream === true;
		const includeUsage = stream && req.stream_options?.include_usage === true;
		// The playground shows each reply's cost; gateway clients get the plain OpenAI usage object.
		const withCost = ctx.source === 'chat';
		const bctx: BuildContext = {
			requestedModel,
			upstreamModel: model,
			fetchMedia: mediaFetcher(this.rt),
			signatureCache
		};
		const headersBase = { 'x-at-provider': entry.key };
		const abort = linkAbort(ctx);
		const record = (status: number, usage: NormalizedUsage | undefined, error: string | null, latency: number) =>
			this.usage.record({
				requestId: ctx.requestId,
				tokenId: ctx.identity?.id ?? null,
				provider: entry.key,
				model,
				upstreamModel: model,
				promptTokens: usage?.prompt_tokens ?? 0,
				completionTokens: usage?.completion_tokens ?? 0,
				cachedTokens: usage?.cached_tokens ?? 0,
				latencyMs: Math.round(latency),
				status,
				error,
				stream,
				source: ctx.source,
				lease: ctx.lease
			});

		let upstream: Dispatcher.ResponseData;
		let tSend = 0;
		let tHeaders = 0;
		try {
			if (entry.accessToken) bctx.accessToken = await entry.accessToken();
			const up = await entry.adapter.buildChatRequest(req, entry.config, bctx, stream);
			tSend = performance.now();
			upstream = await send(entry.dispatcher, up.url, {
				method: up.method,
				headers: up.headers,
				body: up.body,
				signal: abort.controller.signal,
				firstByteTimeoutMs: entry.config.timeout_first_byte ?? this.rt.config.gateway.timeout_first_byte,
				idleTimeoutMs: entry.config.timeout_idle ?? this.rt.config.gateway.timeout_idle
			});
			tHeaders = performance.now();
		} catch (e) {
			abort.done();
			const err = upstreamFailure(e, entry, abort.controller.signal.aborted);
			record(err.status, undefined, err.message, performance.now() - t0);
			return errorResult(err, headersBase);
		}
		const passHeaders = upstreamHeaders(upstream.headers);

		if (upstream.statusCode >= 400) {
			let text = '';
			try {
				text = await upstream.body.text();
			} catch {
				// the error body is best effort
			}
			abort.done();
			const parsed = entry.adapter.parseError(upstream.statusCode, text);
			const err = new GatewayError(statusFor(upstream.statusCode), parsed.message, parsed.type, parsed.code, parsed.param);
			record(upstream.statusCode, undefined, err.message, performance.now() - t0);
			return errorResult(err, { ...headersBase, ...passHeaders });
		}

		if (!stream) {
			let json: unknown;
			try {
				json = await upstream.body.json();
			} catch (e) {
				abort.done();
				const err = upstreamFailure(e, entry, abort.controller.signal.aborted);
				record(err.status, undefined, err.message, performance.now() - t0);
				return errorResult(err, headersBase);
			}
			abort.done();
			const tUp = performance.now();
			let out;
			try {
				out = entry.adapter.parseChatResponse(json, bctx);
			} catch (e) {
				const err = new GatewayError(502, `Provider "${entry.key}" sent an answer AT cannot read: ${errorMessage(e)}`, 'api_error', 'bad_upstream_response');
				record(502, undefined, err.message, performance.now() - t0);
				return errorResult(err, headersBase);
			}
			const norm = normalizeUsage(out.usage);
			if (withCost && out.usage) out.usage.cost = this.usage.pricedCost(model, norm ?? ZERO_USAGE);
			const payload = JSON.stringify(out);
			const total = performance.now() - t0;
			const overhead = total - (tUp - tSend);
			record(200, norm, null, total);
			return {
				status: 200,
				body: payload,
				headers: {
					'content-type': 'application/json',
					'content-length': String(Buffer.byteLength(payload)),
					...headersBase,
					...passHeaders,
					'x-at-overhead-ms': overhead.toFixed(2),
					'x-at-upstream-ms': (tUp - tSend).toFixed(2)
				}
			};
		}

		const translator = entry.adapter.createStreamTranslator({ ...bctx, includeUsage });
		const costs = this.usage;
		const frame = withCost
			? (c: ChatCompletionChunk) => {
					if (c.usage && c.choices.length === 0) c.usage.cost = costs.pricedCost(model, translator.usage() ?? ZERO_USAGE);
					return sseData(c);
				}
			: sseData;
		const parser = new SseParser();
		const encoder = new TextEncoder();
		const iterator = upstream.body[Symbol.asyncIterator]();
		let finished = false;
		const finish = (status: number, error: string | null) => {
			if (finished) return;
			finished = true;
			abort.done();
			record(status, translator.usage(), error, performance.now() - t0);
		};
		const overhead = tSend - t0 + (performance.now() - tHeaders);
		let closed = false;
		const body: ChunkSource = {
			async next() {
				if (closed) return null;
				try {
					for (;;) {
						const { value, done } = await iterator.next();
						if (done) {
							let out = '';
							for (const ev of parser.flush()) for (const c of translator.push(ev)) out += frame(c);
							for (const c of translator.end()) out += frame(c);
							closed = true;
							finish(200, null);
							return encoder.encode(out + SSE_DONE);
						}
						let out = '';
						for (const ev of parser.push(value as Uint8Array)) for (const c of translator.push(ev)) out += frame(c);
						if (out) return encoder.encode(out);
					}
				} catch (e) {
					const err = upstreamFailure(e, entry, abort.controller.signal.aborted);
					log.warn('upstream stream failed', { request_id: ctx.requestId, provider: entry.key, error: err.message });
					closed = true;
					finish(err.status, err.message);
					return encoder.encode(sseData(err.toJSON()) + SSE_DONE);
				}
			},
			cancel() {
				closed = true;
				abort.controller.abort(new Error('client disconnected'));
				upstream.body.destroy();
				finish(499, 'client disconnected');
			}
		};
		return {
			status: 200,
			body,
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-cache',
				'x-accel-buffering': 'no',
				connection: 'keep-alive',
				...headersBase,
				...passHeaders,
				'x-at-overhead-ms': overhead.toFixed(2)
			}
		};
	}
}

/** A parsed body → a validated chat request, or a 400 naming the offending field. */
export function parseChatRequest(body: unknown): ChatRequest {
	const parsed = chatRequestSchema.safeParse(body);
	if (!parsed.success) {
		const { message, param } = formatZodError(parsed.error);
		throw new GatewayError(400, message, 'invalid_request_error', 'invalid_request', param);
	}
	return parsed.data;
}
