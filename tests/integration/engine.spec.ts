import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, maxOverlap, node, sleep, step } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;
let local: Server;
let localPort = 0;
let flaky = 0;

beforeAll(async () => {
	// A local HTTP server reachable only through the allow-listed name "localhost" (127.0.0.1 stays refused).
	local = createServer((req, res) => {
		if (req.url === '/flaky') {
			flaky++;
			res.writeHead(flaky < 3 ? 503 : 200, { 'content-type': 'application/json' });
			return res.end(JSON.stringify({ attempt: flaky }));
		}
		if (req.url === '/down') {
			res.destroy();
			return;
		}
		let raw = '';
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ method: req.method, url: req.url, body: raw ? JSON.parse(raw) : null, auth: req.headers['x-token'] ?? null }));
		});
	});
	await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
	localPort = (local.address() as { port: number }).port;
	at = await startAt({
		config: {
			server: { admin_token: 'adm' },
			workflow: { http: { allow_hosts: [`localhost:${localPort}`] }, max_steps: 60, max_depth: 3 }
		}
	});
	A = api(at.url, 'adm');
});

afterAll(async () => {
	await at?.destroy();
	await new Promise((r) => local?.close(r));
});

describe(`workflow engine on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('skips the branch a conditional did not select, and skipping propagates', async () => {
		const id = await A.createWorkflow(
			'cond',
			graph(
				[
					node('in', 'input'),
					node('if', 'conditional', { expression: 'input.x > 1' }),
					node('yes', 'template', { template: 'big {{ input.x }}' }),
					node('no', 'template', { template: 'small {{ input.x }}' }),
					node('after_no', 'log', { message: 'never' }),
					node('out_yes', 'output', { label: 'yes' }),
					node('out_no', 'output', { label: 'no' })
				],
				[
					edge('in.output', 'if.input'),
					edge('if.true', 'yes.input'),
					edge('if.false', 'no.input'),
					edge('no.output', 'after_no.data'),
					edge('yes.output', 'out_yes.input'),
					edge('after_no.output', 'out_no.input')
				]
			)
		);
		const r = await A.runSync(id, { x: 5 });
		expect(r.status).toBe(200);
		expect(r.json.outputs).toEqual({ yes: 'big 5' });
		const run = await A.getRun(r.json.run_id as string);
		expect(step(run, 'no').status).toBe('skipped');
		expect(step(run, 'after_no').status).toBe('skipped');
		expect(step(run, 'out_no').status).toBe('skipped');
		expect(step(run, 'no').inputs).toBeNull();
		expect(step(run, 'yes').status).toBe('succeeded');

		const small = await A.runSync(id, { x: 0 });
		expect(small.json.outputs).toEqual({ no: 'small 0' });
		const run2 = await A.getRun(small.json.run_id as string);
		expect(step(run2, 'yes').status).toBe('skipped');
		expect(step(run2, 'no').outputs).toEqual({ output: 'small 0' });
	});

	it('runs independent branches concurrently', async () => {
		const id = await A.createWorkflow(
			'parallel',
			graph(
				[node('in', 'input'), node('d1', 'delay', { duration: '600ms' }), node('d2', 'delay', { duration: '600ms' }), node('o1', 'output', { label: 'a' }), node('o2', 'output', { label: 'b' })],
				[edge('in.output', 'd1.input'), edge('in.output', 'd2.input'), edge('d1.output', 'o1.input'), edge('d2.output', 'o2.input')]
			)
		);
		const r = await A.runSync(id, { v: 1 });
		expect(r.json.outputs).toEqual({ a: { v: 1 }, b: { v: 1 } });
		const run = await A.getRun(r.json.run_id as string);
		const [a, b] = [step(run, 'd1'), step(run, 'd2')];
		const span = (s: typeof a) => ({ start: Date.parse(s.started_at), end: Date.parse(s.finished_at!) });
		expect(maxOverlap([span(a), span(b)])).toBe(2);
		expect(run.duration_ms!).toBeLessThan(1100);
	});

	it('runs a loop of 10 items with at most 4 in flight and hands done the results in order', async () => {
		const id = await A.createWorkflow(
			'loop',
			graph(
				[
					node('in', 'input'),
					node('loop', 'loop', { expression: 'input.items', concurrency: 4 }),
					node('double', 'script', { code: 'return data * 2' }),
					node('wait', 'delay', { duration: '150ms' }),
					node('out', 'output', { label: 'results' })
				],
				[edge('in.output', 'loop.input'), edge('loop.item', 'double.data'), edge('double.true', 'wait.input'), edge('loop.done', 'out.input')]
			)
		);
		const items = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
		const r = await A.runSync(id, { items });
		expect(r.status, JSON.stringify(r.json)).toBe(200);
		expect(r.json.outputs).toEqual({ results: items.map((x) => ({ result: x * 2 })) });
		const run = await A.getRun(r.json.run_id as string);
		const waits = run.steps.filter((s) => s.node_id === 'wait');
		expect(waits.map((s) => s.iteration).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		const bodies = Array.from({ length: 10 }, (_, i) => ({
			start: Date.parse(step(run, 'double', i).started_at),
			end: Date.parse(step(run, 'wait', i).finished_at!)
		}));
		expect(maxOverlap(bodies)).toBeLessThanOrEqual(4);
		expect(maxOverlap(bodies)).toBeGreaterThanOrEqual(2);
		expect(step(run, 'loop').outputs).toMatchObject({ count: 10 });
	});

	it('fails a script stuck in while(true) with a time-limit error while the server keeps serving; scripts see no process', async () => {
		const id = await A.createWorkflow(
			'spin',
			graph([node('in', 'input'), node('s', 'script', { code: 'while (true) {}' }), node('o', 'output')], [edge('in.output', 's.data'), edge('s.always', 'o.input')])
		);
		const pending = A.runSync(id);
		await sleep(500);
		const health = await fetch(`${at.url}/healthz`);
		expect(health.status).toBe(200);
		const r = await pending;
		expect(r.status).toBe(500);
		expect(r.json.status).toBe('failed');
		expect(String(r.json.error)).toMatch(/time limit/i);
		expect(String(r.json.error)).toContain('#2 (script) failed');
		const run = await A.getRun(r.json.run_id as string);
		expect(step(run, 's').status).toBe('failed');

		const bomb = await A.createWorkflow(
			'bomb',
			graph([node('in', 'input'), node('s', 'script', { code: 'const a = []; while (true) a.push({ n: a.length, s: "item " + a.length });' }), node('o', 'output')], [edge('in.output', 's.data'), edge('s.always', 'o.input')])
		);
		const b = await A.runSync(bomb);
		expect(b.json.status).toBe('failed');
		// Usually the 64 MB limit (about 3.5 s here); on a loaded machine the 5 s time limit may come first.
		expect(String(b.json.error)).toMatch(/#2 \(script\) failed: (memory limit|time limit)/i);
		expect((await fetch(`${at.url}/healthz`)).status).toBe(200);

		const probe = await A.createWorkflow(
			'probe',
			graph([node('in', 'input'), node('s', 'script', { code: 'return [typeof process, typeof require, typeof globalThis.process?.env]' }), node('o', 'output', { label: 'r' })], [edge('in.output', 's.data'), edge('s.true', 'o.input')])
		);
		const p = await A.runSync(probe);
		expect(p.json.outputs).toEqual({ r: { result: ['undefined', 'undefined', 'undefined'] } });
	});

	it('refuses http_request to loopback, private ranges and the metadata address, routing to the error port', async () => {
		for (const url of ['http://127.0.0.1:80/', `http://127.0.0.1:${localPort}/`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.1.2.3/', 'http://192.168.0.1/', 'http://localhost:1/']) {
			const id = await A.createWorkflow(
				`ssrf ${url}`,
				graph(
					[node('in', 'input'), node('h', 'http_request', { url }), node('ok', 'output', { label: 'ok' }), node('err', 'output', { label: 'err' })],
					[edge('in.output', 'h.data'), edge('h.success', 'ok.input'), edge('h.error', 'err.input')]
				)
			);
			const r = await A.runSync(id);
			expect(r.status).toBe(200);
			expect(r.json.outputs).toEqual({ err: { error: expect.stringMatching(/refused/) } });
			const run = await A.getRun(r.json.run_id as string);
			expect(step(run, 'h').status).toBe('failed');
			expect(step(run, 'ok').status).toBe('skipped');
		}
	});

	it('calls allowed hosts with templated url, headers and JSON body, routing >= 400 to error', async () => {
		const id = await A.createWorkflow(
			'http',
			graph(
				[
					node('in', 'input'),
					node('h', 'http_request', { method: 'POST', url: `http://localhost:${localPort}/{{ values.path }}`, headers: { 'x-token': '{{ values.token }}' }, body: '{"n": {{ values.n }}}' }),
					node('ok', 'output', { label: 'ok' }),
					node('err', 'output', { label: 'err' })
				],
				[edge('in.output', 'h.values'), edge('h.success', 'ok.input'), edge('h.error', 'err.input')]
			)
		);
		const r = await A.runSync(id, { path: 'echo', token: 't-1', n: 7 });
		expect(r.json.outputs).toEqual({ ok: { status_code: 200, headers: expect.any(Object), body: { method: 'POST', url: '/echo', body: { n: 7 }, auth: 't-1' } } });
		const missing = await A.runSync(id, { path: 'missing', token: 'x', n: 1 });
		expect((missing.json.outputs as Record<string, { status_code: number }>).err.status_code).toBe(404);
	});

	it('retries a failing node with backoff and records the attempt; a node timeout fails it', async () => {
		flaky = 0;
		const id = await A.createWorkflow(
			'retry',
			graph(
				[
					node('in', 'input'),
					node('h', 'script', { code: `const r = await http.get('http://localhost:${localPort}/flaky'); if (r.status >= 500) throw new Error('upstream ' + r.status); return r.body` }),
					node('o', 'output', { label: 'r' })
				],
				[edge('in.output', 'h.data'), edge('h.true', 'o.input')]
			)
		);
		// A script that throws routes to "false" (no retry): retry covers failures, so use a node that fails.
		const id2 = await A.createWorkflow(
			'retry2',
			graph(
				[node('in', 'input'), node('h', 'http_request', { url: `http://localhost:${localPort}/down`, retry: { count: 2, backoff: 0.05 } }), node('o', 'output', { label: 'r' })],
				[edge('in.output', 'h.data'), edge('h.error', 'o.input')]
			)
		);
		const r2 = await A.runSync(id2);
		const run2 = await A.getRun(r2.json.run_id as string);
		expect(step(run2, 'h').attempt).toBe(3);
		expect((step(run2, 'h') as unknown as { logs: { level: string; message: string }[] }).logs).toEqual([
			expect.objectContaining({ level: 'warn', message: expect.stringMatching(/^attempt 1 failed: .*; retrying$/) }),
			expect.objectContaining({ level: 'warn', message: expect.stringMatching(/^attempt 2 failed: .*; retrying$/) })
		]);
		expect(step(run2, 'h').status).toBe('failed');
		expect(r2.json.outputs).toEqual({ r: { error: expect.any(String) } });
		const r = await A.runSync(id);
		expect(r.json.status).toBe('succeeded');

		const slow = await A.createWorkflow(
			'timeout',
			graph([node('in', 'input'), node('d', 'delay', { duration: 5, timeout: 0.3 }), node('o', 'output')], [edge('in.output', 'd.input'), edge('d.output', 'o.input')])
		);
		const t0 = Date.now();
		const t = await A.runSync(slow);
		expect(Date.now() - t0).toBeLessThan(3000);
		expect(t.json.status).toBe('failed');
		expect(String(t.json.error)).toMatch(/timed out after 0.3s/);
	});

	it('stop_on_error false records the failure, hands it to always, and lets the run go on', async () => {
		const id = await A.createWorkflow(
			'soft',
			graph(
				[
					node('in', 'input'),
					node('bad', 'exec', { command: 'true', stop_on_error: false }),
					node('after', 'output', { label: 'after' }),
					node('ok', 'output', { label: 'ok' }),
					node('other', 'output', { label: 'other' })
				],
				[edge('in.output', 'bad.data'), edge('bad.always', 'after.input'), edge('bad.true', 'ok.input'), edge('in.output', 'other.input')]
			)
		);
		const r = await A.runSync(id, { k: 1 });
		expect(r.json.status).toBe('succeeded');
		expect(r.json.outputs).toEqual({ other: { k: 1 }, after: { error: expect.stringMatching(/exec nodes are disabled/) } });
		const run = await A.getRun(r.json.run_id as string);
		expect(step(run, 'bad')).toMatchObject({ status: 'failed', error: expect.stringMatching(/exec nodes are disabled/) });
		expect(step(run, 'ok').status).toBe('skipped');
	});

	// An http_request whose error port is not connected must not end the run "succeeded" with nothing done.
	it('fails the run when a node fails with its error port unconnected (the default stop_on_error)', async () => {
		const id = await A.createWorkflow(
			'unhandled',
			graph([node('in', 'input'), node('h', 'http_request', { url: `http://localhost:${localPort}/missing` }), node('o', 'output')], [edge('in.output', 'h.data'), edge('h.success', 'o.input')])
		);
		const r = await A.runSync(id);
		expect(r.status).toBe(500);
		expect(r.json).toMatchObject({ status: 'failed', error: `#2 (http_request) failed: GET http://localhost:${localPort}/missing answered 404` });
	});

	it('refuses exec nodes and bash skill handlers unless workflow.exec.enabled is set', async () => {
		const marker = `/tmp/at-exec-marker-${Date.now()}`;
		const id = await A.createWorkflow('exec off', graph([node('in', 'input'), node('x', 'exec', { command: `touch ${marker}` }), node('o', 'output')], [edge('in.output', 'x.data'), edge('x.always', 'o.input')]));
		const r = await A.runSync(id);
		expect(r.json).toMatchObject({ status: 'failed', error: '#2 (exec) failed: exec nodes are disabled on this server (set workflow.exec.enabled: true)' });
		expect(existsSync(marker)).toBe(false);
		const bash = await A.post('/skills/test-handler', { handler: `touch ${marker}`, handler_type: 'bash', args: {} });
		expect(bash.json).toMatchObject({ result: null, error: 'bash handlers are disabled on this server (set workflow.exec.enabled: true)' });
		expect(existsSync(marker)).toBe(false);
	});

	it('cancels a running run: the delay is aborted and a spinning script interrupted', async () => {
		const id = await A.createWorkflow(
			'cancel',
			graph(
				[node('in', 'input'), node('d', 'delay', { duration: 30 }), node('s', 'script', { code: 'while (true) {}' }), node('o', 'output')],
				[edge('in.output', 'd.input'), edge('in.output', 's.data'), edge('d.output', 'o.input')]
			)
		);
		const runId = await A.run(id);
		await sleep(400);
		const t0 = Date.now();
		const c = await A.post(`/runs/${runId}/cancel`);
		expect(c.status).toBe(202);
		const run = await A.waitRun(runId, 5000);
		expect(Date.now() - t0).toBeLessThan(2000);
		expect(run.status).toBe('cancelled');
		expect(run.error).toMatch(/cancelled/);
		expect(step(run, 'd').status).toBe('failed');
		expect(step(run, 's').status).toBe('failed');
		expect((await A.post(`/runs/${runId}/cancel`)).status).toBe(409);
	});

	it('reruns from a node, reusing the recorded outputs of the nodes before it', async () => {
		const id = await A.createWorkflow(
			'rerun',
			graph(
				[node('in', 'input'), node('rand', 'script', { code: 'return Math.random()' }), node('use', 'script', { code: 'return [data.result, inputs.data.result]' }), node('o', 'output', { label: 'v' })],
				[edge('in.output', 'rand.data'), edge('rand.true', 'use.data'), edge('use.true', 'o.input')]
			)
		);
		const first = await A.runSync(id);
		const value = (first.json.outputs as { v: { result: number[] } }).v.result[0];
		const again = await A.call('POST', `/api/v1/runs/${first.json.run_id}/rerun?from_node=use&sync=true`);
		expect(again.status).toBe(200);
		expect((again.json.outputs as { v: { result: number[] } }).v.result).toEqual([value, value]);
		const run = await A.getRun(again.json.run_id as string);
		expect(step(run, 'rand').outputs).toEqual({ true: { result: value }, always: { result: value } });
		const full = await A.call('POST', `/api/v1/runs/${first.json.run_id}/rerun?sync=true`);
		expect((full.json.outputs as { v: { result: number[] } }).v.result[0]).not.toBe(value);
		expect((await A.call('POST', `/api/v1/runs/${first.json.run_id}/rerun?from_node=nope`)).status).toBe(400);
	});

	it('stops recursive workflow_call at the depth limit, and enforces the step limit', async () => {
		const id = await A.createWorkflow('recurse', graph([node('in', 'input')], []));
		const put = await A.put(`/workflows/${id}`, {
			graph: graph(
				[node('in', 'input'), node('call', 'workflow_call', { workflow_id: id }), node('o', 'output')],
				[edge('in.output', 'call.inputs'), edge('call.output', 'o.input')]
			)
		});
		expect(put.status).toBe(200);
		const r = await A.runSync(id);
		expect(r.json.status).toBe('failed');
		expect(String(r.json.error)).toMatch(/depth limit of 3/);
		const children = (await A.get(`/workflows/${id}/runs`)).json.runs as { source: string; parent_run_id: string | null }[];
		expect(children.filter((c) => c.source === 'workflow').length).toBe(3);

		const many = await A.createWorkflow(
			'steps',
			graph(
				[node('in', 'input'), node('loop', 'loop', { expression: 'Array.from({length: 100}, (_, i) => i)' }), node('t', 'template', { template: '{{ input }}' }), node('o', 'output')],
				[edge('in.output', 'loop.input'), edge('loop.item', 't.input'), edge('loop.done', 'o.input')]
			)
		);
		const s = await A.runSync(many);
		expect(s.json.status).toBe('failed');
		expect(String(s.json.error)).toMatch(/step limit of 60/);
	});

	it('answers sync runs early at the first output, and 504 when the wait times out', async () => {
		const id = await A.createWorkflow(
			'early',
			graph(
				[node('in', 'input'), node('first', 'output', { label: 'first' }), node('d', 'delay', { duration: 2 }), node('second', 'output', { label: 'second' })],
				[edge('in.output', 'first.input'), edge('in.output', 'd.input'), edge('d.output', 'second.input')]
			)
		);
		let t0 = Date.now();
		const r = await A.runSync(id, { a: 1 }, '&early=true');
		expect(Date.now() - t0).toBeLessThan(1500);
		expect(r.json.outputs).toEqual({ first: { a: 1 } });
		const run = await A.waitRun(r.json.run_id as string);
		expect(run.outputs).toEqual({ first: { a: 1 }, second: { a: 1 } });
		t0 = Date.now();
		const slow = await A.runSync(id, {}, '&timeout=0.5');
		expect(slow.status).toBe(504);
		expect(slow.json.run_id).toEqual(expect.any(String));
		expect(slow.json).toMatchObject({ status: 'running', message: `the run did not finish within the 0.5s sync wait (timeout=0.5); it goes on: follow it at /api/v1/runs/${slow.json.run_id}` });
		expect(Date.now() - t0).toBeLessThan(1800);
	});

	it('stores every run and step with inputs, outputs and durations; caps large values at 64 KB', async () => {
		const id = await A.createWorkflow(
			'persist',
			graph([node('in', 'input'), node('big', 'script', { code: "return 'x'.repeat(100000)" }), node('o', 'output', { label: 'big' })], [edge('in.output', 'big.data'), edge('big.true', 'o.input')])
		);
		const r = await A.runSync(id, { q: 'hello' });
		const run = await A.getRun(r.json.run_id as string);
		expect(run).toMatchObject({ status: 'succeeded', source: 'api', workflow_version: 1, inputs: { q: 'hello' } });
		expect(run.finished_at).not.toBeNull();
		expect(run.duration_ms).toBeGreaterThanOrEqual(0);
		expect(run.outputs).toMatchObject({ truncated: true, size: expect.any(Number) });
		expect(step(run, 'in')).toMatchObject({ status: 'succeeded', outputs: { output: { q: 'hello' } } });
		const big = step(run, 'big');
		expect(big.inputs).toEqual({ data: { q: 'hello' } });
		expect(big.outputs).toMatchObject({ truncated: true, size: expect.any(Number) });
		expect(JSON.stringify(big.outputs).length).toBeLessThanOrEqual(64 * 1024);
		for (const s of run.steps) {
			expect(s.started_at).toEqual(expect.any(String));
			expect(s.duration_ms).toBeGreaterThanOrEqual(0);
		}
		const listed = (await A.get(`/runs?workflow_id=${id}`)).json.runs as { id: string }[];
		expect(listed.map((x) => x.id)).toContain(run.id);
	});

	it('streams run events over SSE until the run ends', async () => {
		const id = await A.createWorkflow(
			'sse',
			graph([node('in', 'input'), node('d', 'delay', { duration: '300ms' }), node('l', 'log', { message: 'hello {{ data.n }}' }), node('o', 'output')], [edge('in.output', 'd.input'), edge('d.output', 'l.data'), edge('l.output', 'o.input')])
		);
		const runId = await A.run(id, { n: 42 });
		const res = await fetch(`${at.url}/api/v1/runs/${runId}/events`, { headers: { authorization: 'Bearer adm' } });
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		const text = await res.text();
		const events = text
			.split('\n\n')
			.filter((b) => b.startsWith('event:'))
			.map((b) => ({ event: b.split('\n')[0].slice(7), data: JSON.parse(b.split('\n')[1].slice(6)) }));
		expect(events.at(-1)!.event).toBe('end');
		expect(events.filter((e) => e.event === 'step' && e.data.status === 'succeeded').map((e) => e.data.node_id)).toEqual(['in', 'd', 'l', 'o']);
		expect(events.some((e) => e.event === 'log' && e.data.message === 'hello 42')).toBe(true);
		expect(events.find((e) => e.event === 'run' && e.data.status === 'succeeded')).toBeTruthy();
		// After the run: the same stream comes from the database and ends.
		const later = await (await fetch(`${at.url}/api/v1/runs/${runId}/events`, { headers: { authorization: 'Bearer adm' } })).text();
		expect(later).toContain('event: end');
		// The log node's line is kept with its step in the run history.
		const run = await A.getRun(runId);
		expect((step(run, 'l') as unknown as { logs: unknown[] }).logs).toEqual([{ time: expect.any(String), level: 'info', message: 'hello 42' }]);
		expect((step(run, 'd') as unknown as { logs: unknown[] }).logs).toEqual([]);
	});

	it('reads variables with getVar (secret ones decrypted) in templates and scripts', async () => {
		expect((await A.post('/variables', { key: 'GREETING', value: 'hi' })).status).toBe(201);
		expect((await A.post('/variables', { key: 'TOKEN', value: 's3cret', secret: true })).status).toBe(201);
		const id = await A.createWorkflow(
			'vars',
			graph(
				[node('in', 'input'), node('t', 'template', { template: '{{ "GREETING" | getVar }} {% getVar "TOKEN" %}' }), node('s', 'script', { code: "return (await getVar('TOKEN')).length" }), node('o1', 'output', { label: 't' }), node('o2', 'output', { label: 's' })],
				[edge('in.output', 't.input'), edge('in.output', 's.data'), edge('t.output', 'o1.input'), edge('s.true', 'o2.input')]
			)
		);
		const r = await A.runSync(id);
		expect(r.json.outputs).toEqual({ t: 'hi s3cret', s: { result: 6 } });
	});

	it('routes a switch to the first matching case', async () => {
		const id = await A.createWorkflow(
			'switch',
			graph(
				[
					node('in', 'input'),
					node('sw', 'switch', { cases: [{ name: 'low', expression: 'input.n < 10' }, { name: 'mid', expression: 'input.n < 100' }] }),
					node('a', 'output', { label: 'low' }),
					node('b', 'output', { label: 'mid' }),
					node('c', 'output', { label: 'other' })
				],
				[edge('in.output', 'sw.input'), edge('sw.low', 'a.input'), edge('sw.mid', 'b.input'), edge('sw.default', 'c.input')]
			)
		);
		expect((await A.runSync(id, { n: 5 })).json.outputs).toEqual({ low: { n: 5 } });
		expect((await A.runSync(id, { n: 50 })).json.outputs).toEqual({ mid: { n: 50 } });
		expect((await A.runSync(id, { n: 500 })).json.outputs).toEqual({ other: { n: 500 } });
	});
});

