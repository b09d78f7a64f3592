import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
	configureSandbox,
	MAX_CONCURRENT_HTTP,
	MAX_HOST_CALLS,
	runScript,
	safeHttpHost,
	sandboxWorkerCount,
	sandboxWorkersSpawned,
	shutdownSandbox,
	stallIdleWorkersForTest,
	type SandboxHttpRequest
} from './index';

afterAll(async () => {
	await shutdownSandbox();
});

describe('runScript', () => {
	it('evaluates an expression over the globals', async () => {
		const r = await runScript('input.text.length > 3 && inputs.input === input', { mode: 'expression', globals: { input: { text: 'hello' }, inputs: { input: { text: 'hello' } } } });
		expect(r).toEqual({ ok: true, value: false, logs: [] });
		const r2 = await runScript('input.text.toUpperCase()', { mode: 'expression', globals: { input: { text: 'hello' } } });
		expect(r2).toEqual({ ok: true, value: 'HELLO', logs: [] });
	});

	it('runs a function body with return and sees inputs by port name', async () => {
		const r = await runScript('const total = data.items.reduce((a, b) => a + b, 0);\nreturn { total, second: data2, n: Object.keys(inputs).length };', {
			mode: 'function',
			globals: { data: { items: [1, 2, 3] }, data2: 'x', inputs: { data: { items: [1, 2, 3] }, data2: 'x' } }
		});
		expect(r).toEqual({ ok: true, value: { total: 6, second: 'x', n: 2 }, logs: [] });
		expect(await runScript('const a = 1;', { mode: 'function', globals: {} })).toEqual({ ok: true, value: undefined, logs: [] });
	});

	it('exposes no process, require, fs or environment, but JSON, atob and btoa', async () => {
		const r = await runScript(
			'[typeof process, typeof require, typeof module, typeof fetch, typeof setTimeout, typeof std, typeof os, typeof JSON.parse, btoa("hi?"), atob("aGk/")]',
			{ mode: 'expression', globals: {} }
		);
		expect(r).toEqual({ ok: true, value: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'function', 'aGk/', 'hi?'], logs: [] });
		const escape = await runScript('this.constructor.constructor("return typeof process")()', { mode: 'expression', globals: {} });
		expect(escape).toEqual({ ok: true, value: 'undefined', logs: [] });
	});

	it('gives each evaluation a fresh context', async () => {
		expect(await runScript('globalThis.leak = 42; return 1;', { mode: 'function', globals: {} })).toMatchObject({ ok: true, value: 1 });
		expect(await runScript('typeof leak', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 'undefined' });
	});

	it('returns thrown errors and syntax errors', async () => {
		expect(await runScript('throw new Error("boom")', { mode: 'function', globals: {} })).toEqual({ ok: false, kind: 'error', error: 'boom', logs: [] });
		expect(await runScript('null.x', { mode: 'expression', globals: {} })).toMatchObject({ ok: false, kind: 'error', error: expect.stringMatching(/^TypeError: /) });
		expect(await runScript('throw "plain"', { mode: 'function', globals: {} })).toMatchObject({ ok: false, error: 'plain' });
		expect(await runScript('return (', { mode: 'function', globals: {} })).toMatchObject({ ok: false, kind: 'error', error: expect.stringMatching(/^SyntaxError: /) });
		expect(await runScript('a; b', { mode: 'expression', globals: { a: 1, b: 2 } })).toMatchObject({ ok: false, error: expect.stringMatching(/^SyntaxError: /) });
	});

	it('refuses results that are not JSON-serialisable', async () => {
		const r = await runScript('const a = {}; a.self = a; return a;', { mode: 'function', globals: {} });
		expect(r).toMatchObject({ ok: false, kind: 'error', error: expect.stringMatching(/^TypeError: the result is not JSON-serialisable: /) });
		const g = { self: {} as Record<string, unknown> };
		g.self.self = g.self;
		expect(await runScript('1', { mode: 'expression', globals: g })).toMatchObject({ ok: false, error: expect.stringMatching(/^the inputs are not JSON-serialisable/) });
	});

	it('collects log lines and hands them to the host', async () => {
		const seen: string[] = [];
		const r = await runScript('log.info("a", {b: 1}); log.warn("w"); console.log("c"); log.error(new TypeError("t")); return 5;', {
			mode: 'function',
			globals: {},
			host: { log: (level, message) => seen.push(`${level}:${message}`) }
		});
		expect(r).toEqual({
			ok: true,
			value: 5,
			logs: [
				{ level: 'info', message: 'a {"b":1}' },
				{ level: 'warn', message: 'w' },
				{ level: 'info', message: 'c' },
				{ level: 'error', message: 'TypeError: t' }
			]
		});
		expect(seen).toEqual(['info:a {"b":1}', 'warn:w', 'info:c', 'error:TypeError: t']);
	});

	it('reads variables through the host', async () => {
		const asked: string[] = [];
		const getVar = async (key: string) => {
			asked.push(key);
			return key === 'TOKEN' ? 'secret' : undefined;
		};
		const r = await runScript('const t = await getVar("TOKEN"); const m = await getVar("MISSING"); return [t, m === undefined];', { mode: 'function', globals: {}, host: { getVar } });
		expect(r).toEqual({ ok: true, value: ['secret', true], logs: [] });
		expect(asked).toEqual(['TOKEN', 'MISSING']);
		expect(await runScript('return await getVar("X")', { mode: 'function', globals: {} })).toMatchObject({ ok: false, error: 'getVar is not available here' });
		const failing = await runScript('try { await getVar("X"); } catch (e) { return "caught " + e.message; }', {
			mode: 'function',
			globals: {},
			host: { getVar: async () => Promise.reject(new Error('store down')) }
		});
		expect(failing).toEqual({ ok: true, value: 'caught store down', logs: [] });
	});

	it('makes HTTP calls through the host, concurrently', async () => {
		const reqs: SandboxHttpRequest[] = [];
		const http = async (req: SandboxHttpRequest) => {
			reqs.push(req);
			await new Promise((r) => setTimeout(r, 20));
			if (req.url.endsWith('/json')) return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"n":1}' };
			return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'nope' };
		};
		const r = await runScript(
			'const [a, b] = await Promise.all([http.get("https://x.test/json", {headers: {accept: "application/json"}}), http.post("https://x.test/other", {q: 1})]);\nreturn {a, b};',
			{ mode: 'function', globals: {}, host: { http } }
		);
		expect(r).toEqual({
			ok: true,
			value: {
				a: { status: 200, ok: true, headers: { 'content-type': 'application/json' }, body: { n: 1 } },
				b: { status: 404, ok: false, headers: { 'content-type': 'text/plain' }, body: 'nope' }
			},
			logs: []
		});
		expect(reqs).toEqual([
			{ method: 'GET', url: 'https://x.test/json', headers: { accept: 'application/json' } },
			{ method: 'POST', url: 'https://x.test/other', headers: { 'content-type': 'application/json' }, body: '{"q":1}' }
		]);
		const refused = await runScript('return await http.get("http://169.254.169.254/")', {
			mode: 'function',
			globals: {},
			host: { http: async () => Promise.reject(new Error('refused: 169.254.169.254 is a cloud metadata address')) }
		});
		expect(refused).toMatchObject({ ok: false, error: 'refused: 169.254.169.254 is a cloud metadata address' });
	});

	it('stops an endless loop at the time limit while the main thread keeps running', async () => {
		let ticks = 0;
		const timer = setInterval(() => ticks++, 10);
		const started = Date.now();
		const r = await runScript('while (true) {}', { mode: 'function', globals: {}, timeoutMs: 300 });
		clearInterval(timer);
		expect(r).toEqual({ ok: false, kind: 'timeout', error: 'time limit exceeded (300 ms)', logs: [] });
		expect(Date.now() - started).toBeLessThan(1200);
		expect(ticks).toBeGreaterThanOrEqual(10);
		const again = await runScript('1 + 1', { mode: 'expression', globals: {} });
		expect(again).toMatchObject({ ok: true, value: 2 });
	});

	it('counts time spent awaiting the host against the limit', async () => {
		const r = await runScript('return await getVar("slow")', {
			mode: 'function',
			globals: {},
			timeoutMs: 200,
			host: { getVar: () => new Promise((res) => setTimeout(() => res('late'), 2000)) }
		});
		expect(r).toMatchObject({ ok: false, kind: 'timeout', error: 'time limit exceeded (200 ms)' });
	});

	it('reports a promise that never settles', async () => {
		const r = await runScript('await new Promise(() => {}); return 1;', { mode: 'function', globals: {} });
		expect(r).toMatchObject({ ok: false, error: 'the script did not finish: it awaits a promise that never settles' });
	});

	it('stops a memory bomb at the memory limit', async () => {
		const r = await runScript('const a = []; while (true) a.push({ n: a.length, s: "item " + a.length });', { mode: 'function', globals: {}, memoryBytes: 16 * 1024 * 1024 });
		expect(r).toEqual({ ok: false, kind: 'memory', error: 'memory limit exceeded', logs: [] });
		expect(await runScript('[1,2].length', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 2 });
	});

	it('cancels a running evaluation through the signal', async () => {
		const ac = new AbortController();
		setTimeout(() => ac.abort(), 100);
		const started = Date.now();
		const r = await runScript('while (true) {}', { mode: 'function', globals: {}, signal: ac.signal });
		expect(r).toMatchObject({ ok: false, kind: 'cancelled', error: 'cancelled' });
		expect(Date.now() - started).toBeLessThan(1000);
		const ac2 = new AbortController();
		ac2.abort();
		expect(await runScript('1', { mode: 'expression', globals: {}, signal: ac2.signal })).toMatchObject({ ok: false, kind: 'cancelled' });
		const ac3 = new AbortController();
		setTimeout(() => ac3.abort(), 50);
		const waiting = await runScript('return await getVar("x")', { mode: 'function', globals: {}, signal: ac3.signal, host: { getVar: () => new Promise(() => {}) } });
		expect(waiting).toMatchObject({ ok: false, kind: 'cancelled' });
	});

	it('runs evaluations in parallel on a bounded pool', async () => {
		const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runScript('n * 2', { mode: 'expression', globals: { n: i } })));
		expect(results.map((r) => (r.ok ? r.value : r.error))).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
		expect(sandboxWorkerCount()).toBeLessThanOrEqual(2);
	});
});

