import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublicUrl, blockedReason, createGuardedFetch, hostAllowed, safeFetch, SsrfError, type Resolver } from './ssrf';

interface Hit {
	url: string;
	method: string;
	headers: IncomingHttpHeaders;
	body: string;
}

let server: Server;
let port = 0;
const hits: Hit[] = [];

/** A second server standing for an internal service; nothing may ever reach it. */
let internal: Server;
let internalPort = 0;
const internalHits: string[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			hits.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
			const u = req.url ?? '';
			if (u === '/redirect-metadata') {
				res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
				return res.end();
			}
			if (u === '/redirect-internal') {
				res.writeHead(302, { location: `http://internal.test:${internalPort}/secret` });
				return res.end();
			}
			if (u === '/redirect-internal-ip') {
				res.writeHead(307, { location: `http://127.0.0.2:${internalPort}/secret` });
				return res.end();
			}
			if (u === '/redirect-self') {
				res.writeHead(302, { location: '/ok' });
				return res.end();
			}
			if (u === '/see-other') {
				res.writeHead(303, { location: '/ok' });
				return res.end();
			}
			if (u === '/to-other-origin') {
				res.writeHead(302, { location: `http://other.test:${port}/ok` });
				return res.end();
			}
			if (u === '/loop') {
				res.writeHead(302, { location: '/loop' });
				return res.end();
			}
			if (u === '/big') return res.end('x'.repeat(2000));
			if (u === '/slow') {
				setTimeout(() => res.end('late'), 2000);
				return;
			}
			res.writeHead(200, { 'content-type': 'text/plain', 'x-multi': ['a', 'b'] });
			res.end('ok');
		});
	});
	internal = createServer((req, res) => {
		internalHits.push(req.url ?? '');
		res.end('internal secret');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
	port = (server.address() as { port: number }).port;
	internalPort = (internal.address() as { port: number }).port;
});
afterAll(() => {
	server.closeAllConnections();
	server.close();
	internal.close();
});

/** Test DNS: these names all point at the loopback test servers. */
const resolver: Resolver = async (host) => {
	if (host === 'public.test' || host === 'internal.test' || host === 'other.test' || host === 'pinned.test') return [{ address: '127.0.0.1', family: 4 }];
	if (host === 'mixed.test')
		return [
			{ address: '93.184.216.34', family: 4 },
			{ address: '10.0.0.5', family: 4 }
		];
	throw new Error(`ENOTFOUND ${host}`);
};

describe('blockedReason', () => {
	it('classifies private, loopback, link-local, metadata and mapped addresses', () => {
		const cases: [string, string][] = [
			['127.0.0.1', 'a loopback address'],
			['127.255.255.254', 'a loopback address'],
			['10.1.2.3', 'a private address'],
			['172.16.5.4', 'a private address'],
			['172.31.255.255', 'a private address'],
			['192.168.1.1', 'a private address'],
			['169.254.169.254', 'a cloud metadata address'],
			['169.254.1.1', 'a link-local address'],
			['100.64.0.1', 'a carrier-grade NAT address'],
			['0.0.0.0', 'a "this network" address'],
			['255.255.255.255', 'a reserved address'],
			['224.0.0.1', 'a multicast address'],
			['::1', 'a loopback address'],
			['0:0:0:0:0:0:0:1', 'a loopback address'],
			['::', 'an unspecified address'],
			['fd00::1', 'a unique-local address'],
			['fc12:3456::1', 'a unique-local address'],
			['fe80::1%eth0', 'a link-local address'],
			['ff02::1', 'a multicast address'],
			['::ffff:127.0.0.1', 'a loopback address'],
			['::ffff:7f00:1', 'a loopback address'],
			['0:0:0:0:0:ffff:a00:1', 'a private address'],
			['::ffff:169.254.169.254', 'a cloud metadata address'],
			['::127.0.0.1', 'a loopback address'],
			['64:ff9b::10.0.0.1', 'a private address'],
			['2002:c0a8:0101::1', 'a private address'],
			['fd00:ec2::254', 'a cloud metadata address'],
			['[::1]', 'a loopback address']
		];
		for (const [ip, why] of cases) expect(blockedReason(ip), ip).toBe(why);
		for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2a00:1450:4001:80b::200e'])
			expect(blockedReason(ip), ip).toBeNull();
		expect(blockedReason('example.com')).toBe('not an IP address');
	});
});

