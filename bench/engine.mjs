// Workflow engine bench (SPEC §10): runs/s of a 5-node graph without LLM calls, and the engine's
// overhead per step. Starts its own built server (PGlite, or PostgreSQL when a database URL is given),
// drives it over the REST API with sync runs; every run and step is persisted (in batches right after).
// Used by bench/run.mjs; also runnable alone: `node bench/engine.mjs [--quick]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, percentile, pool, round } from './lib.mjs';

const ADMIN = 'bench-admin';

function chain(templates) {
	const nodes = [{ id: 'in', type: 'input', position: { x: 0, y: 0 }, data: {} }];
	const edges = [];
	let prev = 'in';
	let port = 'output';
	for (let i = 0; i < templates; i++) {
		const id = `t${i}`;
		nodes.push({ id, type: 'template', position: { x: 0, y: 0 }, data: { template: `{{ input.n }}-${i}` } });
		edges.push({ id: `e${i}`, source: prev, source_handle: port, target: id, target_handle: 'input' });
		prev = id;
	}
	nodes.push({ id: 'out', type: 'output', position: { x: 0, y: 0 }, data: { label: 'v' } });
	edges.push({ id: 'eo', source: prev, source_handle: port, target: 'out', target_handle: 'input' });
	return { nodes, edges };
}

/** input → template → conditional (JS in the sandbox) → template → output: five nodes with one sandboxed evaluation. */
function fiveNodes() {
	const n = (id, type, data = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
	const e = (id, s, sh, t, th) => ({ id, source: s, source_handle: sh, target: t, target_handle: th });
	return {
		nodes: [n('in', 'input'), n('a', 'template', { template: 'n={{ input.n }}' }), n('if', 'conditional', { expression: 'input.length > 2' }), n('b', 'template', { template: '{{ input }}!' }), n('out', 'output', { label: 'v' })],
		edges: [e('1', 'in', 'output', 'a', 'input'), e('2', 'a', 'output', 'if', 'input'), e('3', 'if', 'true', 'b', 'input'), e('4', 'b', 'output', 'out', 'input')]
	};
}

async function startServer(dir) {
	const db = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
	const port = await freePort();
	writeFileSync(join(dir, 'at.json'), JSON.stringify({ log_level: 'warn', server: { admin_token: ADMIN }, workflow: { max_concurrency: 8 } }));
	const store = db ? { DATABASE_URL: db, AT_STORE_POSTGRES_SCHEMA: `bench_engine_${Date.now()}` } : { AT_STORE_PGLITE_DIR: join(dir, 'pglite') };
	const child = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, AT_CONFIG_FILE: join(dir, 'at.json'), PORT: String(port), HOST: '127.0.0.1', ...store },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 600; i++) {
		try {
			if ((await fetch(`${url}/readyz`)).ok) return { child, url, store: db ? 'postgres' : 'pglite' };
		} catch {
			// starting
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGKILL');
	throw new Error('AT did not start');
}

async function request(p, method, path, body) {
	const res = await p.request({ path, method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.body.text();
	if (res.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
	return JSON.parse(text);
}

async function runOnce(p, id, n) {
	const t0 = performance.now();
	const r = await request(p, 'POST', `/api/v1/workflows/${id}/run?sync=true`, { inputs: { n } });
	if (r.status !== 'succeeded') throw new Error(`run ${r.run_id} ${r.status}: ${r.error}`);
	return performance.now() - t0;
}

async function latency(p, id, count) {
	const times = [];
	for (let i = 0; i < count; i++) times.push(await runOnce(p, id, i));
	times.sort((a, b) => a - b);
	return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

async function throughput(p, id, seconds, clients) {
	const until = performance.now() + seconds * 1000;
	let done = 0;
	await Promise.all(
		Array.from({ length: clients }, async (_, c) => {
			for (let i = 0; performance.now() < until; i++) {
				await runOnce(p, id, c * 1e6 + i);
				done++;
			}
		})
	);
	return round(done / seconds, 1);
}

export async function runEngineBench({ quick = false } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'at-bench-engine-'));
	const server = await startServer(dir);
	const p = pool(server.url, 64);
	try {
		const five = (await request(p, 'POST', '/api/v1/workflows', { name: 'bench five', graph: chain(3) })).id;
		const fiveJs = (await request(p, 'POST', '/api/v1/workflows', { name: 'bench five with JS', graph: fiveNodes() })).id;
		const short = (await request(p, 'POST', '/api/v1/workflows', { name: 'bench chain 2', graph: chain(2) })).id;
		const long = (await request(p, 'POST', '/api/v1/workflows', { name: 'bench chain 22', graph: chain(22) })).id;
		for (const id of [five, fiveJs, short, long]) for (let i = 0; i < (quick ? 50 : 200); i++) await runOnce(p, id, i);
		const n = quick ? 150 : 500;
		const lat5 = await latency(p, five, n);
		const latShort = await latency(p, short, n);
		const latLong = await latency(p, long, n);
		// 20 more template steps: the difference is the engine's cost per step (scheduling, step records,
		// events, template rendering), HTTP and the run's own persistence cancel out.
		const perStep = round((latLong.p50 - latShort.p50) / 20);
		const seconds = quick ? 3 : 10;
		const rps = await throughput(p, five, seconds, 32);
		const rpsJs = await throughput(p, fiveJs, seconds, 32);
		const steps = (await request(p, 'GET', `/api/v1/runs?workflow_id=${five}&limit=1`)).runs[0];
		const check = await request(p, 'GET', `/api/v1/runs/${steps.id}`);
		return {
			store: server.store,
			five_node_runs_per_second: rps,
			five_node_with_sandboxed_js_runs_per_second: rpsJs,
			five_node_latency_ms: lat5,
			chain2_latency_ms: latShort,
			chain22_latency_ms: latLong,
			per_step_overhead_ms: perStep,
			last_run_steps_persisted: check.steps.length,
			rows: {
				'engine: 5-node runs/s (input, 3 templates, output; sync API, 32 clients)': { value: `${rps} runs/s`, target: '≥ 500', ok: rps >= 500 },
				'engine: 5-node runs/s with a JS conditional (sandbox)': { value: `${rpsJs} runs/s`, target: '(info)', ok: true },
				'engine: overhead per step': { value: `${perStep} ms`, target: '≤ 2 ms', ok: perStep <= 2 }
			}
		};
	} finally {
		await p.close();
		server.child.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 500));
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = await runEngineBench({ quick: process.argv.includes('--quick') });
	console.log(JSON.stringify(r, null, 2));
}
