import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { startAt, type AtServer } from '../helpers/server';

let mock: MockUpstream;
let proxy: Server;
let at: AtServer;
const tunnels: string[] = [];

beforeAll(async () => {
	mock = await startMockUpstream();
	// A minimal HTTP CONNECT proxy that records where it tunnels to.
	proxy = createServer();
	proxy.on('connect', (req, client, head) => {
		tunnels.push(req.url ?? '');
		const [host, port] = (req.url ?? '').split(':');
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
	at = await startAt({
		config: {
			providers: { viaproxy: { type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions`, proxy: proxyUrl } },
			gateway: { auth_tokens: [{ token: 'sk-p' }] }
		}
	});
});

afterAll(async () => {
	await at?.destroy();
	proxy?.closeAllConnections();
	proxy?.close();
	await mock?.close();
});

// A provider with `proxy` must reach its upstream through that proxy, never directly.
it('sends provider traffic through the configured proxy', async () => {
	const r = await fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: 'Bearer sk-p', 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'viaproxy/mock-echo', messages: [{ role: 'user', content: 'through the proxy' }] })
	});
	expect(r.status).toBe(200);
	expect((await r.json()).choices[0].message.content).toBe('echo: through the proxy');
	expect(tunnels).toContain(`127.0.0.1:${mock.port}`);
});
