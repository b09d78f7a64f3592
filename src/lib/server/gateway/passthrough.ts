import type { Dispatcher } from 'undici';
import { send } from '../http/client';
import { errorMessage } from '../log';
import type { NormalizedUsage } from '../providers/types';
import { readBodyBytes } from './body';
import type { CallContext } from './chat';
import { errorResponse, GatewayError } from './errors';
import type { ProviderRegistry } from './registry';
import { SseParser } from './sse';
import { providerAllowed } from './tokens';
import type { UsageWriter } from './usageWriter';
import { estimateNativeTokens, type GatewayLimits, type Lease } from './limits';

// Never forwarded upstream: hop-by-hop headers, the caller's credentials, and encodings (AT reads bodies).
const DROP_REQUEST = new Set([
	'host',
	'connection',
	'keep-alive',
	'proxy-authorization',
	'proxy-connection',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'content-length',
	'accept-encoding',
	'authorization',
	'x-api-key',
	'x-goog-api-key',
	'cookie',
	'x-request-id',
	'forwarded',
	'x-forwarded-for',
	'x-forwarded-host',
	'x-forwarded-proto',
	'x-real-ip'
]);
const DROP_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length', 'trailer', 'upgrade', 'set-cookie']);

/** Usage from a native OpenAI, Anthropic or Gemini payload (one JSON body or one stream event). */
export function extractUsage(obj: unknown, acc: NormalizedUsage): boolean {
	if (!obj || typeof obj !== 'object') return false;
	const o = obj as Record<string, unknown>;
	const u = (o.usage ?? (o.message as Record<string, unknown> | undefined)?.usage) as Record<string, number> | undefined;
	const g = o.usageMetadata as Record<string, number> | undefined;
	let found = false;
	if (u && typeof u === 'object') {
		if (typeof u.prompt_tokens === 'number') {
			acc.prompt_tokens = u.prompt_tokens;
			acc.completion_tokens = u.completion_tokens ?? 0;
			acc.cached_tokens = (u as unknown as { prompt_tokens_details?: { cached_tokens?: number } }).prompt_tokens_details?.cached_tokens ?? 0;
			found = true;
		}
		if (typeof u.input_tokens === 'number') {
			acc.prompt_tokens = u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
			acc.cached_tokens = u.cache_read_input_tokens ?? 0;
			found = true;
		}
		if (typeof u.output_tokens === 'number') {
			acc.completion_tokens = u.output_tokens;
			found = true;
		}
	}
	if (g && typeof g === 'object' && typeof g.promptTokenCount === 'number') {
		acc.prompt_tokens = g.promptTokenCount;
		acc.completion_tokens = (g.candidatesTokenCount ?? 0) + (g.thoughtsTokenCount ?? 0);
		acc.cached_tokens = g.cachedContentTokenCount ?? 0;
		found = true;
	}
	acc.total_tokens = acc.prompt_tokens + acc.completion_tokens;
	return found;
}

const modelOf = (body: unknown, path: string): string => {
	const m = (body as { model?: unknown } | null)?.model;
	if (typeof m === 'string') return m;
	const g = /models\/([^/:]+)/.exec(path);
	return g ? g[1] : '';
};

