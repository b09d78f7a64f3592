// `npm run bench`: the gateway measured against calling the mock upstream directly, in the same run
// (SPEC §10). Starts the mock upstream and the built server, prints a table, writes bench/results.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chat, freePort, percentile, pool, round, rssMb, startJsonProcess } from './lib.mjs';

const QUICK = process.argv.includes('--quick');
const N_LATENCY = QUICK ? 300 : 2000;
const THROUGHPUT_SECONDS = QUICK ? 3 : 10;
const STREAMS = 1000;
const TOKEN = 'sk-bench';
// PostgreSQL is the store for production load (PGlite runs inside the AT process and costs CPU and
// ~300-800 MB of WASM heap); use it when a database URL is given, and say which store was measured.
const BENCH_DB = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';

if (!existsSync('build/index.js') || process.argv.includes('--build')) {
	const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(1);
}

const mocks = [];
const results = { date: new Date().toISOString(), node: process.version, quick: QUICK, store: BENCH_DB ? 'postgres' : 'pglite', gateway: {}, engine: null };
const dir = mkdtempSync(join(tmpdir(), 'at-bench-'));
let at;

async function startAt(mockUrl, mockSlowUrl) {
	const port = await freePort();
	const config = {
		log_level: 'info',
		providers: {
			mock: { type: 'openai', api_key: 'mock-key', base_url: `${mockUrl}/v1/chat/completions` },
			slow: { type: 'openai', api_key: 'mock-key', base_url: `${mockSlowUrl}/v1/chat/completions` }
		},
		gateway: { auth_tokens: [{ token: TOKEN, name: 'bench' }] }
	};
	writeFileSync(join(dir, 'at.json'), JSON.stringify(config));
	const store = BENCH_DB ? { DATABASE_URL: BENCH_DB, AT_STORE_POSTGRES_SCHEMA: `bench_${Date.now()}` } : { AT_STORE_PGLITE_DIR: join(dir, 'pglite') };
	const child = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, AT_CONFIG_FILE: join(dir, 'at.json'), PORT: String(port), HOST: '127.0.0.1', ...store },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 600; i++) {
		try {
			if ((await fetch(`${url}/readyz`)).ok) return { child, url };
		} catch {
			// starting
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('AT did not start');
}

const body = (model, stream, words = 8) =>
	JSON.stringify({
		model,
		stream,
		messages: [{ role: 'user', content: Array.from({ length: words }, (_, i) => `word${i}`).join(' ') }]
	});

async function latency(p, path, headers, model, stream) {
	const times = [];
	const firsts = [];
	for (let i = 0; i < 50; i++) await chat(p, path, headers, body(model, stream)); // warm-up
	for (let i = 0; i < N_LATENCY; i++) {
		const r = await chat(p, path, headers, body(model, stream));
		times.push(r.total);
		firsts.push(r.first);
	}
	times.sort((a, b) => a - b);
	firsts.sort((a, b) => a - b);
	return { p50: percentile(times, 50), p99: percentile(times, 99), ttft50: percentile(firsts, 50), ttft99: percentile(firsts, 99) };
}

async function throughput(p, path, headers, model, clients, seconds) {
	let done = 0;
	let errors = 0;
	const until = performance.now() + seconds * 1000;
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (performance.now() < until) {
				try {
					await chat(p, path, headers, body(model, false));
					done++;
				} catch {
					errors++;
				}
			}
		})
	);
	return { rps: done / seconds, errors };
}

