import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { NodeError, type Executor } from '../types';

const MAX_OUTPUT = 1024 * 1024;

/**
 * A shell command in a fresh per-run directory with a clean environment (PATH, HOME=the directory,
 * the node's env and AT_INPUT with its input as JSON). Exit 0 → `true`, else `false`; both `always`.
 * Refused unless workflow.exec.enabled.
 */
export const exec: Executor = async (ctx) => {
	if (!ctx.host.config.execEnabled) throw new NodeError('exec nodes are disabled on this server (set workflow.exec.enabled: true)');
	const command = await ctx.render(String(ctx.data.command ?? ''));
	if (!command.trim()) throw new NodeError('command is empty');
	const dir = await mkdtemp(join(tmpdir(), `at-run-${ctx.run.id}-`));
	try {
		let cwd = dir;
		const wd = String(ctx.data.working_dir ?? '').trim();
		if (wd) {
			cwd = resolve(dir, wd);
			if (cwd !== dir && !cwd.startsWith(dir + sep)) throw new NodeError('working_dir must stay inside the run directory');
		}
		const env: Record<string, string> = {
			PATH: '/usr/local/bin:/usr/bin:/bin',
			HOME: dir,
			AT_INPUT: JSON.stringify(ctx.inputs.data ?? null),
			...((ctx.data.env as Record<string, string>) ?? {})
		};
		const r = await run(command, cwd, env, ctx.signal);
		const out = { stdout: r.stdout, stderr: r.stderr, exit_code: r.code };
		return { outputs: r.code === 0 ? { true: out, always: out } : { false: out, always: out } };
	} finally {
		await rm(dir, { recursive: true, force: true }).catch(() => {});
	}
};

function run(command: string, cwd: string, env: Record<string, string>, signal: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((res, rej) => {
		const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => {
			if (stdout.length < MAX_OUTPUT) stdout += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			if (stderr.length < MAX_OUTPUT) stderr += d.toString();
		});
		const kill = () => {
			try {
				if (child.pid) process.kill(-child.pid, 'SIGKILL');
			} catch {
				child.kill('SIGKILL');
			}
		};
		signal.addEventListener('abort', kill, { once: true });
		child.on('error', (e) => {
			signal.removeEventListener('abort', kill);
			rej(e);
		});
		child.on('close', (code) => {
			signal.removeEventListener('abort', kill);
			res({ code: code ?? -1, stdout, stderr });
		});
	});
}
