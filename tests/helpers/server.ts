import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { stringify } from 'yaml';
import { testDatabaseUrl, testStore, uniqueName } from './env';

export interface AtServer {
	url: string;
	port: number;
	store: 'pglite' | 'postgres';
	/** Postgres schema or PGlite directory holding this instance's data. */
	dataLocation: string;
	logs(): string;
	/** SIGTERM and wait for exit; keeps the data. */
	stop(): Promise<number | null>;
	/** stop() and delete the data. */
	destroy(): Promise<void>;
	process: ChildProcess;
}

export interface StartOptions {
	config?: Record<string, unknown>;
	env?: Record<string, string>;
	/** Reuse the data of an earlier instance (restart test). */
	dataLocation?: string;
	/** Resolve once the process exits instead of waiting for /healthz (startup-failure tests). */
	expectExit?: boolean;
	timeoutMs?: number;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const s = createServer();
		s.unref();
		s.on('error', rej);
		s.listen(0, '127.0.0.1', () => {
			const addr = s.address();
			s.close(() => res(typeof addr === 'object' && addr ? addr.port : 0));
		});
	});
}

/** Starts the built app (`node build`) as a user would, with its own database. */
export async function startAt(opts: StartOptions = {}): Promise<AtServer & { exitCode?: number | null }> {
	if (!existsSync(join(ROOT, 'build/index.js'))) throw new Error('run `npm run build` before the integration tests');
	const store = testStore();
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'at-it-'));
	const configFile = join(dir, 'at.yaml');
	writeFileSync(configFile, stringify(opts.config ?? {}));
	const dataLocation =
		opts.dataLocation ?? (store === 'postgres' ? uniqueName('it') : join(dir, 'pglite'));
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '',
		AT_CONFIG_FILE: configFile,
		PORT: String(port),
		HOST: '127.0.0.1',
		AT_LOG_LEVEL: 'debug',
		AT_MIGRATIONS_DIR: join(ROOT, 'drizzle'),
		...(store === 'postgres'
			? { DATABASE_URL: testDatabaseUrl(), AT_STORE_POSTGRES_SCHEMA: dataLocation }
			: { AT_STORE_PGLITE_DIR: dataLocation }),
		...opts.env
	};
	const child = spawn(process.execPath, [join(ROOT, 'build/index.js')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
	const url = `http://127.0.0.1:${port}`;

	const server: AtServer = {
		url,
		port,
		store,
		dataLocation,
		process: child,
		logs: () => out,
		async stop() {
			if (child.exitCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
			const code = await exited;
			clearTimeout(t);
			return code;
		},
		async destroy() {
			await server.stop();
			if (store === 'postgres') await dropSchema(dataLocation);
			rmSync(dir, { recursive: true, force: true });
		}
	};

	if (opts.expectExit) {
		const code = await exited;
		return { ...server, exitCode: code };
	}
	const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`AT exited with ${child.exitCode}:\n${out}`);
		try {
			const r = await fetch(`${url}/healthz`);
			if (r.ok) return server;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	await server.stop();
	throw new Error(`AT did not become healthy in time:\n${out}`);
}

export async function dropSchema(schema: string) {
	const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe(`drop schema if exists "${schema}" cascade`);
	} finally {
		await sql.end();
	}
}