describe('workflow API validation and versions', () => {
	it('refuses invalid graphs naming the node, malformed JSON and oversized bodies; nothing is stored', async () => {
		const before = ((await A.get('/workflows')).json.workflows as unknown[]).length;
		const bad = await A.post('/workflows', { name: 'bad', graph: graph([node('x', 'llm_call', { label: 'Summarise' })], []) });
		expect(bad.status).toBe(400);
		expect(bad.json.message).toContain('"Summarise" (llm_call)');
		const unknown = await A.post('/workflows', { name: 'bad', graph: graph([node('x', 'nope')], []) });
		expect(unknown.status).toBe(400);
		expect(unknown.json.message).toContain('unknown node type "nope"');
		const malformed = await A.call('POST', '/api/v1/workflows', '{"name": ');
		expect(malformed.status).toBe(400);
		expect(malformed.json.message).toMatch(/JSON/);
		const noName = await A.post('/workflows', { graph: graph([], []) });
		expect(noName.status).toBe(400);
		expect(noName.json.message).toContain('name');
		const huge = await A.call('POST', '/api/v1/workflows', JSON.stringify({ name: 'x', description: 'y'.repeat(21 * 1024 * 1024) }));
		expect(huge.status).toBe(413);
		expect(((await A.get('/workflows')).json.workflows as unknown[]).length).toBe(before);
		expect((await A.get('/workflows/nope')).status).toBe(404);
		// No credentials, or a wrong admin token: 401 and nothing runs.
		const anon = await fetch(`${at.url}/api/v1/workflows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'anon' }) });
		expect(anon.status).toBe(401);
		expect((await api(at.url, 'wrong').post('/workflows', { name: 'anon' })).status).toBe(401);
		expect(((await A.get('/workflows')).json.workflows as unknown[]).length).toBe(before);
	});

	it('saves a version on every PUT; publishing sets the version triggers run; editor runs use the draft', async () => {
		const v1 = graph([node('in', 'input'), node('t', 'template', { template: 'one' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')]);
		const id = await A.createWorkflow('versions', v1);
		const v2 = graph([node('in', 'input'), node('t', 'template', { template: 'two' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')]);
		const put = await A.put(`/workflows/${id}`, { graph: v2, name: 'versions!' });
		expect(put.json).toMatchObject({ version: 2, name: 'versions!', active_version: null });
		const versions = (await A.get(`/workflows/${id}/versions`)).json.versions as { version: number }[];
		expect(versions.map((v) => v.version)).toEqual([2, 1]);
		expect((await A.get(`/workflows/${id}/versions/1`)).json.graph).toMatchObject({ nodes: expect.any(Array) });
		expect((await A.get(`/workflows/${id}/versions/9`)).status).toBe(404);
		// Unpublished: runs use the draft.
		expect((await A.runSync(id)).json.outputs).toEqual({ v: 'two' });
		expect((await A.put(`/workflows/${id}/active-version`, { version: 1 })).json.active_version).toBe(1);
		expect((await A.put(`/workflows/${id}/active-version`, { version: 7 })).status).toBe(404);
		expect((await A.runSync(id)).json.outputs).toEqual({ v: 'one' });
		const editor = await A.call('POST', `/api/v1/workflows/${id}/run?sync=true`, { inputs: {}, source: 'editor' });
		expect(editor.json.outputs).toEqual({ v: 'two' });
		expect((await A.getRun(editor.json.run_id as string)).source).toBe('editor');
		expect((await A.runSync(id, {}, '&version=2')).json.outputs).toEqual({ v: 'two' });
		expect((await A.del(`/workflows/${id}`)).status).toBe(204);
		expect((await A.get(`/workflows/${id}`)).status).toBe(404);
	});
});
