import type { Dispatcher } from 'undici';
import { ROLES } from '$lib/schemas/auth';
import type { Config } from '../config/schema';
import { createDispatcher, isTimeoutError, send } from '../http/client';
import { errorMessage, log } from '../log';
import type { Role } from '../store/schema';

/**
 * Forward-auth (SPEC §4.3), Traefik's semantics: every guarded request is first asked of the auth
 * service (its body is never sent). 2xx lets it through with the identity taken from the auth
 * response; anything else is answered by the auth service (or a redirect to `redirect_url`).
 *
 * The identity (`server.user_header`, `role_header`) is read from the auth RESPONSE only, and the
 * client's own copies of those two headers are removed from the request the app sees: a client
 * cannot name itself by sending `X-User`.
 */
export type ForwardAuthConfig = NonNullable<Config['server']['forward_auth']>;

export interface ForwardAuthRequest {
	method: string;
	url: URL;
	headers: Headers;
	clientAddress: string;
}

export type ForwardAuthOutcome =
	/** 2xx. `username` is undefined when the auth service did not send the user header. */
	| { kind: 'allow'; username: string | undefined; role: Role | undefined; copy: [string, string][] }
	/** The auth service said no: answer the client with this. */
	| { kind: 'deny'; response: Response }
	/** The auth service could not be asked (unreachable, timeout, TLS): 502. */
	| { kind: 'error'; message: string };

// RFC 9110 §7.6.1 hop-by-hop headers, never forwarded in either direction.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade']);
// Not copied to the auth request: its own Host, a body length for a body that is not sent, AT's internal protocol tag.
const NOT_FORWARDED = new Set(['host', 'content-length', 'x-at-local-proto']);
// An auth service's error page is relayed in full up to this size; a larger one is treated as a failure.
const MAX_DENY_BODY = 1024 * 1024;

