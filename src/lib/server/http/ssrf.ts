import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, type Dispatcher } from 'undici';

/**
 * The SSRF guard for every server-side request whose URL comes from a user (SPEC §8.4): DNS is resolved
 * once, private/loopback/link-local/metadata addresses are refused unless the host is allow-listed, the
 * connection is pinned to the checked address, and every redirect is checked again.
 */
export class SsrfError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SsrfError';
	}
}

function ipv4ToInt(ip: string): number {
	return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

const V4_BLOCKS: [string, number, string][] = [
	['0.0.0.0', 8, 'a "this network" address'],
	['10.0.0.0', 8, 'a private address'],
	['100.64.0.0', 10, 'a carrier-grade NAT address'],
	['127.0.0.0', 8, 'a loopback address'],
	['169.254.0.0', 16, 'a link-local or cloud metadata address'],
	['172.16.0.0', 12, 'a private address'],
	['192.0.0.0', 24, 'an IETF protocol address'],
	['192.168.0.0', 16, 'a private address'],
	['198.18.0.0', 15, 'a benchmarking address'],
	['224.0.0.0', 4, 'a multicast address'],
	['240.0.0.0', 4, 'a reserved address']
];

/** Why an address may not be reached, or null when it is public. */
export function blockedReason(ip: string): string | null {
	const family = isIP(ip);
	if (family === 4) {
		const n = ipv4ToInt(ip);
		for (const [base, bits, why] of V4_BLOCKS) {
			const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
			if ((n & mask) === (ipv4ToInt(base) & mask)) return why;
		}
		return null;
	}
	if (family === 6) {
		const a = ip.toLowerCase().replace(/^\[|\]$/g, '');
		const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(a);
		if (mapped) return blockedReason(mapped[1]);
		const hexMapped = /^(?:0*:)*:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
		if (hexMapped) {
			const hi = parseInt(hexMapped[1], 16);
			const lo = parseInt(hexMapped[2], 16);
			return blockedReason(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
		}
		if (a === '::1') return 'a loopback address';
		if (a === '::') return 'an unspecified address';
		if (/^f[cd]/.test(a)) return 'a unique-local address';
		if (/^fe[89ab]/.test(a)) return 'a link-local address';
		if (/^ff/.test(a)) return 'a multicast address';
		if (a.startsWith('fd00:ec2::254')) return 'a cloud metadata address';
		return null;
	}
	return 'not an IP address';
}

export interface GuardOptions {
	/** Hosts (names or IPs, optionally host:port) allowed even when they resolve to private addresses. */
	allowHosts?: string[];
}

interface Checked {
	url: URL;
	address: string;
	family: 4 | 6;
}

function allowed(url: URL, allowHosts: string[] = []): boolean {
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return allowHosts.some((h) => {
		const x = h.toLowerCase();
		return x === host || x === `${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
	});
}

/** Resolves the URL's host once and refuses non-public addresses; returns the address to pin. */
export async function assertPublicUrl(raw: string | URL, opts: GuardOptions = {}): Promise<Checked> {
	let url: URL;
	try {
		url = new URL(String(raw));
	} catch {
		throw new SsrfError(`refused: "${String(raw)}" is not a valid URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfError(`refused: only http and https URLs are allowed (got ${url.protocol})`);
	if (url.username || url.password) throw new SsrfError('refused: URLs with credentials are not allowed');
	// WHATWG URL parsing already normalises decimal/octal/hex IPv4 forms (http://2130706433/ → 127.0.0.1).
	const host = url.hostname.replace(/^\[|\]$/g, '');
	let address: string;
	let family: 4 | 6;
	if (isIP(host)) {
		address = host;
		family = isIP(host) as 4 | 6;
	} else {
		let res;
		try {
			res = await lookup(host, { all: true, verbatim: true });
		} catch {
			throw new SsrfError(`refused: cannot resolve ${host}`);
		}
		if (!res.length) throw new SsrfError(`refused: ${host} has no address`);
		if (!allowed(url, opts.allowHosts))
			for (const r of res) {
				const why = blockedReason(r.address);
				if (why) throw new SsrfError(`refused: ${host} resolves to ${r.address}, ${why}`);
			}
		address = res[0].address;
		family = res[0].family as 4 | 6;
	}
	if (!allowed(url, opts.allowHosts)) {
		const why = blockedReason(address);
		if (why) throw new SsrfError(`refused: ${address} is ${why}`);
	}
	return { url, address, family };
}

export interface SafeFetchOptions extends GuardOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: string | Uint8Array;
	timeoutMs?: number;
	maxBytes?: number;
	maxRedirects?: number;
	signal?: AbortSignal;
}

export interface SafeResponse {
	status: number;
	headers: Record<string, string>;
	body: Uint8Array;
	/** The final URL after redirects. */
	url: string;
}

function pinnedAgent(checked: Checked): Dispatcher {
	return new Agent({
		connect: {
			lookup: (_host, _opts, cb) => cb(null, [{ address: checked.address, family: checked.family }] as never, checked.family)
		}
	});
}

/** A request to a user-supplied URL through the guard; the body is read fully (up to maxBytes). */
export async function safeFetch(raw: string, opts: SafeFetchOptions = {}): Promise<SafeResponse> {
	const maxRedirects = opts.maxRedirects ?? 5;
	const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
	const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
	const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
	let current = raw;
	let method = (opts.method ?? 'GET').toUpperCase();
	let body = opts.body;
	for (let hop = 0; hop <= maxRedirects; hop++) {
		const checked = await assertPublicUrl(current, opts);
		const dispatcher = pinnedAgent(checked);
		try {
			const res = await dispatcher.request({
				origin: checked.url.origin,
				path: checked.url.pathname + checked.url.search,
				method: method as Dispatcher.HttpMethod,
				headers: opts.headers,
				body: body ?? undefined,
				signal
			});
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
			if (res.statusCode >= 300 && res.statusCode < 400 && headers.location) {
				await res.body.dump();
				current = new URL(headers.location, checked.url).toString();
				if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
					method = 'GET';
					body = undefined;
				}
				continue;
			}
			const parts: Buffer[] = [];
			let size = 0;
			for await (const chunk of res.body) {
				size += (chunk as Buffer).byteLength;
				if (size > maxBytes) {
					res.body.destroy();
					throw new SsrfError(`refused: the response from ${checked.url.host} is larger than ${maxBytes} bytes`);
				}
				parts.push(chunk as Buffer);
			}
			return { status: res.statusCode, headers, body: new Uint8Array(Buffer.concat(parts)), url: checked.url.toString() };
		} finally {
			void dispatcher.close();
		}
	}
	throw new SsrfError(`refused: more than ${maxRedirects} redirects`);
}
