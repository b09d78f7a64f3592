import { safeFetch } from '../../http/ssrf';
import type { SandboxHost, SandboxHttpRequest, SandboxHttpResponse } from './index';

export interface SafeHttpHostOptions {
	/** `workflow.http.allow_hosts`: hosts allowed even when they resolve to private addresses. */
	allowHosts?: string[];
	/** Per request (default 30 s; the script's own time limit usually ends it first). */
	timeoutMs?: number;
	/** Largest response body read (default 5 MB). */
	maxBytes?: number;
	/** Aborts every request (e.g. the run's cancel signal). */
	signal?: AbortSignal;
	/** Replaces safeFetch (tests). */
	fetcher?: typeof safeFetch;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** `host.http` for runScript: the script's http helpers go through the SSRF guard. */
export function safeHttpHost(opts: SafeHttpHostOptions = {}): NonNullable<SandboxHost['http']> {
	const fetcher = opts.fetcher ?? safeFetch;
	return async (req: SandboxHttpRequest, ctx: { signal: AbortSignal }): Promise<SandboxHttpResponse> => {
		const method = req.method.toUpperCase();
		if (!METHODS.has(method)) throw new Error(`unsupported HTTP method "${req.method}"`);
		const signal = opts.signal ? AbortSignal.any([opts.signal, ctx.signal]) : ctx.signal;
		const res = await fetcher(req.url, {
			method,
			headers: req.headers,
			body: req.body,
			allowHosts: opts.allowHosts,
			timeoutMs: opts.timeoutMs ?? 30_000,
			maxBytes: opts.maxBytes ?? 5 * 1024 * 1024,
			signal
		});
		return { status: res.status, headers: res.headers, body: new TextDecoder().decode(res.body) };
	};
}