const FORWARDED = ['x-forwarded-method', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-uri', 'x-forwarded-for'];

export class ForwardAuth {
	private readonly dispatcher: Dispatcher;
	private readonly only?: Set<string>;
	private readonly responseHeaders: string[];
	private readonly responseRegex?: RegExp;
	readonly userHeader: string;
	readonly roleHeader: string;

	constructor(
		readonly cfg: ForwardAuthConfig,
		userHeader: string
	) {
		this.dispatcher = createDispatcher({ insecureSkipVerify: cfg.insecure_skip_verify });
		this.only = cfg.auth_request_headers.length ? new Set(cfg.auth_request_headers.map((h) => h.toLowerCase())) : undefined;
		this.responseHeaders = cfg.auth_response_headers.map((h) => h.toLowerCase());
		this.responseRegex = cfg.auth_response_headers_regex ? new RegExp(cfg.auth_response_headers_regex, 'i') : undefined;
		this.userHeader = userHeader.toLowerCase();
		this.roleHeader = cfg.role_header.toLowerCase();
	}

	/** The headers sent to the auth service for this request. */
	authRequestHeaders(req: ForwardAuthRequest): Record<string, string> {
		const out: Record<string, string> = {};
		const connectionListed = new Set(
			(req.headers.get('connection') ?? '')
				.split(',')
				.map((s) => s.trim().toLowerCase())
				.filter(Boolean)
		);
		for (const [name, value] of req.headers) {
			if (HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name) || connectionListed.has(name)) continue;
			if (this.only && !this.only.has(name)) continue;
			out[name] = value;
		}
		const trusted = (name: string) => (this.cfg.trust_forward_header ? req.headers.get(name) || undefined : undefined);
		for (const name of FORWARDED) delete out[name];
		out['x-forwarded-method'] = trusted('x-forwarded-method') ?? req.method;
		out['x-forwarded-proto'] = trusted('x-forwarded-proto') ?? req.url.protocol.replace(/:$/, '');
		out['x-forwarded-host'] = trusted('x-forwarded-host') ?? req.url.host;
		out['x-forwarded-uri'] = trusted('x-forwarded-uri') ?? req.url.pathname + req.url.search;
		const prior = trusted('x-forwarded-for');
		out['x-forwarded-for'] = prior ? `${prior}, ${req.clientAddress}` : req.clientAddress;
		return out;
	}

	async check(req: ForwardAuthRequest): Promise<ForwardAuthOutcome> {
		const timeoutMs = this.cfg.timeout;
		let res: Dispatcher.ResponseData;
		try {
			res = await send(this.dispatcher, this.cfg.address, {
				method: this.cfg.request_method.toUpperCase(),
				headers: this.authRequestHeaders(req),
				signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined,
				firstByteTimeoutMs: timeoutMs,
				idleTimeoutMs: timeoutMs
			});
		} catch (e) {
			return { kind: 'error', message: this.failure(e) };
		}
		const status = res.statusCode;
		if (status >= 200 && status < 300) {
			await res.body.dump().catch(() => {});
			return {
				kind: 'allow',
				username: header(res.headers, this.userHeader)?.trim() || undefined,
				role: this.role(header(res.headers, this.roleHeader)),
				copy: this.copied(res.headers)
			};
		}
		const method = req.method.toUpperCase();
		if (this.cfg.redirect_url && (method === 'GET' || method === 'HEAD') && this.cfg.redirect_status_codes.includes(status)) {
			await res.body.dump().catch(() => {});
			const location = this.cfg.redirect_url.replaceAll('{url}', encodeURIComponent(req.url.href));
			return { kind: 'deny', response: new Response(null, { status: this.cfg.redirect_code, headers: { location } }) };
		}
		let body: Uint8Array;
		try {
			body = await readCapped(res.body, MAX_DENY_BODY);
		} catch (e) {
			return { kind: 'error', message: this.failure(e) };
		}
		const headers = new Headers();
		for (const [name, value] of Object.entries(res.headers)) {
			if (value === undefined || HOP_BY_HOP.has(name) || name === 'content-length') continue;
			for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
		}
		const empty = status === 204 || status === 304 || method === 'HEAD';
		return { kind: 'deny', response: new Response(empty ? null : (body as BodyInit), { status, headers }) };
	}

	/** The auth response headers to set on the request: the configured list and the regex matches. */
	private copied(headers: Dispatcher.ResponseData['headers']): [string, string][] {
		const out: [string, string][] = [];
		for (const name of Object.keys(headers)) {
			const wanted = this.responseHeaders.includes(name) || this.responseRegex?.test(name) || name === this.userHeader || name === this.roleHeader;
			const value = header(headers, name);
			if (wanted && value !== undefined && !HOP_BY_HOP.has(name)) out.push([name, value]);
		}
		return out;
	}

	private role(value: string | undefined): Role | undefined {
		if (value === undefined) return undefined;
		const role = value.trim().toLowerCase();
		if ((ROLES as readonly string[]).includes(role)) return role as Role;
		log.warn('forward-auth role header ignored: not admin, editor or viewer', { header: this.roleHeader, value });
		return undefined;
	}

	private failure(e: unknown): string {
		const name = (e as { name?: string })?.name;
		if (isTimeoutError(e) || name === 'TimeoutError' || name === 'AbortError')
			return `the forward-auth service did not answer within ${this.cfg.timeout} ms`;
		const cause = (e as { cause?: unknown })?.cause;
		const detail = cause ? `${errorMessage(e)}: ${errorMessage(cause)}` : errorMessage(e);
		log.warn('forward-auth service unreachable', { address: this.cfg.address, error: detail });
		return `the forward-auth service is unreachable (${detail})`;
	}

	close() {
		return this.dispatcher.close();
	}
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
	const v = headers[name];
	return Array.isArray(v) ? v.join(', ') : v;
}

async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.length;
		if (size > max) {
			body.destroy();
			throw new Error(`the auth service's response body is larger than ${max} bytes`);
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/**
 * Sets the copied auth response headers on the request the app sees, after removing the client's own
 * user and role headers.
 */
export function applyAuthHeaders(headers: Headers, fa: ForwardAuth, copy: [string, string][]): void {
	headers.delete(fa.userHeader);
	headers.delete(fa.roleHeader);
	for (const [name, value] of copy) headers.set(name, value);
}
