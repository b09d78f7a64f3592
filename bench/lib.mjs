import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Pool } from 'undici';

export async function freePort() {
	return new Promise((res, rej) => {
		const s = createServer();
		s.on('error', rej);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => res(port));
		});
	});
}

/** Starts a node script and resolves with its first stdout line parsed as JSON. */
export function startJsonProcess(args, env = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
		let buf = '';
		child.stdout.on('data', (d) => {
			buf += d;
			const nl = buf.indexOf('\n');
			if (nl >= 0) resolve({ child, info: JSON.parse(buf.slice(0, nl)) });
		});
		child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
	});
}

export function rssMb(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return Math.round((kb / 1024) * 10) / 10;
}

export function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

export function pool(url, connections) {
	return new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

/** One chat completion; returns total ms, or for streams the ms to the first content delta too. */
export async function chat(p, path, headers, body) {
	const t0 = performance.now();
	const res = await p.request({ path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`);
	let first = 0;
	let chunks = 0;
	let sawDone = false;
	let text = '';
	for await (const chunk of res.body) {
		const s = chunk.toString();
		if (!first && s.includes('"content"')) first = performance.now() - t0;
		chunks++;
		text += s;
	}
	if (text.includes('[DONE]')) sawDone = true;
	return { total: performance.now() - t0, first, chunks, sawDone, text };
}
