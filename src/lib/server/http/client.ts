import { Agent, ProxyAgent, type Dispatcher } from 'undici';

/**
 * The one outbound HTTP client for provider traffic: a keep-alive connection pool per provider,
 * optionally through an http, https or socks5 proxy. User-supplied URLs go through http/ssrf.ts instead.
 */
export interface ClientOptions {
	proxy?: string;
	insecureSkipVerify?: boolean;
}

const CONNECT_TIMEOUT_MS = 10_000;
// Idle sockets are kept 60 s; the upstream's keep-alive hint may shorten it, never past 10 min.
const KEEP_ALIVE_MS = 60_000;
const KEEP_ALIVE_MAX_MS = 600_000;

export function createDispatcher(opts: ClientOptions = {}): Dispatcher {
	const tls = { rejectUnauthorized: !opts.insecureSkipVerify };
	const common = {
		keepAliveTimeout: KEEP_ALIVE_MS,
		keepAliveMaxTimeout: KEEP_ALIVE_MAX_MS,
		// Per-request timeouts (first byte, idle) are set on each request instead.
		headersTimeout: 0,
		bodyTimeout: 0,
		connect: { ...tls, timeout: CONNECT_TIMEOUT_MS }
	};
	if (opts.proxy) {
		const url = new URL(opts.proxy);
		if (!['http:', 'https:', 'socks5:', 'socks:'].includes(url.protocol))
			throw new Error(`unsupported proxy scheme ${url.protocol} (use http, https or socks5)`);
		return new ProxyAgent({ ...common, uri: opts.proxy, requestTls: tls, proxyTls: tls });
	}
	return new Agent(common);
}

export interface SendOptions {
	method: string;
	headers: Record<string, string>;
	body?: string | Uint8Array | null;
	signal?: AbortSignal;
	/** Time allowed until the response headers arrive (ms; 0 = none). */
	firstByteTimeoutMs?: number;
	/** Time allowed between two body chunks (ms; 0 = none). */
	idleTimeoutMs?: number;
}

/** Sends one request; the caller consumes or discards `body`. */
export async function send(dispatcher: Dispatcher, url: string, opts: SendOptions): Promise<Dispatcher.ResponseData> {
	const u = new URL(url);
	return dispatcher.request({
		origin: u.origin,
		path: u.pathname + u.search,
		method: opts.method as Dispatcher.HttpMethod,
		headers: opts.headers,
		body: opts.body ?? undefined,
		signal: opts.signal,
		headersTimeout: opts.firstByteTimeoutMs ?? 0,
		bodyTimeout: opts.idleTimeoutMs ?? 0
	});
}

/** Errors from undici that mean "the upstream did not answer in time". */
export function isTimeoutError(e: unknown): boolean {
	const code = (e as { code?: string })?.code;
	return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

export function isConnectError(e: unknown): boolean {
	const code = (e as { code?: string; cause?: { code?: string } })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
	return ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code ?? '');
}