/** ANY /gateway/v1/providers/{key}/{path...}: the provider's own API with AT's credentials (SPEC §5.6). */
export async function passthrough(
	registry: ProviderRegistry,
	usage: UsageWriter,
	limits: GatewayLimits,
	request: Request,
	key: string,
	path: string,
	search: string,
	ctx: CallContext,
	bodyLimit: number
): Promise<Response> {
	const t0 = performance.now();
	const entry = registry.get(key);
	if (!entry)
		return errorResponse(new GatewayError(404, `Unknown provider "${key}". Known: ${registry.list().map((e) => e.key).join(', ') || 'none'}.`, 'invalid_request_error', 'provider_not_found'));
	if (ctx.identity && !providerAllowed(ctx.identity, key))
		return errorResponse(new GatewayError(403, `This token may not use provider "${key}" natively (it needs "${key}/*").`, 'permission_error', 'provider_not_allowed'));

	const headers: Record<string, string> = {};
	request.headers.forEach((v, k) => {
		if (!DROP_REQUEST.has(k)) headers[k] = v;
	});
	let body: Uint8Array | undefined;
	let parsedBody: unknown = null;
	let lease: Lease | undefined;
	try {
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			body = await readBodyBytes(request, bodyLimit);
			if ((headers['content-type'] ?? '').includes('json') && body.byteLength) {
				try {
					parsedBody = JSON.parse(new TextDecoder().decode(body));
				} catch {
					parsedBody = null;
				}
			}
		}
		if (ctx.identity?.limits) lease = await limits.admit(ctx.identity.id!, ctx.identity.limits, estimateNativeTokens(body?.byteLength ?? 0, parsedBody));
		Object.assign(headers, entry.adapter.nativeAuthHeaders(entry.config, { accessToken: entry.accessToken ? await entry.accessToken() : undefined }));
	} catch (e) {
		if (e instanceof GatewayError) return errorResponse(e);
		return errorResponse(new GatewayError(502, errorMessage(e), 'api_error', 'upstream_auth_failed'));
	}
	const base = entry.adapter.nativeBaseUrl(entry.config).replace(/\/+$/, '');
	const url = `${base}/${path.replace(/^\/+/, '')}${search}`;
	const model = modelOf(parsedBody, path);
	const acc: NormalizedUsage = { prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, total_tokens: 0 };
	let sawUsage = false;
	const record = (status: number, error: string | null) =>
		usage.record({
			requestId: ctx.requestId,
			tokenId: ctx.identity?.id ?? null,
			provider: key,
			model: model || '(native)',
			upstreamModel: model,
			promptTokens: acc.prompt_tokens,
			completionTokens: acc.completion_tokens,
			cachedTokens: acc.cached_tokens,
			latencyMs: Math.round(performance.now() - t0),
			status,
			error,
			stream: false,
			source: ctx.source,
			lease
		});

	const controller = new AbortController();
	const socket = ctx.req?.socket;
	const onClose = () => controller.abort();
	socket?.once('close', onClose);
	let res: Dispatcher.ResponseData;
	try {
		res = await send(entry.dispatcher, url, {
			method: request.method,
			headers,
			body: body ?? null,
			signal: controller.signal,
			firstByteTimeoutMs: entry.config.timeout_first_byte ?? 120_000,
			idleTimeoutMs: entry.config.timeout_idle ?? 120_000
		});
	} catch (e) {
		socket?.off('close', onClose);
		const err = new GatewayError(502, `Cannot reach provider "${key}": ${errorMessage(e)}`, 'api_error', 'upstream_unreachable');
		record(502, err.message);
		return errorResponse(err);
	}
	const outHeaders = new Headers({ 'x-at-provider': key });
	for (const [k, v] of Object.entries(res.headers)) {
		if (v === undefined || DROP_RESPONSE.has(k)) continue;
		outHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
	}
	// AT's limits bind the caller, so they replace the upstream's x-ratelimit-* headers of the same name.
	if (lease) for (const k in lease.headers) outHeaders.set(k, lease.headers[k]);
	const isSse = (outHeaders.get('content-type') ?? '').includes('text/event-stream');
	const isJson = (outHeaders.get('content-type') ?? '').includes('json');
	const parser = isSse ? new SseParser() : undefined;
	const jsonParts: Uint8Array[] = [];
	const iterator = res.body[Symbol.asyncIterator]();
	let done = false;
	const finish = (status: number, error: string | null) => {
		if (done) return;
		done = true;
		socket?.off('close', onClose);
		if (isJson && jsonParts.length) {
			try {
				sawUsage = extractUsage(JSON.parse(Buffer.concat(jsonParts).toString('utf8')), acc) || sawUsage;
			} catch {
				// not a completion
			}
		}
		if (sawUsage || status >= 400 || model) record(status, error);
		else lease?.settle(0);
	};
	const stream = new ReadableStream<Uint8Array>({
		async pull(c) {
			try {
				const { value, done: end } = await iterator.next();
				if (end) {
					c.close();
					finish(res.statusCode, res.statusCode >= 400 ? `upstream status ${res.statusCode}` : null);
					return;
				}
				const chunk = value as Uint8Array;
				if (parser)
					for (const ev of parser.push(chunk)) {
						if (!ev.data || ev.data === '[DONE]') continue;
						try {
							sawUsage = extractUsage(JSON.parse(ev.data), acc) || sawUsage;
						} catch {
							// not JSON
						}
					}
				else if (isJson && jsonParts.length < 4096) jsonParts.push(chunk);
				c.enqueue(chunk);
			} catch (e) {
				c.error(e);
				finish(502, errorMessage(e));
			}
		},
		cancel() {
			controller.abort();
			res.body.destroy();
			finish(499, 'client disconnected');
		}
	});
	return new Response(request.method === 'HEAD' ? null : stream, { status: res.statusCode, headers: outHeaders });
}