describe('hostAllowed', () => {
	it('matches names, IPs, ports and sub-domain wildcards', () => {
		const u = (s: string) => new URL(s);
		expect(hostAllowed(u('http://127.0.0.1:8080/'), ['127.0.0.1'])).toBe(true);
		expect(hostAllowed(u('http://127.0.0.1:8080/'), ['127.0.0.1:8080'])).toBe(true);
		expect(hostAllowed(u('http://127.0.0.1:8081/'), ['127.0.0.1:8080'])).toBe(false);
		expect(hostAllowed(u('http://[::1]:80/'), ['[::1]'])).toBe(true);
		expect(hostAllowed(u('http://[::1]/'), ['::1'])).toBe(true);
		expect(hostAllowed(u('https://api.corp.example/'), ['*.corp.example'])).toBe(true);
		expect(hostAllowed(u('https://corp.example/'), ['*.corp.example'])).toBe(false);
		expect(hostAllowed(u('https://evilcorp.example/'), ['*.corp.example'])).toBe(false);
		expect(hostAllowed(u('http://localhost/'), ['127.0.0.1'])).toBe(false);
	});
});

describe('assertPublicUrl', () => {
	it('refuses loopback, metadata, private ranges and odd IPv4 spellings with a reason', async () => {
		const cases: [string, RegExp][] = [
			['http://127.0.0.1/', /^refused: 127\.0\.0\.1 is a loopback address$/],
			['http://localhost:8080/', /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/],
			['http://169.254.169.254/latest', /^refused: 169\.254\.169\.254 is a cloud metadata address$/],
			['http://10.0.0.1/', /^refused: 10\.0\.0\.1 is a private address$/],
			['http://192.168.0.10/', /^refused: 192\.168\.0\.10 is a private address$/],
			['http://100.100.100.200/', /carrier-grade NAT/],
			['http://[::1]/', /^refused: ::1 is a loopback address$/],
			['http://[::ffff:127.0.0.1]/', /^refused: ::ffff:7f00:1 is a loopback address$/],
			['http://[fd12::1]/', /unique-local/],
			['http://2130706433/', /^refused: 127\.0\.0\.1 is a loopback address$/],
			['http://0177.0.0.1/', /^refused: 127\.0\.0\.1 is a loopback address$/],
			['http://0x7f.1/', /^refused: 127\.0\.0\.1 is a loopback address$/],
			['http://0/', /^refused: 0\.0\.0\.0 is a "this network" address$/],
			['http://0.0.0.0:3000/', /this network/]
		];
		for (const [u, msg] of cases) {
			const err = await assertPublicUrl(u).catch((e: unknown) => e);
			expect(err, u).toBeInstanceOf(SsrfError);
			expect((err as Error).message, u).toMatch(msg);
		}
	});

	it('refuses a name when any of its addresses is private', async () => {
		await expect(assertPublicUrl('http://mixed.test/', { resolver })).rejects.toThrow('refused: mixed.test resolves to 10.0.0.5, a private address');
		await expect(assertPublicUrl('http://nowhere.test/', { resolver })).rejects.toThrow('refused: cannot resolve nowhere.test');
	});

	it('refuses non-http schemes, credentials and garbage', async () => {
		await expect(assertPublicUrl('file:///etc/passwd')).rejects.toThrow(/only http and https URLs are allowed \(got file:\)/);
		await expect(assertPublicUrl('gopher://8.8.8.8/')).rejects.toThrow(SsrfError);
		await expect(assertPublicUrl('http://user:pw@8.8.8.8/')).rejects.toThrow(/credentials/);
		await expect(assertPublicUrl('not a url')).rejects.toThrow(/is not a valid URL/);
	});

	it('accepts public addresses and pins the checked one', async () => {
		expect(await assertPublicUrl('https://8.8.8.8/dns')).toMatchObject({ address: '8.8.8.8', family: 4 });
		const pub: Resolver = async () => [{ address: '93.184.216.34', family: 4 }];
		expect(await assertPublicUrl('https://example.test/', { resolver: pub })).toMatchObject({ address: '93.184.216.34', family: 4 });
	});

	it('lets allow-listed hosts through', async () => {
		const r = await assertPublicUrl(`http://127.0.0.1:${port}/`, { allowHosts: ['127.0.0.1'] });
		expect(r.address).toBe('127.0.0.1');
		await expect(assertPublicUrl(`http://127.0.0.2:${port}/`, { allowHosts: ['127.0.0.1'] })).rejects.toThrow(/127\.0\.0\.2 is a loopback address/);
	});
});

