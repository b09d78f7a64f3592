import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';

/**
 * The SSRF guard for every server-side request whose URL comes from a user (SPEC §8.4): DNS is resolved
 * once, private/loopback/link-local/metadata addresses are refused unless the host is allow-listed, the
 * connection is pinned to the checked address, and every redirect is checked again.
 *
 * `allowHosts` entries: a host name or IP (`127.0.0.1`, `[::1]`, `mock.internal`), optionally with a
 * port (`localhost:8080`), or a wildcard for sub-domains (`*.corp.example`). The match is on the URL's
 * host as written, never on what it resolves to, so an allowed name cannot vouch for a redirect target.
 */
export class SsrfError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SsrfError';
	}
}

export interface ResolvedAddress {
	address: string;
	family: 4 | 6;
}

/** Resolves a host name to every address (dns.lookup with all: true); replaceable in tests. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (host) =>
	(await dnsLookup(host, { all: true, verbatim: true })).map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));

function ipv4ToInt(ip: string): number {
	return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIpv4(n: number): string {
	return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const V4_BLOCKS: [string, number, string][] = [
	['0.0.0.0', 8, 'a "this network" address'],
	['10.0.0.0', 8, 'a private address'],
	['100.64.0.0', 10, 'a carrier-grade NAT address'],
	['127.0.0.0', 8, 'a loopback address'],
	['169.254.169.254', 32, 'a cloud metadata address'],
	['169.254.0.0', 16, 'a link-local address'],
	['172.16.0.0', 12, 'a private address'],
	['192.0.0.0', 24, 'an IETF protocol address'],
	['192.0.2.0', 24, 'a documentation address'],
	['192.88.99.0', 24, 'a 6to4 relay address'],
	['192.168.0.0', 16, 'a private address'],
	['198.18.0.0', 15, 'a benchmarking address'],
	['198.51.100.0', 24, 'a documentation address'],
	['203.0.113.0', 24, 'a documentation address'],
	['224.0.0.0', 4, 'a multicast address'],
	['240.0.0.0', 4, 'a reserved address']
];

function v4Reason(ip: string): string | null {
	const n = ipv4ToInt(ip);
	for (const [base, bits, why] of V4_BLOCKS) {
		const size = 2 ** (32 - bits);
		const start = ipv4ToInt(base);
		if (n >= start && n < start + size) return why;
	}
	return null;
}

/** The eight 16-bit groups of an IPv6 address (with an optional dotted IPv4 tail), or null. */
function ipv6Groups(ip: string): number[] | null {
	let s = ip.toLowerCase().replace(/^\[|\]$/g, '');
	const zone = s.indexOf('%');
	if (zone >= 0) s = s.slice(0, zone);
	const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
	if (tail) {
		if (isIP(tail[1]) !== 4) return null;
		const n = ipv4ToInt(tail[1]);
		s = s.slice(0, -tail[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
	}
	const halves = s.split('::');
	if (halves.length > 2) return null;
	const part = (x: string) => (x === '' ? [] : x.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
	const head = part(halves[0]);
	const rest = halves.length === 2 ? part(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
	const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
	return groups.some((g) => Number.isNaN(g)) ? null : groups;
}

function v6Reason(groups: number[]): string | null {
	const [g0, g1, g2, g3, g4, g5, g6, g7] = groups;
	const embedded = () => intToIpv4(g6 * 65536 + g7);
	const zeroTo = (k: number) => groups.slice(0, k).every((g) => g === 0);
	if (zeroTo(8)) return 'an unspecified address';
	if (zeroTo(7) && g7 === 1) return 'a loopback address';
	// ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible): judged as the IPv4 address.
	if (zeroTo(5) && (g5 === 0xffff || g5 === 0)) return v4Reason(embedded()) ?? (g5 === 0 ? 'an IPv4-compatible address' : null);
	// 64:ff9b::/96 (NAT64) embeds the IPv4 address in its last 32 bits.
	if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4Reason(embedded());
	// 2002::/16 (6to4) embeds an IPv4 address in bits 16–47.
	if (g0 === 0x2002) return v4Reason(intToIpv4(g1 * 65536 + g2));
	if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'a discard-only address';
	if (g0 === 0x2001 && g1 === 0xdb8) return 'a documentation address';
	if (g0 === 0xfd00 && g1 === 0xec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) return 'a cloud metadata address';
	if ((g0 & 0xfe00) === 0xfc00) return 'a unique-local address';
	if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address';
	if ((g0 & 0xffc0) === 0xfec0) return 'a site-local address';
	if ((g0 & 0xff00) === 0xff00) return 'a multicast address';
	return null;
}

/** Why an address may not be reached (e.g. `a loopback address`), or null when it is public. */
export function blockedReason(ip: string): string | null {
	const bare = ip.replace(/^\[|\]$/g, '');
	const family = isIP(bare);
	if (family === 4) return v4Reason(bare);
	if (family === 6) {
		const groups = ipv6Groups(bare);
		return groups ? v6Reason(groups) : 'not an IP address';
	}
	return 'not an IP address';
}

export interface GuardOptions {
	/** Hosts allowed even when they resolve to private addresses (see the module comment). */
	allowHosts?: string[];
	/** DNS resolution (default: the system resolver via dns.lookup). */
	resolver?: Resolver;
}

export interface CheckedUrl {
	url: URL;
	/** The address the connection must use. */
	address: string;
	family: 4 | 6;
}

function defaultPort(url: URL): string {
	return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** Whether the URL's host is in the allow-list. */
export function hostAllowed(url: URL, allowHosts: readonly string[] = []): boolean {
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = defaultPort(url);
	return allowHosts.some((entry) => {
		let h = entry.trim().toLowerCase();
		let p: string | undefined;
		const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(h);
		if (bracketed) [h, p] = [bracketed[1], bracketed[2]];
		else if (/^[^:]+:\d+$/.test(h)) [h, p] = h.split(':');
		if (p !== undefined && p !== port) return false;
		if (h.startsWith('*.')) return host.endsWith(h.slice(1)) && host.length > h.length - 1;
		return h === host;
	});
}

/**
 * Parses the URL, resolves its host once and refuses non-public addresses (unless allow-listed).
 * Returns the address to pin the connection to. Throws SsrfError.
 */
export async function assertPublicUrl(raw: string | URL, opts: GuardOptions = {}): Promise<CheckedUrl> {
	let url: URL;
	try {
		url = new URL(String(raw));
	} catch {
		throw new SsrfError(`refused: "${String(raw)}" is not a valid URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfError(`refused: only http and https URLs are allowed (got ${url.protocol})`);
	if (url.username || url.password) throw new SsrfError('refused: URLs with credentials are not allowed');
	// WHATWG URL parsing already turns decimal, octal and hex IPv4 forms into dotted quads
	// (http://2130706433/, http://0177.0.0.1/, http://0x7f.1/ → 127.0.0.1).
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (!host) throw new SsrfError(`refused: "${String(raw)}" has no host`);
	const allowed = hostAllowed(url, opts.allowHosts);
	const literal = isIP(host);
	if (literal) {
		const why = allowed ? null : blockedReason(host);
		if (why) throw new SsrfError(`refused: ${host} is ${why}`);
		return { url, address: host, family: literal === 6 ? 6 : 4 };
	}
	let addresses: ResolvedAddress[];
	try {
		addresses = await (opts.resolver ?? systemResolver)(host);
	} catch {
		throw new SsrfError(`refused: cannot resolve ${host}`);
	}
	if (!addresses.length) throw new SsrfError(`refused: ${host} has no address`);
	if (!allowed)
		for (const a of addresses) {
			const why = blockedReason(a.address);
			if (why) throw new SsrfError(`refused: ${host} resolves to ${a.address}, ${why}`);
		}
	return { url, address: addresses[0].address, family: addresses[0].family };
}

export interface SafeFetchOptions extends GuardOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: string | Uint8Array;
	/** The whole exchange including redirects and reading the body (default 30 s). */
	timeoutMs?: number;
	/** Largest response body read (default 10 MB). */
	maxBytes?: number;
	/** Redirects followed, each one checked again (default 5). */
	maxRedirects?: number;
	signal?: AbortSignal;
}

export interface SafeResponse {
	status: number;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	body: Uint8Array;
	/** The final URL after redirects. */
	url: string;
}

function pinnedAgent(checked: CheckedUrl): Dispatcher {
	return new Agent({
		connections: 1,
		pipelining: 0,
		connect: {
			// Every connection of this agent goes to the checked address, whatever DNS says now.
			lookup: (_host, _opts, cb) => cb(null, [{ address: checked.address, family: checked.family }] as never, checked.family)
		}
	});
}

const CROSS_ORIGIN_DROPPED = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * A request to a user-supplied URL through the guard; the body is read fully (up to maxBytes).
 * Throws SsrfError when a URL (first or after a redirect) is refused, when there are too many
 * redirects or the body is too large; network errors and timeouts throw an Error with a message.
 */
export async function safeFetch(raw: string | URL, opts: SafeFetchOptions = {}): Promise<SafeResponse> {
	const maxRedirects = opts.maxRedirects ?? 5;
	const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
	const timeoutMs = opts.timeoutMs ?? 30_000;
	const timeout = AbortSignal.timeout(timeoutMs);
	const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
	let current = String(raw);
	let method = (opts.method ?? 'GET').toUpperCase();
	let body = opts.body;
	let headers: Record<string, string> = { ...opts.headers };
	let origin: string | undefined;
	for (let hop = 0; ; hop++) {
		if (signal.aborted) throw abortError(signal, timeout, timeoutMs);
		const checked = await assertPublicUrl(current, opts);
		if (origin !== undefined && checked.url.origin !== origin)
			headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CROSS_ORIGIN_DROPPED.has(k.toLowerCase())));
		origin = checked.url.origin;
		const dispatcher = pinnedAgent(checked);
		try {
			let res: Dispatcher.ResponseData;
			try {
				res = await dispatcher.request({
					origin: checked.url.origin,
					path: checked.url.pathname + checked.url.search,
					method: method as Dispatcher.HttpMethod,
					headers,
					body: body ?? undefined,
					signal
				});
			} catch (err) {
				throw signal.aborted ? abortError(signal, timeout, timeoutMs) : networkError(err, checked.url);
			}
			const resHeaders: Record<string, string> = {};
			for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
			if (res.statusCode >= 300 && res.statusCode < 400 && resHeaders.location) {
				await res.body.dump().catch(() => undefined);
				if (hop >= maxRedirects) throw new SsrfError(`refused: more than ${maxRedirects} redirects`);
				current = new URL(resHeaders.location, checked.url).toString();
				if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
					if (method !== 'HEAD') method = 'GET';
					body = undefined;
					headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length|encoding)$/i.test(k)));
				}
				continue;
			}
			const declared = Number(resHeaders['content-length']);
			if (Number.isFinite(declared) && declared > maxBytes) {
				discard(res.body);
				throw new SsrfError(`refused: the response from ${checked.url.host} is larger than ${maxBytes} bytes`);
			}
			const parts: Buffer[] = [];
			let size = 0;
			try {
				for await (const chunk of res.body) {
					const buf = chunk as Buffer;
					size += buf.byteLength;
					if (size > maxBytes) {
						discard(res.body);
						throw new SsrfError(`refused: the response from ${checked.url.host} is larger than ${maxBytes} bytes`);
					}
					parts.push(buf);
				}
			} catch (err) {
				if (err instanceof SsrfError) throw err;
				throw signal.aborted ? abortError(signal, timeout, timeoutMs) : networkError(err, checked.url);
			}
			return { status: res.statusCode, headers: resHeaders, body: new Uint8Array(Buffer.concat(parts)), url: checked.url.toString() };
		} finally {
			void dispatcher.close().catch(() => undefined);
		}
	}
}

function discard(body: Dispatcher.ResponseData['body']): void {
	body.on('error', () => undefined);
	body.destroy();
}

function abortError(signal: AbortSignal, timeout: AbortSignal, timeoutMs: number): Error {
	if (timeout.aborted) return new Error(`the request timed out after ${timeoutMs} ms`);
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : new Error('the request was aborted');
}

function networkError(err: unknown, url: URL): Error {
	const e = err as { message?: unknown; code?: unknown; cause?: { code?: unknown } } | null;
	const message = typeof e?.message === 'string' ? e.message : String(err);
	const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : '';
	return new Error(`request to ${url.host} failed: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`);
}

export interface GuardedFetchOptions extends GuardOptions {
	/** Redirects followed, each one checked again (default 5). A redirect of a streamed body is refused. */
	maxRedirects?: number;
}

/** Pinned agents by origin and checked address, so a series of calls to one server reuses connections. */
const agentCache = new Map<string, { agent: Dispatcher; until: number }>();
const AGENT_TTL_MS = 60_000;
const AGENT_CACHE_MAX = 64;

function cachedAgent(checked: CheckedUrl): Dispatcher {
	const key = `${checked.url.origin}|${checked.address}`;
	const now = Date.now();
	const hit = agentCache.get(key);
	if (hit && hit.until > now) return hit.agent;
	if (hit) void hit.agent.close().catch(() => undefined);
	agentCache.delete(key);
	const agent = pinnedAgentPool(checked);
	agentCache.set(key, { agent, until: now + AGENT_TTL_MS });
	while (agentCache.size > AGENT_CACHE_MAX) {
		const [oldKey, old] = agentCache.entries().next().value!;
		agentCache.delete(oldKey);
		void old.agent.close().catch(() => undefined);
	}
	return agent;
}

function pinnedAgentPool(checked: CheckedUrl): Dispatcher {
	return new Agent({
		keepAliveTimeout: 10_000,
		connect: {
			lookup: (_host, _opts, cb) => cb(null, [{ address: checked.address, family: checked.family }] as never, checked.family)
		}
	});
}

/**
 * A WHATWG-fetch-compatible function (e.g. for the MCP SDK's `fetch` option) whose every request,
 * and every redirect, passes the guard and is pinned to the checked address. Unlike safeFetch the
 * response body streams (SSE), so there is no size limit here.
 */
export function createGuardedFetch(opts: GuardedFetchOptions = {}): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
	return async (input, init = {}) => {
		const request = input instanceof Request ? input : undefined;
		let current = request ? request.url : String(input);
		let method = (init.method ?? request?.method ?? 'GET').toUpperCase();
		let headers = new Headers(init.headers ?? request?.headers);
		let body: RequestInit['body'] = init.body ?? (request && method !== 'GET' && method !== 'HEAD' ? await request.arrayBuffer() : undefined);
		const signal = init.signal ?? request?.signal ?? undefined;
		const redirectMode = init.redirect ?? request?.redirect ?? 'follow';
		const maxRedirects = opts.maxRedirects ?? 5;
		let origin: string | undefined;
		for (let hop = 0; ; hop++) {
			const checked = await assertPublicUrl(current, opts);
			if (origin !== undefined && checked.url.origin !== origin) for (const h of CROSS_ORIGIN_DROPPED) headers.delete(h);
			origin = checked.url.origin;
			const res = (await undiciFetch(checked.url, {
				method,
				headers: headers as never,
				body: body as never,
				signal,
				redirect: 'manual',
				dispatcher: cachedAgent(checked),
				...(body instanceof ReadableStream ? { duplex: 'half' } : {})
			} as never)) as unknown as Response;
			const location = res.headers.get('location');
			if (res.status < 300 || res.status >= 400 || !location || redirectMode === 'manual') return res;
			await res.body?.cancel().catch(() => undefined);
			if (redirectMode === 'error') throw new TypeError(`fetch failed: redirected to ${location}`);
			if (hop >= maxRedirects) throw new SsrfError(`refused: more than ${maxRedirects} redirects`);
			if (body instanceof ReadableStream) throw new SsrfError('refused: cannot follow a redirect after streaming a request body');
			current = new URL(location, checked.url).toString();
			if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
				if (method !== 'HEAD') method = 'GET';
				body = undefined;
				headers = new Headers(headers);
				for (const h of ['content-type', 'content-length', 'content-encoding']) headers.delete(h);
			}
		}
	};
}
