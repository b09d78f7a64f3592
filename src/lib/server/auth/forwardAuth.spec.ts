import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema';
import { applyAuthHeaders, ForwardAuth, type ForwardAuthRequest } from './forwardAuth';

let server: Server;
let address = '';
let seen: IncomingHttpHeaders = {};
beforeAll(async () => {
	server = createServer((req, res) => {
		seen = req.headers;
		res.setHeader('x-user', 'alice');
		res.setHeader('x-user-role', 'Editor');
		res.setHeader('x-auth-email', 'alice@example.com');
		res.setHeader('x-auth-groups', 'ops');
		res.setHeader('remote-team', 'blue');
		res.setHeader('x-unlisted', 'nope');
		res.end('ok');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function fa(opts: Record<string, unknown> = {}) {
	const cfg = configSchema.parse({ server: { forward_auth: { address, ...opts } } });
	return new ForwardAuth(cfg.server.forward_auth!, cfg.server.user_header);
}

function req(headers: Record<string, string>, url = 'http://app.example:8080/workflows?x=1'): ForwardAuthRequest {
	return { method: 'POST', url: new URL(url), headers: new Headers(headers), clientAddress: '10.0.0.7' };
}

describe('forward-auth request headers', () => {
	// Forwarding hop-by-hop headers or the client's Host would break or mislead the auth service.
	it('copies all but hop-by-hop headers and sets X-Forwarded-* from the request', () => {
		const h = fa().authRequestHeaders(
			req({
				cookie: 'sso=1',
				authorization: 'Bearer t',
				connection: 'keep-alive, x-secret-hop',
				'x-secret-hop': 'h',
				'keep-alive': 'timeout=5',
				te: 'trailers',
				upgrade: 'websocket',
				host: 'app.example:8080',
				'content-length': '12',
				'x-forwarded-for': '6.6.6.6',
				'x-forwarded-host': 'evil.example',
				'x-forwarded-proto': 'gopher'
			})
		);
		expect(h).toEqual({
			cookie: 'sso=1',
			authorization: 'Bearer t',
			'x-forwarded-method': 'POST',
			'x-forwarded-proto': 'http',
			'x-forwarded-host': 'app.example:8080',
			'x-forwarded-uri': '/workflows?x=1',
			'x-forwarded-for': '10.0.0.7'
		});
	});

	it('sends only auth_request_headers when listed', () => {
		const h = fa({ auth_request_headers: ['Cookie'] }).authRequestHeaders(req({ cookie: 'sso=1', authorization: 'Bearer t', 'x-other': 'o' }));
		expect(Object.keys(h).sort()).toEqual(['cookie', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-method', 'x-forwarded-proto', 'x-forwarded-uri']);
	});

	// Trusting a client's X-Forwarded-* is only safe behind a proxy that sets them; it must be opt-in.
	it('reuses incoming X-Forwarded-* only with trust_forward_header, appending the client to X-Forwarded-For', () => {
		const incoming = { 'x-forwarded-for': '1.2.3.4', 'x-forwarded-host': 'public.example', 'x-forwarded-proto': 'https', 'x-forwarded-uri': '/at/x', 'x-forwarded-method': 'PUT' };
		expect(fa({ trust_forward_header: true }).authRequestHeaders(req(incoming))).toMatchObject({
			'x-forwarded-for': '1.2.3.4, 10.0.0.7',
			'x-forwarded-host': 'public.example',
			'x-forwarded-proto': 'https',
			'x-forwarded-uri': '/at/x',
			'x-forwarded-method': 'PUT'
		});
		expect(fa({ trust_forward_header: false }).authRequestHeaders(req(incoming))).toMatchObject({
			'x-forwarded-for': '10.0.0.7',
			'x-forwarded-host': 'app.example:8080',
			'x-forwarded-proto': 'http'
		});
	});
});

describe('forward-auth response headers', () => {
	// A client sending X-User itself must never be believed; only the auth service names the user.
	it('copies the listed and regex-matching headers onto the request and drops the client’s identity headers', async () => {
		const f = fa({ auth_response_headers: ['X-Auth-Email'], auth_response_headers_regex: '^remote-' });
		const r = req({ 'x-user': 'mallory', 'x-user-role': 'admin', 'x-auth-groups': 'client-sent' });
		const out = await f.check(r);
		expect(seen['x-forwarded-uri']).toBe('/workflows?x=1');
		expect(out.kind).toBe('allow');
		if (out.kind !== 'allow') return;
		expect(out.username).toBe('alice');
		expect(out.role).toBe('editor');
		applyAuthHeaders(r.headers, f, out.copy);
		expect(r.headers.get('x-user')).toBe('alice');
		expect(r.headers.get('x-user-role')).toBe('Editor');
		expect(r.headers.get('x-auth-email')).toBe('alice@example.com');
		expect(r.headers.get('remote-team')).toBe('blue');
		expect(r.headers.get('x-unlisted')).toBeNull();
		expect(r.headers.get('x-auth-groups')).toBe('client-sent');
	});

	it('ignores a role header that names no role', async () => {
		server.removeAllListeners('request');
		server.on('request', (_req, res) => {
			res.setHeader('x-user', 'bob');
			res.setHeader('x-user-role', 'superuser');
			res.end();
		});
		const out = await fa().check(req({}));
		expect(out).toMatchObject({ kind: 'allow', username: 'bob', role: undefined });
	});
});
