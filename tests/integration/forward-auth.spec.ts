import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiCall, formPost, get, login } from '../helpers/auth';
import { freePort, startAt, type AtServer } from '../helpers/server';

/** A real auth service on loopback whose answer each test scripts. */
interface Hit {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function authServer(server: Server) {
	const state = { hits: [] as Hit[], handler: ((_req, res) => res.writeHead(401).end()) as Handler };
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			state.hits.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			state.handler(req, res);
		});
	});
	return state;
}

const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
const allow = (headers: Record<string, string>): Handler => (_req, res) => res.writeHead(200, headers).end('ignored body');

const plain = createHttpServer();
const auth = authServer(plain);
const certDir = mkdtempSync(join(tmpdir(), 'at-fa-tls-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const tls = createHttpsServer({ key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) });
const tlsAuth = authServer(tls);

let A: AtServer;
let unreachable: AtServer;
let strictTls: AtServer;
let skipTls: AtServer;
const TOKEN = 'adm-fa';
let authPort = 0;

beforeAll(async () => {
	const [port, tlsPort, closedPort] = [await listen(plain), await listen(tls), await freePort()];
	authPort = port;
	const base = { user_header: 'X-User', admin_token: TOKEN };
	[A, unreachable, strictTls, skipTls] = await Promise.all([
		startAt({
			config: {
				server: {
					...base,
					forward_auth: {
						address: `http://127.0.0.1:${port}/verify?app=at`,
						request_method: 'POST',
						timeout: '1s',
						redirect_url: 'https://sso.example/login?rd={url}',
						redirect_code: 307,
						redirect_status_codes: [401]
					}
				}
			}
		}),
		startAt({ config: { server: { ...base, forward_auth: { address: `http://127.0.0.1:${closedPort}/verify` } } } }),
		startAt({ config: { server: { ...base, forward_auth: { address: `https://127.0.0.1:${tlsPort}/verify` } } } }),
		startAt({
			config: {
				server: {
					...base,
					forward_auth: {
						address: `https://127.0.0.1:${tlsPort}/verify`,
						insecure_skip_verify: true,
						trust_forward_header: true,
						auth_request_headers: ['Cookie', 'Authorization']
					}
				}
			}
		})
	]);
});
afterAll(async () => {
	await Promise.all([A, unreachable, strictTls, skipTls].map((s) => s?.destroy()));
	await Promise.all([plain, tls].map((s) => new Promise((r) => s.close(r))));
	rmSync(certDir, { recursive: true, force: true });
});
beforeEach(() => {
	auth.hits.length = 0;
	tlsAuth.hits.length = 0;
});

const users = async (at: AtServer) =>
	(await apiCall<{ users: { username: string; role: string; has_password: boolean; last_login_at: string | null }[] }>(at.url, { bearer: TOKEN }, 'GET', '/users')).json.users;

describe(`forward-auth on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	// The auth service decides from what it is sent; a wrong method or missing X-Forwarded-* breaks real SSO proxies.
	it('asks the auth service with the configured method, the request headers and X-Forwarded-*, without the body', async () => {
		auth.handler = allow({ 'x-user': 'alice' });
		const r = await fetch(`${A.url}/?tab=1`, { redirect: 'manual', headers: { cookie: 'sso=abc', 'x-forwarded-host': 'spoofed.example' } });
		expect(r.status).toBe(200);
		expect(auth.hits).toHaveLength(1);
		const hit = auth.hits[0];
		expect(hit.method).toBe('POST');
		expect(hit.url).toBe('/verify?app=at');
		expect(hit.body).toBe('');
		expect(hit.headers).toMatchObject({
			cookie: 'sso=abc',
			'x-forwarded-method': 'GET',
			'x-forwarded-uri': '/?tab=1',
			'x-forwarded-host': `127.0.0.1:${A.port}`,
			'x-forwarded-proto': 'http',
			'x-forwarded-for': '127.0.0.1'
		});
		expect(hit.headers.host).toBe(`127.0.0.1:${authPort}`);
		expect(hit.headers['x-at-local-proto']).toBeUndefined();
	});

	it('drops hop-by-hop headers, including those named in Connection', async () => {
		auth.handler = allow({ 'x-user': 'alice' });
		await new Promise<void>((resolve, reject) => {
			const req = httpRequest(`${A.url}/`, {
				headers: { Connection: 'keep-alive, X-Hop', 'X-Hop': '1', 'Keep-Alive': 'timeout=5', TE: 'trailers', 'Proxy-Authorization': 'Basic eDp5', 'X-Plain': 'kept' }
			});
			req.on('response', (res) => res.resume().on('end', resolve));
			req.on('error', reject);
			req.end();
		});
		const h = auth.hits[0].headers;
		expect(h['x-plain']).toBe('kept');
		for (const name of ['x-hop', 'keep-alive', 'te', 'proxy-authorization']) expect([name, h[name]]).toEqual([name, undefined]);
	});

	// SPEC §4.3: first sight creates a viewer unless the role header says otherwise; the header then stays authoritative.
	it('creates the user on first sight as a viewer, or with the role header’s role, and applies later role headers', async () => {
		auth.handler = allow({ 'x-user': 'alice' });
		expect((await get(A.url, '/')).status).toBe(200);
		const alice = (await users(A)).find((u) => u.username === 'alice')!;
		expect(alice).toMatchObject({ role: 'viewer', has_password: false });
		expect(alice.last_login_at).not.toBeNull();
		expect((await apiCall(A.url, {}, 'GET', '/users')).status).toBe(403);

		auth.handler = allow({ 'x-user': 'carol', 'x-user-role': 'editor' });
		expect((await apiCall(A.url, {}, 'POST', '/workflows', { name: 'by-carol', graph: { nodes: [], edges: [] } })).status).toBe(201);
		expect((await users(A)).find((u) => u.username === 'carol')?.role).toBe('editor');
		auth.handler = allow({ 'x-user': 'carol', 'x-user-role': 'ADMIN' });
		expect((await apiCall(A.url, {}, 'GET', '/users')).status).toBe(200);
		auth.handler = allow({ 'x-user': 'carol' });
		expect((await apiCall(A.url, {}, 'GET', '/users')).status).toBe(200);
		auth.handler = allow({ 'x-user': 'carol', 'x-user-role': 'root' });
		expect((await apiCall(A.url, {}, 'GET', '/users')).status).toBe(200);
		expect((await users(A)).find((u) => u.username === 'carol')?.role).toBe('admin');
	});

	// A client naming itself in X-User must not become that user.
	it('takes the identity from the auth response only, never from the client’s headers', async () => {
		auth.handler = allow({});
		const api = await fetch(`${A.url}/api/v1/users`, { headers: { 'x-user': 'carol', 'x-user-role': 'admin' } });
		expect(api.status).toBe(401);
		const page = await get(A.url, '/', undefined, { 'x-user': 'carol' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe('/login?redirectTo=%2F');
		auth.handler = allow({ 'x-user': 'alice' });
		expect((await fetch(`${A.url}/api/v1/users`, { headers: { 'x-user': 'carol' } })).status).toBe(403);
	});

	it('redirects a refused GET or HEAD with a status in redirect_status_codes to redirect_url with the URL encoded', async () => {
		auth.handler = (_req, res) => res.writeHead(401, { 'www-authenticate': 'Basic' }).end('login first');
		for (const method of ['GET', 'HEAD']) {
			const r = await fetch(`${A.url}/runs?x=1&y=2`, { method, redirect: 'manual' });
			expect([method, r.status]).toEqual([method, 307]);
			expect(r.headers.get('location')).toBe(`https://sso.example/login?rd=${encodeURIComponent(`${A.url}/runs?x=1&y=2`)}`);
		}
	});

	it('otherwise answers with the auth service’s status, headers and body', async () => {
		auth.handler = (_req, res) => res.writeHead(401, { 'www-authenticate': 'Bearer realm="sso"', 'x-sso': 'denied', 'content-type': 'text/plain' }).end('no entry');
		const post = await fetch(`${A.url}/api/v1/workflows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(post.status).toBe(401);
		expect(post.headers.get('www-authenticate')).toBe('Bearer realm="sso"');
		expect(post.headers.get('x-sso')).toBe('denied');
		expect(await post.text()).toBe('no entry');

		auth.handler = (_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"not in group"}');
		const forbidden = await get(A.url, '/');
		expect(forbidden.status).toBe(403);
		expect(await forbidden.json()).toEqual({ error: 'not in group' });
	});

	// Following the auth service's redirect server-side would hide the SSO login from the browser.
	it('never follows the auth service’s redirects', async () => {
		auth.handler = (req, res) => (req.url!.startsWith('/verify') ? res.writeHead(302, { location: '/elsewhere' }).end() : res.writeHead(200, { 'x-user': 'alice' }).end());
		const r = await get(A.url, '/');
		expect(r.status).toBe(302);
		expect(r.headers.get('location')).toBe('/elsewhere');
		expect(auth.hits.map((h) => h.url)).toEqual(['/verify?app=at']);
	});

	it('answers 502 when the auth service is unreachable or slower than the timeout', async () => {
		const down = await apiCall(unreachable.url, {}, 'GET', '/workflows');
		expect(down.status).toBe(502);
		expect(down.json.message).toMatch(/forward-auth service is unreachable/);
		expect((await get(unreachable.url, '/')).status).toBe(502);

		auth.handler = (_req, res) => setTimeout(() => res.writeHead(200, { 'x-user': 'alice' }).end(), 2500);
		const t0 = Date.now();
		const slow = await apiCall(A.url, {}, 'GET', '/workflows');
		expect(slow.status).toBe(502);
		expect(slow.json.message).toMatch(/did not answer within 1000 ms/);
		expect(Date.now() - t0).toBeLessThan(2400);
	});

	// Either a session or forward-auth suffices; sessions must keep working when the SSO is down or says no.
	it('lets a valid session, the admin token and the sign-in pages through without asking the auth service', async () => {
		await apiCall(A.url, { bearer: TOKEN }, 'POST', '/users', { username: 'local', password: 'local-password', role: 'editor' });
		auth.handler = (_req, res) => res.writeHead(401).end();
		expect((await get(A.url, '/login')).status).toBe(200);
		const cookie = await login(A.url, 'local', 'local-password');
		expect((await get(A.url, '/', cookie)).status).toBe(200);
		expect((await apiCall(A.url, { cookie }, 'GET', '/workflows')).status).toBe(200);
		expect((await apiCall(A.url, { bearer: TOKEN }, 'GET', '/users')).status).toBe(200);
		expect((await formPost(A.url, '/logout', {}, { cookie })).status).toBe(303);
		expect(auth.hits).toEqual([]);
		// The cookie is gone: the auth service is asked again.
		expect((await get(A.url, '/', cookie)).status).toBe(307);
		expect(auth.hits).toHaveLength(1);
	});

	it('never applies to /gateway, /webhooks, /healthz or /readyz', async () => {
		auth.handler = (_req, res) => res.writeHead(401).end();
		expect((await fetch(`${A.url}/healthz`)).status).toBe(200);
		expect((await fetch(`${A.url}/readyz`)).status).toBe(200);
		expect((await fetch(`${A.url}/gateway/v1/models`)).status).toBe(401);
		expect((await fetch(`${A.url}/webhooks/nope`, { method: 'POST' })).status).toBe(404);
		expect(auth.hits).toEqual([]);
	});

	// insecure_skip_verify exists for internal auth services with private CAs; off by default.
	it('verifies the auth service’s TLS certificate unless insecure_skip_verify is set', async () => {
		tlsAuth.handler = allow({ 'x-user': 'tls-user' });
		const strict = await apiCall(strictTls.url, {}, 'GET', '/workflows');
		expect(strict.status).toBe(502);
		expect(strict.json.message).toMatch(/unreachable.*(certificate|self.signed)/i);
		expect(tlsAuth.hits).toEqual([]);
		expect((await apiCall(skipTls.url, {}, 'GET', '/workflows')).status).toBe(200);
		expect(tlsAuth.hits).toHaveLength(1);
	});

	it('sends only auth_request_headers when listed, and reuses X-Forwarded-* with trust_forward_header', async () => {
		tlsAuth.handler = allow({ 'x-user': 'tls-user' });
		const r = await fetch(`${skipTls.url}/`, {
			headers: { cookie: 'sso=1', 'x-custom': 'no', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'at.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-uri': '/at/' }
		});
		expect(r.status).toBe(200);
		const h = tlsAuth.hits[0].headers;
		expect(h.cookie).toBe('sso=1');
		expect(h['x-custom']).toBeUndefined();
		expect(h).toMatchObject({ 'x-forwarded-for': '203.0.113.9, 127.0.0.1', 'x-forwarded-host': 'at.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-uri': '/at/', 'x-forwarded-method': 'GET' });
	});
});
