import { base } from '$app/paths';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { logRequest } from '../hooks/accessLog';
import { SECURITY_HEADERS } from '../hooks/securityHeaders';
import { errorMessage, log } from '../log';
import type { Runtime } from '../runtime';
import { parseJsonText, tooLargeError } from './body';
import { parseChatRequest, type GatewayResult } from './chat';
import { errorResult, GatewayError } from './errors';
import { chatService, gatewayTokens } from './index';

/**
 * The gateway's hot path without SvelteKit's request pipeline: `node build` hands POST
 * {base}/gateway/v1/chat/completions here on the raw Node request (see ENTRY in svelte.config.js).
 * The same route also exists as a SvelteKit endpoint (dev server, other adapters); both call
 * ChatService.execute. Measured: SvelteKit's per-request work (web streams, Request/Response
 * conversion) cost about three times the rest of the gateway together (npm run bench).
 */
export const DIRECT_HANDLER = Symbol.for('at.gateway.direct');
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createDirectHandler(rt: Runtime) {
	const path = `${base}/gateway/v1/chat/completions`;
	const limit = rt.config.server.body_limit;
	return (req: IncomingMessage, res: ServerResponse): boolean => {
		if (req.method !== 'POST') return false;
		const url = req.url ?? '';
		if (url !== path && !url.startsWith(path + '?')) return false;
		void serve(req, res, limit).catch((e) => {
			log.error('gateway direct path failed', { error: errorMessage(e) });
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: 'internal error', type: 'api_error', param: null, code: null } }));
		});
		return true;
	};
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
	return new Promise((resolve, reject) => {
		if (Number(req.headers['content-length'] ?? 0) > limit) return reject(tooLargeError(limit));
		const parts: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.byteLength;
			if (size > limit) {
				req.pause();
				reject(tooLargeError(limit));
				return;
			}
			parts.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		req.on('error', reject);
	});
}

async function serve(req: IncomingMessage, res: ServerResponse, limit: number) {
	const t0 = performance.now();
	const incoming = req.headers['x-request-id'];
	const requestId = typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : randomUUID();
	const fields: Record<string, unknown> = {};
	let result: GatewayResult;
	try {
		const identity = await gatewayTokens().authenticate({
			headers: { get: (n: string) => (req.headers[n] as string | undefined) ?? null }
		});
		fields.token = identity.prefix;
		const body = parseChatRequest(parseJsonText(await readBody(req, limit)));
		result = await chatService().execute(body, { requestId, identity, source: 'gateway', req, log: fields }, t0);
	} catch (e) {
		if (!(e instanceof GatewayError)) throw e;
		result = errorResult(e);
	}
	const close = result.status === 413 ? { connection: 'close' } : {};
	res.writeHead(result.status, { ...SECURITY_HEADERS, ...result.headers, ...close, 'x-request-id': requestId });
	if (typeof result.body === 'string') res.end(result.body);
	else {
		const src = result.body;
		let gone = false;
		res.once('close', () => {
			if (!res.writableFinished) {
				gone = true;
				src.cancel();
			}
		});
		for (;;) {
			const chunk = await src.next();
			if (gone) break;
			if (!chunk) {
				res.end();
				break;
			}
			if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
		}
	}
	logRequest({
		request_id: requestId,
		method: 'POST',
		path: req.url ?? '',
		status: result.status,
		duration_ms: Math.round((performance.now() - t0) * 100) / 100,
		...fields
	});
}