describe('runScript watchdog and SSRF-guarded http', () => {
	it('replaces a worker that stops answering', async () => {
		configureSandbox({ poolSize: 1 });
		try {
			expect(stallIdleWorkersForTest(5000)).toBe(1);
			const started = Date.now();
			const r = await runScript('1', { mode: 'expression', globals: {}, timeoutMs: 100 });
			expect(r).toEqual({ ok: false, kind: 'timeout', error: 'time limit exceeded (100 ms)', logs: [] });
			expect(Date.now() - started).toBeLessThan(3000);
			expect(await runScript('"fresh"', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 'fresh' });
		} finally {
			configureSandbox({ poolSize: 2 });
		}
	});

	it('stops catastrophic regular expressions at the time limit', async () => {
		const r = await runScript('/(a+)+$/.test("a".repeat(40) + "b")', { mode: 'expression', globals: {}, timeoutMs: 200 });
		expect(r).toMatchObject({ ok: false, kind: 'timeout' });
	});

	it('sends script requests through the SSRF guard', async () => {
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ method: req.method, path: req.url, got: body ? JSON.parse(body) : null }));
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo?x=1`;
		try {
			const code = `const r = await http.post(${JSON.stringify(url)}, { hello: 'world' }); return { status: r.status, body: r.body };`;
			const refused = await runScript(code, { mode: 'function', globals: {}, host: { http: safeHttpHost() } });
			expect(refused).toMatchObject({ ok: false, kind: 'error', error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback/) });
			const allowed = await runScript(code, { mode: 'function', globals: {}, host: { http: safeHttpHost({ allowHosts: ['127.0.0.1'] }) } });
			expect(allowed).toEqual({ ok: true, value: { status: 200, body: { method: 'POST', path: '/echo?x=1', got: { hello: 'world' } } }, logs: [] });
			const badMethod = await safeHttpHost({ allowHosts: ['127.0.0.1'] })({ method: 'TRACE', url }, { signal: new AbortController().signal }).catch((e: Error) => e.message);
			expect(badMethod).toBe('unsupported HTTP method "TRACE"');
		} finally {
			server.close();
		}
	});
});

describe('worker reuse', () => {
	it('keeps the same worker through limits, errors and cancellations', async () => {
		configureSandbox({ poolSize: 1 });
		try {
			await runScript('1', { mode: 'expression', globals: {} });
			const before = sandboxWorkersSpawned();
			for (let i = 0; i < 3; i++) {
				expect(await runScript('const a = []; while (true) a.push({ i: a.length });', { mode: 'function', globals: {}, memoryBytes: 8 * 1024 * 1024 })).toMatchObject({ kind: 'memory' });
				expect(await runScript('while (true) {}', { mode: 'function', globals: {}, timeoutMs: 50 })).toMatchObject({ kind: 'timeout' });
				expect(
					await runScript('return await getVar("x")', { mode: 'function', globals: {}, timeoutMs: 50, host: { getVar: () => new Promise((r) => setTimeout(() => r('late'), 200)) } })
				).toMatchObject({ kind: 'timeout' });
				const ac = new AbortController();
				setTimeout(() => ac.abort(), 30);
				expect(await runScript('while (true) {}', { mode: 'function', globals: {}, signal: ac.signal })).toMatchObject({ kind: 'cancelled' });
				expect(await runScript('let s = "x"; while (true) s += s;', { mode: 'function', globals: {} })).toMatchObject({ ok: false, kind: 'error' });
			}
			expect(await runScript('[1, 2, 3].map((x) => x * x)', { mode: 'expression', globals: {} })).toEqual({ ok: true, value: [1, 4, 9], logs: [] });
			expect(sandboxWorkersSpawned()).toBe(before);
		} finally {
			configureSandbox({ poolSize: 2 });
		}
	});
});

describe('host call limits', () => {
	it('keeps at most MAX_CONCURRENT_HTTP requests in flight and completes the rest', async () => {
		let active = 0;
		let peak = 0;
		const http = async (req: SandboxHttpRequest) => {
			active++;
			peak = Math.max(peak, active);
			await new Promise((r) => setTimeout(r, 10));
			active--;
			return { status: 200, headers: {}, body: req.url.slice(-2) };
		};
		const r = await runScript('const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => http.get("https://x.test/" + String(i).padStart(2, "0")))); return rs.map((x) => x.body).join(",");', {
			mode: 'function',
			globals: {},
			host: { http }
		});
		expect(r).toMatchObject({ ok: true, value: Array.from({ length: 20 }, (_, i) => String(i).padStart(2, '0')).join(',') });
		expect(peak).toBe(MAX_CONCURRENT_HTTP);
	});

	it('refuses host calls beyond MAX_HOST_CALLS', async () => {
		const r = await runScript(`let n = 0; try { for (;;) { await getVar("k"); n++; } } catch (e) { return [n, e.message]; }`, {
			mode: 'function',
			globals: {},
			host: { getVar: async () => 'v' }
		});
		expect(r).toEqual({ ok: true, value: [MAX_HOST_CALLS, `too many host calls (at most ${MAX_HOST_CALLS} per evaluation)`], logs: [] });
	});
});
