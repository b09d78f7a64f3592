import { createHmac, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../gateway/errors';
import { readBodyBytes } from '../gateway/body';
import { gatewayTokens } from '../gateway';
import { webhookAllowed } from '../gateway/tokens';
import { getRuntime } from '../runtime';
import { getTriggerByIdOrAlias } from '../store/queries/triggers';
import { engine } from '.';
import { ApiError } from '../api';
import { respondToRun } from './respond';
import { recordTriggerResult, startTriggerRun } from './triggers';
import { maybeJson } from './util';

export const DEFAULT_WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Request headers never copied into the run (they carry credentials). */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'x-api-key', 'x-goog-api-key', 'proxy-authorization']);

function signatureOk(secret: string, body: Uint8Array, header: string | null): boolean {
	if (!header) return false;
	const given = header.trim().replace(/^sha256=/i, '').toLowerCase();
	const want = createHmac('sha256', secret).update(body).digest('hex');
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(want, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A call to `{base}/webhooks/{id-or-alias}` (SPEC §8.6): public, or a gateway token allowed for this
 * webhook; an optional HMAC-SHA256 signature of the raw body (`X-AT-Signature: sha256=<hex>`, or
 * GitHub's `X-Hub-Signature-256`); a body limit; `?sync=true` waits for the outputs.
 */
export async function handleWebhook(idOrAlias: string, request: Request, url: URL): Promise<Response> {
	const rt = getRuntime();
	const trigger = await getTriggerByIdOrAlias(rt.db, idOrAlias);
	if (!trigger || trigger.type !== 'http') throw new ApiError(404, `no webhook "${idOrAlias}"`);
	if (!trigger.enabled) throw new ApiError(403, 'this webhook is disabled');
	if (!trigger.public) {
		try {
			const identity = await gatewayTokens().authenticate(request);
			if (!webhookAllowed(identity, trigger.id, trigger.alias)) throw new ApiError(403, 'this token may not call this webhook');
		} catch (e) {
			if (e instanceof GatewayError) throw new ApiError(e.status, e.message);
			throw e;
		}
	}
	const limit = typeof trigger.config.body_limit === 'number' ? trigger.config.body_limit : DEFAULT_WEBHOOK_BODY_LIMIT;
	let bytes: Uint8Array;
	try {
		bytes = await readBodyBytes(request, limit);
	} catch (e) {
		if (e instanceof GatewayError) throw new ApiError(e.status, `the request body is larger than this webhook's limit of ${limit} bytes`);
		throw e;
	}
	const secret = typeof trigger.config.secret === 'string' ? trigger.config.secret : '';
	if (secret && !signatureOk(secret, bytes, request.headers.get('x-at-signature') ?? request.headers.get('x-hub-signature-256')))
		throw new ApiError(401, 'missing or invalid signature (X-AT-Signature: sha256=<HMAC-SHA256 of the body>)');
	const text = new TextDecoder().decode(bytes);
	const type = request.headers.get('content-type') ?? '';
	let body: unknown = text;
	if (/\bjson\b/i.test(type)) {
		try {
			body = text.trim() ? JSON.parse(text) : null;
		} catch (e) {
			throw new ApiError(400, `the body is not valid JSON: ${(e as Error).message}`);
		}
	} else if (!type || type.startsWith('text/plain')) body = maybeJson(text);
	else if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
	const headers: Record<string, string> = {};
	request.headers.forEach((v, k) => {
		if (!HIDDEN_HEADERS.has(k)) headers[k] = v;
	});
	const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'sync' && k !== 'early' && k !== 'timeout'));
	const payload = {
		method: request.method,
		path: url.pathname,
		query,
		headers,
		body,
		trigger_id: trigger.id,
		triggered_at: new Date().toISOString()
	};
	const e = engine();
	const flag = (k: string) => ['true', '1', ''].includes(url.searchParams.get(k) ?? 'no');
	const timeout = Number(url.searchParams.get('timeout'));
	const h = await startTriggerRun(e, rt.db, trigger, payload);
	const at = new Date();
	void h.done.then((r) => recordTriggerResult(rt.db, trigger, r, at));
	return respondToRun(e, h, { sync: flag('sync'), early: flag('early'), timeout: timeout > 0 && timeout <= 3600 ? timeout : undefined });
}
