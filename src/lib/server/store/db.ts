import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type DB = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
export type DbOrTx = DB | Tx;

/** Advisory-lock keys (arbitrary constants, unique per purpose). */
export const LOCKS = { migrate: 7_301_001, scheduler: 7_301_002, rotateKey: 7_301_003 } as const;

export interface AdvisoryLease {
	release(): Promise<void>;
}

export interface Store {
	kind: 'pglite' | 'postgres';
	db: DB;
	ping(): Promise<void>;
	migrate(): Promise<void>;
	/** Session-level advisory lock on a dedicated connection; null when another session holds it. */
	tryLock(key: number): Promise<AdvisoryLease | null>;
	lock(key: number): Promise<AdvisoryLease>;
	listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
	notify(channel: string, payload: string): Promise<void>;
	close(): Promise<void>;
}

export interface StoreOptions {
	postgresUrl?: string;
	postgresSchema?: string;
	maxConnections?: number;
	pgliteDir?: string;
	migrationsDir?: string;
}

/** The committed drizzle/ folder: next to the working directory, or above the running module. */
export function findMigrationsDir(): string {
	const fromCwd = resolve('drizzle');
	if (existsSync(join(fromCwd, 'meta/_journal.json'))) return fromCwd;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 8; i++) {
		const c = join(dir, 'drizzle');
		if (existsSync(join(c, 'meta/_journal.json'))) return c;
		dir = dirname(dir);
	}
	throw new Error('cannot find the drizzle/ migrations folder (set AT_MIGRATIONS_DIR)');
}

const quoteIdent = (s: string) => '"' + s.replace(/"/g, '""') + '"';

export async function openStore(opts: StoreOptions): Promise<Store> {
	const migrationsFolder = opts.migrationsDir ?? process.env.AT_MIGRATIONS_DIR ?? findMigrationsDir();
	return opts.postgresUrl ? openPostgres(opts, migrationsFolder) : openPglite(opts, migrationsFolder);
}

async function openPostgres(opts: StoreOptions, migrationsFolder: string): Promise<Store> {
	const schemaName = opts.postgresSchema || '';
	const connection: Record<string, string> = { application_name: 'at' };
	if (schemaName) connection.search_path = schemaName;
	const sql = postgres(opts.postgresUrl!, {
		max: opts.maxConnections ?? 10,
		connection,
		onnotice: () => {},
		idle_timeout: 60,
		connect_timeout: 10
	});
	const db = drizzlePostgres(sql, { schema }) as unknown as DB;

	async function hold(key: number, wait: boolean): Promise<AdvisoryLease | null> {
		const conn = await sql.reserve();
		try {
			if (wait) await conn`select pg_advisory_lock(${key})`;
			else {
				const [row] = await conn`select pg_try_advisory_lock(${key}) as ok`;
				if (!row.ok) {
					conn.release();
					return null;
				}
			}
		} catch (e) {
			conn.release();
			throw e;
		}
		let released = false;
		return {
			async release() {
				if (released) return;
				released = true;
				try {
					await conn`select pg_advisory_unlock(${key})`;
				} finally {
					conn.release();
				}
			}
		};
	}

	return {
		kind: 'postgres',
		db,
		async ping() {
			await sql`select 1`;
		},
		async migrate() {
			const lease = (await hold(LOCKS.migrate, true))!;
			try {
				if (schemaName) await sql.unsafe(`create schema if not exists ${quoteIdent(schemaName)}`);
				await migratePostgres(drizzlePostgres(sql), {
					migrationsFolder,
					migrationsSchema: schemaName || 'public',
					migrationsTable: 'at_migrations'
				});
			} finally {
				await lease.release();
			}
		},
		tryLock: (key) => hold(key, false),
		lock: async (key) => (await hold(key, true))!,
		async listen(channel, onMessage) {
			const sub = await sql.listen(channel, onMessage);
			return () => sub.unlisten();
		},
		async notify(channel, payload) {
			await sql.notify(channel, payload);
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}

async function openPglite(opts: StoreOptions, migrationsFolder: string): Promise<Store> {
	const dir = opts.pgliteDir ?? './data/pglite';
	const memory = dir === ':memory:' || dir === 'memory://';
	if (!memory) mkdirSync(dir, { recursive: true });
	const client = memory ? new PGlite() : new PGlite(resolve(dir));
	await client.waitReady;
	const db = drizzlePglite(client, { schema }) as unknown as DB;
	// PGlite is one in-process connection: advisory locks are kept in memory instead.
	const held = new Set<number>();
	const waiters = new Map<number, (() => void)[]>();
	const lease = (key: number): AdvisoryLease => ({
		async release() {
			held.delete(key);
			const next = waiters.get(key)?.shift();
			if (next) next();
		}
	});
	const channels = new Map<string, Set<(p: string) => void>>();
	return {
		kind: 'pglite',
		db,
		async ping() {
			await client.query('select 1');
		},
		async migrate() {
			await migratePglite(drizzlePglite(client), {
				migrationsFolder,
				migrationsSchema: 'public',
				migrationsTable: 'at_migrations'
			});
		},
		async tryLock(key) {
			if (held.has(key)) return null;
			held.add(key);
			return lease(key);
		},
		async lock(key) {
			while (held.has(key)) await new Promise<void>((r) => waiters.set(key, [...(waiters.get(key) ?? []), r]));
			held.add(key);
			return lease(key);
		},
		async listen(channel, onMessage) {
			const set = channels.get(channel) ?? new Set();
			set.add(onMessage);
			channels.set(channel, set);
			return async () => {
				set.delete(onMessage);
			};
		},
		async notify(channel, payload) {
			for (const fn of channels.get(channel) ?? []) queueMicrotask(() => fn(payload));
		},
		async close() {
			await client.close();
		}
	};
}