try {
	const fast = await startJsonProcess(['bench/mock-server.mjs', '0']);
	const slow = await startJsonProcess(['bench/mock-server.mjs', '20']);
	mocks.push(fast.child, slow.child);
	at = await startAt(fast.info.url, slow.info.url);
	const auth = { authorization: `Bearer ${TOKEN}` };
	const mockAuth = { authorization: 'Bearer mock-key' };
	await new Promise((r) => setTimeout(r, 1500));
	results.gateway.rss_idle_mb = rssMb(at.child.pid);

	const direct = pool(fast.info.url, 1);
	const gw = pool(at.url, 1);
	const dNon = await latency(direct, '/v1/chat/completions', mockAuth, 'mock-echo', false);
	const gNon = await latency(gw, '/gateway/v1/chat/completions', auth, 'mock/mock-echo', false);
	const dStr = await latency(direct, '/v1/chat/completions', mockAuth, 'mock-echo', true);
	const gStr = await latency(gw, '/gateway/v1/chat/completions', auth, 'mock/mock-echo', true);
	results.gateway.latency_non_stream = {
		direct_p50_ms: round(dNon.p50), gateway_p50_ms: round(gNon.p50), added_p50_ms: round(gNon.p50 - dNon.p50),
		direct_p99_ms: round(dNon.p99), gateway_p99_ms: round(gNon.p99), added_p99_ms: round(gNon.p99 - dNon.p99)
	};
	results.gateway.ttft_stream = {
		direct_p50_ms: round(dStr.ttft50), gateway_p50_ms: round(gStr.ttft50), added_p50_ms: round(gStr.ttft50 - dStr.ttft50),
		added_p99_ms: round(gStr.ttft99 - dStr.ttft99)
	};
	await direct.close();
	await gw.close();

	const d64 = pool(slow.info.url, 64);
	const g64 = pool(at.url, 64);
	const dT = await throughput(d64, '/v1/chat/completions', mockAuth, 'mock-echo', 64, THROUGHPUT_SECONDS);
	const gT = await throughput(g64, '/gateway/v1/chat/completions', auth, 'slow/mock-echo', 64, THROUGHPUT_SECONDS);
	results.gateway.throughput_20ms_64_clients = {
		direct_rps: round(dT.rps, 1), gateway_rps: round(gT.rps, 1), ratio: round(gT.rps / dT.rps, 3), gateway_errors: gT.errors
	};
	await d64.close();
	await g64.close();
	results.gateway.rss_after_load_mb = rssMb(at.child.pid);

	// 1000 streams open at once: each waits 500 ms upstream, then streams ~60 chunks.
	const gS = pool(at.url, STREAMS);
	const t0 = performance.now();
	const streams = await Promise.allSettled(
		Array.from({ length: STREAMS }, () => chat(gS, '/gateway/v1/chat/completions', auth, body('mock/mock-slow-500', true, 60)))
	);
	const ok = streams.filter((s) => s.status === 'fulfilled' && s.value.sawDone && s.value.text.includes('word59')).length;
	results.gateway.concurrent_streams = { opened: STREAMS, completed: ok, seconds: round((performance.now() - t0) / 1000, 2) };
	await gS.close();

	// Leak check: after the warm-up loads above, three more identical rounds. V8 sizes its heap lazily,
	// so RSS moves by tens of MB between rounds; a leak shows as growth in every round.
	const rounds = [];
	for (let i = 0; i < 3; i++) {
		const g2 = pool(at.url, 64);
		await throughput(g2, '/gateway/v1/chat/completions', auth, 'slow/mock-echo', 64, QUICK ? 2 : 5);
		await g2.close();
		await new Promise((r) => setTimeout(r, 1500));
		rounds.push(rssMb(at.child.pid));
	}
	results.gateway.rss_rounds_mb = rounds;
	results.gateway.leak_suspected = rounds[2] > rounds[1] * 1.05 && rounds[1] > rounds[0] * 1.05;

	if (existsSync('bench/engine.mjs')) {
		const { runEngineBench } = await import('./engine.mjs');
		results.engine = await runEngineBench({ quick: QUICK });
	}
} finally {
	at?.child.kill('SIGTERM');
	for (const m of mocks) m.kill('SIGTERM');
	await new Promise((r) => setTimeout(r, 500));
	rmSync(dir, { recursive: true, force: true });
}

const g = results.gateway;
const rows = [
	['added latency p50 (non-stream)', `${g.latency_non_stream.added_p50_ms} ms`, '≤ 0.5 ms', g.latency_non_stream.added_p50_ms <= 0.5],
	['added latency p99 (non-stream)', `${g.latency_non_stream.added_p99_ms} ms`, '≤ 2 ms', g.latency_non_stream.added_p99_ms <= 2],
	['added TTFT p50 (stream)', `${g.ttft_stream.added_p50_ms} ms`, '≤ 1 ms', g.ttft_stream.added_p50_ms <= 1],
	['throughput vs direct (20 ms mock, 64 clients)', `${(g.throughput_20ms_64_clients.ratio * 100).toFixed(1)} % (${g.throughput_20ms_64_clients.gateway_rps} vs ${g.throughput_20ms_64_clients.direct_rps} req/s)`, '≥ 90 %', g.throughput_20ms_64_clients.ratio >= 0.9],
	['concurrent streams completed', `${g.concurrent_streams.completed}/${g.concurrent_streams.opened}`, '≥ 1000', g.concurrent_streams.completed >= 1000],
	['idle RSS', `${g.rss_idle_mb} MB`, '≤ 150 MB', g.rss_idle_mb <= 150],
	['RSS over 3 more load rounds (leak check)', `${g.rss_rounds_mb.join(' → ')} MB`, 'no growth', !g.leak_suspected]
];
if (results.engine)
	for (const [k, v] of Object.entries(results.engine.rows ?? {})) rows.push([k, v.value, v.target, v.ok]);
results.rows = rows.map(([what, value, target, ok]) => ({ what, value, target, ok }));
writeFileSync('bench/results.json', JSON.stringify(results, null, 2));
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${'what'.padEnd(w)}  ${'measured'.padEnd(44)}  ${'target'.padEnd(10)}  ok`);
for (const [what, value, target, ok] of rows) console.log(`${what.padEnd(w)}  ${String(value).padEnd(44)}  ${target.padEnd(10)}  ${ok ? 'yes' : 'NO'}`);
console.log(`\nstore: ${results.store}; written to bench/results.json`);
