import { safeFetch } from '../../http/ssrf';
import { NodeError, type Executor } from '../types';
import { maybeJson } from '../util';

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * A request to a user-supplied URL through the SSRF guard. Response `{status_code, headers, body}`
 * (body parsed when JSON) goes to `success` (status < 400) or `error` (≥ 400), and to `always`.
 * Network failures and refused URLs fail the node (routed to `error` by the runner). A status ≥ 400
 * is reported as the node's error; 408, 425, 429 and 5xx are retried when the node sets `retry`.
 */
export const httpRequest: Executor = async (ctx) => {
	const d = await ctx.renderData();
	const method = String(d.method ?? 'GET').toUpperCase();
	const url = String(d.url ?? '').trim();
	if (!url) throw new NodeError('url: the URL is empty after rendering');
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries((d.headers as Record<string, unknown>) ?? {})) if (k.trim()) headers[k.trim()] = String(v);
	const lower = Object.keys(headers).map((k) => k.toLowerCase());
	let body: string | undefined = typeof d.body === 'string' && d.body !== '' ? d.body : undefined;
	if (body === undefined && method !== 'GET' && method !== 'HEAD' && ctx.inputs.data !== undefined) body = JSON.stringify(ctx.inputs.data);
	if (body !== undefined && !lower.includes('content-type')) headers['content-type'] = looksJson(body) ? 'application/json' : 'text/plain; charset=utf-8';
	if (typeof d.proxy === 'string' && d.proxy.trim()) ctx.log('warn', 'proxy is ignored: requests from workflows go directly through the SSRF guard');
	const res = await safeFetch(url, {
		method,
		headers,
		body: method === 'GET' || method === 'HEAD' ? undefined : body,
		allowHosts: ctx.host.config.allowHosts,
		timeoutMs: typeof d.timeout === 'number' ? d.timeout * 1000 : 30_000,
		maxBytes: MAX_RESPONSE_BYTES,
		signal: ctx.signal
	});
	const text = new TextDecoder().decode(res.body);
	const isJson = /\bjson\b/i.test(res.headers['content-type'] ?? '');
	const response = { status_code: res.status, headers: res.headers, body: isJson ? maybeJson(text) : text };
	if (res.status < 400) return { outputs: { success: response, always: response } };
	return {
		outputs: { error: response, always: response },
		error: `${method} ${url} answered ${res.status}`,
		retryable: RETRYABLE.has(res.status) || res.status >= 500
	};
};

/** Statuses worth a retry besides 5xx: request timeout, too early, too many requests. */
const RETRYABLE = new Set([408, 425, 429]);

function looksJson(s: string): boolean {
	const t = s.trim();
	if (!(t.startsWith('{') || t.startsWith('['))) return false;
	try {
		JSON.parse(t);
		return true;
	} catch {
		return false;
	}
}
