import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublicUrl, blockedReason, safeFetch, SsrfError } from './ssrf';

let server: Server;
let port = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		if (req.url === '/redirect-private') {
			res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
			return res.end();
		}
		if (req.url === '/redirect-self') {
			res.writeHead(302, { location: '/ok' });
			return res.end();
		}
		if (req.url === '/big') return res.end('x'.repeat(2000));
		res.writeHead(200, { 'content-type': 'text/plain' });
		res.end('ok');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

describe('blockedReason', () => {
	it('classifies private, loopback, link-local, metadata and mapped addresses', () => {
		for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1'])
			expect(blockedReason(ip), ip).not.toBeNull();
		for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(blockedReason(ip), ip).toBeNull();
	});
});

describe('assertPublicUrl', () => {
	it('refuses loopback, metadata, private ranges and odd IPv4 spellings', async () => {
		for (const u of ['http://127.0.0.1/', 'http://localhost:8080/', 'http://169.254.169.254/latest', 'http://10.0.0.1/', 'http://192.168.0.10/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/'])
			await expect(assertPublicUrl(u), u).rejects.toThrow(SsrfError);
	});

	it('refuses non-http schemes and credentials in URLs', async () => {
		await expect(assertPublicUrl('file:///etc/passwd')).rejects.toThrow(/only http and https/);
		await expect(assertPublicUrl('http://user:pw@8.8.8.8/')).rejects.toThrow(/credentials/);
	});

	it('lets allow-listed hosts through', async () => {
		const r = await assertPublicUrl(`http://127.0.0.1:${port}/`, { allowHosts: ['127.0.0.1'] });
		expect(r.address).toBe('127.0.0.1');
	});
});

describe('safeFetch', () => {
	it('fetches an allowed host and follows a redirect that stays allowed', async () => {
		const r = await safeFetch(`http://127.0.0.1:${port}/redirect-self`, { allowHosts: ['127.0.0.1'] });
		expect(r.status).toBe(200);
		expect(new TextDecoder().decode(r.body)).toBe('ok');
		expect(r.url).toBe(`http://127.0.0.1:${port}/ok`);
	});

	it('re-checks redirects and refuses one to the metadata address', async () => {
		await expect(safeFetch(`http://127.0.0.1:${port}/redirect-private`, { allowHosts: ['127.0.0.1'] })).rejects.toThrow(/169\.254\.169\.254/);
	});

	it('refuses loopback without the allow-list and caps the body size', async () => {
		await expect(safeFetch(`http://127.0.0.1:${port}/ok`)).rejects.toThrow(/loopback/);
		await expect(safeFetch(`http://127.0.0.1:${port}/big`, { allowHosts: ['127.0.0.1'], maxBytes: 100 })).rejects.toThrow(/larger than 100 bytes/);
	});
});