describe('safeFetch', () => {
	it('fetches an allow-listed loopback server, follows a redirect that stays allowed', async () => {
		const r = await safeFetch(`http://127.0.0.1:${port}/redirect-self`, { allowHosts: ['127.0.0.1'] });
		expect(r.status).toBe(200);
		expect(new TextDecoder().decode(r.body)).toBe('ok');
		expect(r.url).toBe(`http://127.0.0.1:${port}/ok`);
		expect(r.headers['content-type']).toBe('text/plain');
		expect(r.headers['x-multi']).toBe('a, b');
	});

	it('refuses the same server without the allow-list, before connecting', async () => {
		const before = hits.length;
		const err = await safeFetch(`http://127.0.0.1:${port}/ok`).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(SsrfError);
		expect((err as Error).message).toBe('refused: 127.0.0.1 is a loopback address');
		expect(hits.length).toBe(before);
	});

	it('re-checks every redirect: an allowed host cannot redirect to an internal one', async () => {
		// public.test is allowed and resolves to the test server; internal.test resolves to the same
		// loopback interface but is not allowed. Without the per-hop check the internal server would
		// answer "internal secret" and this test would fail.
		const byName = await safeFetch(`http://public.test:${port}/redirect-internal`, { allowHosts: ['public.test'], resolver }).catch((e: unknown) => e);
		expect(byName).toBeInstanceOf(SsrfError);
		expect((byName as Error).message).toBe('refused: internal.test resolves to 127.0.0.1, a loopback address');
		const byIp = await safeFetch(`http://127.0.0.1:${port}/redirect-internal-ip`, { allowHosts: ['127.0.0.1'] }).catch((e: unknown) => e);
		expect(byIp).toBeInstanceOf(SsrfError);
		expect((byIp as Error).message).toBe('refused: 127.0.0.2 is a loopback address');
		const metadata = await safeFetch(`http://127.0.0.1:${port}/redirect-metadata`, { allowHosts: ['127.0.0.1'] }).catch((e: unknown) => e);
		expect(metadata).toBeInstanceOf(SsrfError);
		expect((metadata as Error).message).toBe('refused: 169.254.169.254 is a cloud metadata address');
		expect(internalHits).toEqual([]);
		// Control: the internal server is reachable when it is allowed too, so the refusals above are the guard's doing.
		const control = await safeFetch(`http://public.test:${port}/redirect-internal`, { allowHosts: ['public.test', 'internal.test'], resolver });
		expect(new TextDecoder().decode(control.body)).toBe('internal secret');
		expect(internalHits).toEqual(['/secret']);
	});

	it('connects to the checked address, not a fresh DNS answer', async () => {
		// pinned.test exists only in the test resolver: the system resolver cannot find it, so the request
		// can only succeed when the connection uses the address checked by the guard.
		const r = await safeFetch(`http://pinned.test:${port}/ok`, { allowHosts: ['pinned.test'], resolver });
		expect(r.status).toBe(200);
		expect(hits.at(-1)?.headers.host).toBe(`pinned.test:${port}`);
	});

	it('turns POST into GET on 303 and drops credentials on a cross-origin redirect', async () => {
		const r = await safeFetch(`http://public.test:${port}/see-other`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' }, allowHosts: ['public.test'], resolver });
		expect(r.status).toBe(200);
		expect(hits.at(-1)).toMatchObject({ url: '/ok', method: 'GET', body: '' });
		expect(hits.at(-1)?.headers['content-type']).toBeUndefined();
		await safeFetch(`http://public.test:${port}/to-other-origin`, {
			headers: { authorization: 'Bearer secret', cookie: 'a=b', 'x-keep': '1' },
			allowHosts: ['public.test', 'other.test'],
			resolver
		});
		const last = hits.at(-1)!;
		expect(last.headers.host).toBe(`other.test:${port}`);
		expect(last.headers.authorization).toBeUndefined();
		expect(last.headers.cookie).toBeUndefined();
		expect(last.headers['x-keep']).toBe('1');
	});

	it('limits redirects, body size and time', async () => {
		await expect(safeFetch(`http://127.0.0.1:${port}/loop`, { allowHosts: ['127.0.0.1'], maxRedirects: 3 })).rejects.toThrow('refused: more than 3 redirects');
		await expect(safeFetch(`http://127.0.0.1:${port}/big`, { allowHosts: ['127.0.0.1'], maxBytes: 100 })).rejects.toThrow(/larger than 100 bytes/);
		const started = Date.now();
		await expect(safeFetch(`http://127.0.0.1:${port}/slow`, { allowHosts: ['127.0.0.1'], timeoutMs: 150 })).rejects.toThrow('the request timed out after 150 ms');
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('reports network failures with the host', async () => {
		const closed = createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
		const closedPort = (closed.address() as { port: number }).port;
		await new Promise<void>((r) => closed.close(() => r()));
		const err = await safeFetch(`http://127.0.0.1:${closedPort}/`, { allowHosts: ['127.0.0.1'] }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(Error);
		expect(err).not.toBeInstanceOf(SsrfError);
		expect((err as Error).message).toMatch(new RegExp(`^request to 127\\.0\\.0\\.1:${closedPort} failed: .*ECONNREFUSED`));
	});

	it('stops when the caller aborts', async () => {
		const ac = new AbortController();
		setTimeout(() => ac.abort(new Error('run cancelled')), 50);
		await expect(safeFetch(`http://127.0.0.1:${port}/slow`, { allowHosts: ['127.0.0.1'], signal: ac.signal })).rejects.toThrow('run cancelled');
	});
});

describe('createGuardedFetch', () => {
	let sse: Server;
	let ssePort = 0;
	beforeAll(async () => {
		sse = createServer((req, res) => {
			if (req.url === '/events') {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				res.write('data: one\n\n');
				setTimeout(() => res.end('data: two\n\n'), 50);
				return;
			}
			if (req.url === '/hop') {
				res.writeHead(307, { location: `http://internal.test:${internalPort}/secret` });
				return res.end();
			}
			if (req.url === '/hop-ok') {
				res.writeHead(302, { location: '/echo' });
				return res.end();
			}
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null }));
			});
		});
		await new Promise<void>((r) => sse.listen(0, '127.0.0.1', r));
		ssePort = (sse.address() as { port: number }).port;
	});
	afterAll(() => {
		sse.closeAllConnections();
		sse.close();
	});

	it('streams responses from an allowed server and passes method, headers and body', async () => {
		const f = createGuardedFetch({ allowHosts: ['public.test'], resolver });
		const res = await f(`http://public.test:${ssePort}/events`);
		expect(res.status).toBe(200);
		const reader = res.body!.getReader();
		const first = await reader.read();
		expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n');
		let rest = '';
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			rest += new TextDecoder().decode(value);
		}
		expect(rest).toBe('data: two\n\n');
		const echo = await f(`http://public.test:${ssePort}/echo`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"x":1}' });
		expect(await echo.json()).toEqual({ method: 'POST', url: '/echo', body: '{"x":1}', auth: 'Bearer t' });
	});

	it('refuses private targets, first hop or redirect, and follows allowed redirects', async () => {
		const f = createGuardedFetch({ allowHosts: ['public.test'], resolver });
		await expect(f(`http://127.0.0.1:${ssePort}/echo`)).rejects.toThrow('refused: 127.0.0.1 is a loopback address');
		const before = internalHits.length;
		await expect(f(`http://public.test:${ssePort}/hop`, { method: 'POST', body: 'x' })).rejects.toThrow('refused: internal.test resolves to 127.0.0.1, a loopback address');
		expect(internalHits.length).toBe(before);
		const ok = await f(`http://public.test:${ssePort}/hop-ok`, { method: 'POST', body: 'x' });
		expect(await ok.json()).toMatchObject({ method: 'GET', url: '/echo', body: '' });
		const manual = await f(`http://public.test:${ssePort}/hop`, { redirect: 'manual' });
		expect(manual.status).toBe(307);
		expect(internalHits.length).toBe(before);
	});
});
