import { embeddingsRequestSchema, formatZodError } from '$lib/schemas/chat';
import { send } from '../http/client';
import { errorMessage } from '../log';
import { TranslationError } from '../providers/types';
import { readJsonBody } from './body';
import type { CallContext } from './chat';
import { errorResponse, GatewayError } from './errors';
import type { ProviderRegistry } from './registry';
import { assertModelAllowed } from './tokens';
import type { UsageWriter } from './usageWriter';
import { estimateEmbeddingTokens, type GatewayLimits, type Lease } from './limits';

/** POST /gateway/v1/embeddings for openai-compatible, gemini and vertex providers. */
export async function embeddings(
	registry: ProviderRegistry,
	usage: UsageWriter,
	limits: GatewayLimits,
	request: Request,
	ctx: CallContext,
	bodyLimit: number
): Promise<Response> {
	const t0 = performance.now();
	let provider = '';
	let model = '';
	let lease: Lease | undefined;
	try {
		const body = await readJsonBody(request, bodyLimit);
		const parsed = embeddingsRequestSchema.safeParse(body);
		if (!parsed.success) {
			const { message, param } = formatZodError(parsed.error);
			throw new GatewayError(400, message, 'invalid_request_error', 'invalid_request', param);
		}
		const req = parsed.data;
		const { entry, model: m } = registry.resolve(req.model);
		provider = entry.key;
		model = m;
		if (ctx.identity) assertModelAllowed(ctx.identity, entry.key, model);
		if (ctx.identity?.limits) {
			// A refused call was never made: it answers 429 without a usage row, as chat completions do.
			try {
				lease = await limits.admit(ctx.identity.id!, ctx.identity.limits, estimateEmbeddingTokens(req));
			} catch (e) {
				if (e instanceof GatewayError) return errorResponse(e);
				throw e;
			}
		}
		if (!entry.adapter.buildEmbeddingsRequest || !entry.adapter.parseEmbeddingsResponse)
			throw new GatewayError(400, `Provider "${entry.key}" (${entry.config.type}) does not offer embeddings through AT.`, 'invalid_request_error', 'unsupported_endpoint', 'model');
		const bctx = {
			requestedModel: `${entry.key}/${model}`,
			upstreamModel: model,
			accessToken: entry.accessToken ? await entry.accessToken() : undefined
		};
		const up = entry.adapter.buildEmbeddingsRequest(req, entry.config, bctx);
		let res;
		try {
			res = await send(entry.dispatcher, up.url, {
				method: up.method,
				headers: up.headers,
				body: up.body,
				firstByteTimeoutMs: entry.config.timeout_first_byte ?? 120_000
			});
		} catch (e) {
			throw new GatewayError(502, `Cannot reach provider "${entry.key}": ${errorMessage(e)}`, 'api_error', 'upstream_unreachable');
		}
		const text = await res.body.text();
		if (res.statusCode >= 400) {
			const err = entry.adapter.parseError(res.statusCode, text);
			throw new GatewayError(res.statusCode === 401 || res.statusCode === 403 ? 502 : res.statusCode, err.message, err.type, err.code, err.param);
		}
		const out = entry.adapter.parseEmbeddingsResponse(JSON.parse(text), bctx, req);
		usage.record({
			requestId: ctx.requestId,
			tokenId: ctx.identity?.id ?? null,
			provider,
			model,
			upstreamModel: model,
			promptTokens: out.usage?.prompt_tokens ?? 0,
			completionTokens: 0,
			cachedTokens: 0,
			latencyMs: Math.round(performance.now() - t0),
			status: 200,
			error: null,
			stream: false,
			source: ctx.source,
			lease
		});
		return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json', 'x-at-provider': provider, ...lease?.headers } });
	} catch (e) {
		const err =
			e instanceof GatewayError
				? e
				: e instanceof TranslationError
					? new GatewayError(e.status, e.message, e.type, e.code, e.param)
					: new GatewayError(502, errorMessage(e), 'api_error', 'upstream_error');
		if (provider)
			usage.record({
				requestId: ctx.requestId,
				tokenId: ctx.identity?.id ?? null,
				provider,
				model,
				latencyMs: Math.round(performance.now() - t0),
				status: err.status,
				error: err.message,
				source: ctx.source,
				lease
			});
		return errorResponse(err, provider ? { 'x-at-provider': provider, ...lease?.headers } : {});
	}
}
