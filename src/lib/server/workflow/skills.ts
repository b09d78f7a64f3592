import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript, safeHttpHost, type SandboxLog } from './sandbox';

export interface HandlerRun {
	result: unknown;
	error: string | null;
	duration_ms: number;
	logs: SandboxLog[];
}

export interface HandlerOptions {
	handler: string;
	handlerType: 'js' | 'bash';
	args: Record<string, unknown>;
	timeoutMs: number;
	signal?: AbortSignal;
	execEnabled: boolean;
	allowHosts: string[];
	getVar?: (key: string) => Promise<string | undefined>;
}

/**
 * Runs one skill tool handler: JS in the sandbox with `args` (a function body that may return and
 * await), or — only when workflow.exec.enabled — a bash script with ARGS (JSON) in a clean
 * environment. Never throws.
 */
export async function runToolHandler(o: HandlerOptions): Promise<HandlerRun> {
	const t0 = performance.now();
	const took = () => Math.round(performance.now() - t0);
	if (o.handlerType === 'bash') {
		if (!o.execEnabled) return { result: null, error: 'bash handlers are disabled on this server (set workflow.exec.enabled: true)', duration_ms: 0, logs: [] };
		try {
			const r = await bash(o.handler, o.args, o.timeoutMs, o.signal);
			return r.code === 0
				? { result: r.stdout.trim(), error: null, duration_ms: took(), logs: [] }
				: { result: null, error: `exit code ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`, duration_ms: took(), logs: [] };
		} catch (e) {
			return { result: null, error: e instanceof Error ? e.message : String(e), duration_ms: took(), logs: [] };
		}
	}
	const r = await runScript(o.handler, {
		mode: 'function',
		globals: { args: o.args },
		timeoutMs: o.timeoutMs,
		signal: o.signal,
		host: { getVar: o.getVar, http: safeHttpHost({ allowHosts: o.allowHosts, signal: o.signal }) }
	});
	return r.ok ? { result: r.value ?? null, error: null, duration_ms: took(), logs: r.logs } : { result: null, error: r.error, duration_ms: took(), logs: r.logs };
}

async function bash(script: string, args: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
	const dir = await mkdtemp(join(tmpdir(), 'at-skill-'));
	try {
		return await new Promise((resolve, reject) => {
			const child = spawn('/bin/bash', ['-c', script], {
				cwd: dir,
				env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, ARGS: JSON.stringify(args) },
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: timeoutMs,
				killSignal: 'SIGKILL'
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(0, 1 << 20)));
			child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(0, 1 << 20)));
			const kill = () => child.kill('SIGKILL');
			signal?.addEventListener('abort', kill, { once: true });
			child.on('error', reject);
			child.on('close', (code, sig) => {
				signal?.removeEventListener('abort', kill);
				resolve({ code: code ?? (sig ? 137 : -1), stdout, stderr: sig === 'SIGKILL' && code === null ? `killed after ${timeoutMs} ms` : stderr });
			});
		});
	} finally {
		await rm(dir, { recursive: true, force: true }).catch(() => {});
	}
}
