import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../helpers/env';
import { startAt, type AtServer } from '../../helpers/server';
import { startTcpProxy } from '../../helpers/tcpProxy';

let upstream: Server;
let upstreamUrl = '';
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let at: AtServer;

beforeAll(async () => {
	upstream = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'still here' }, finish_reason: 'stop' }], usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 } }));
		});
	});
	await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
	upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/v1/chat/completions`;
	const db = new URL(testDatabaseUrl());
	proxy = await startTcpProxy(db.hostname, Number(db.port || 5432));
	db.hostname = '127.0.0.1';
	db.port = String(proxy.port);
	at = await startAt({
		env: { DATABASE_URL: db.toString() },
		config: {
			server: { admin_token: 'adm' },
			providers: { up: { type: 'openai', api_key: 'k', base_url: upstreamUrl, model: 'm' } },
			gateway: { auth_tokens: [{ token: 'sk-o' }] }
		}
	});
});

afterAll(async () => {
	await at?.destroy();
	await proxy?.close();
	upstream?.close();
});

const call = () =>
	fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: 'Bearer sk-o', 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'up/m', messages: [{ role: 'user', content: 'hi' }] })
	});

// §12: with the database briefly gone the gateway keeps serving, /readyz says so, and usage is not lost.
it('keeps serving through a database outage and writes the buffered usage rows afterwards', async () => {
	expect((await call()).status).toBe(200);
	await proxy.cut();
	const ids: string[] = [];
	for (let i = 0; i < 3; i++) {
		const r = await call();
		expect(r.status).toBe(200);
		expect((await r.json()).choices[0].message.content).toBe('still here');
		ids.push(r.headers.get('x-request-id')!);
	}
	const ready = await fetch(`${at.url}/readyz`);
	expect(ready.status).toBe(503);
	await proxy.restore();
	let rows: { request_id: string }[] = [];
	for (let i = 0; i < 40 && ids.some((id) => !rows.find((r) => r.request_id === id)); i++) {
		await new Promise((r) => setTimeout(r, 500));
		const res = await fetch(`${at.url}/api/v1/usage?recent=50`, { headers: { authorization: 'Bearer adm' } });
		if (res.ok) rows = (await res.json()).recent;
	}
	for (const id of ids) expect(rows.find((r) => r.request_id === id)).toBeTruthy();
	expect((await fetch(`${at.url}/readyz`)).status).toBe(200);
});
