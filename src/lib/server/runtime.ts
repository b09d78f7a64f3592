import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config/schema';
import { deriveKey, makeKeyCheck, verifyKeyCheck, type Key } from './crypto/enc';
import { hashPassword, verifyPassword } from './crypto/password';
import { EventBus } from './events';
import { errorMessage, log } from './log';
import { openStore, type DB, type Store } from './store/db';
import { deleteUserSessions } from './store/queries/sessions';
import { getSetting, setSetting } from './store/queries/settings';
import { createUser, getUserByUsername, updateUser } from './store/queries/users';

/** A part of the runtime with a lifecycle (provider registry, engine, scheduler, usage writer...). */
export interface Service {
	name: string;
	start?(rt: Runtime): Promise<void> | void;
	/** Stop accepting new work, finish what is in flight (bounded), release resources. */
	stop?(): Promise<void> | void;
}

export class StartupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StartupError';
	}
}

export const KEY_CHECK_SETTING = 'encryption_key_check';

export class Runtime {
	readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
	readonly startedAt = new Date();
	readonly bus: EventBus;
	/** AES key derived from store.encryption_key; swapped by key rotation. */
	key: Key;
	migrated = false;
	shuttingDown = false;
	private services: Service[] = [];
	private dbHealthy = true;

	constructor(
		readonly config: Config,
		readonly store: Store,
		readonly configFile?: string
	) {
		this.key = deriveKey(config.store.encryption_key);
		this.bus = new EventBus(store, this.instanceId);
	}

	get db(): DB {
		return this.store.db;
	}

	/** Adds a service; started immediately when the runtime is already running. */
	async use(service: Service) {
		this.services.push(service);
		if (this.migrated) await service.start?.(this);
	}

	service<T extends Service>(name: string): T | undefined {
		return this.services.find((s) => s.name === name) as T | undefined;
	}

	async start() {
		await this.store.migrate();
		this.migrated = true;
		await this.checkKey();
		await this.bootstrapAdmin();
		await this.bus.start();
		for (const s of this.services) await s.start?.(this);
	}

	private async checkKey() {
		const stored = await getSetting(this.db, KEY_CHECK_SETTING);
		if (stored === undefined || (stored === '' && this.key)) {
			await setSetting(this.db, KEY_CHECK_SETTING, makeKeyCheck(this.key));
			return;
		}
		if (!verifyKeyCheck(stored, this.key)) {
			throw new StartupError(
				this.key
					? 'store.encryption_key does not match the key this database was encrypted with. Start with the previous key (and rotate it in Settings), or restore the right key. Nothing was changed.'
					: 'this database holds secrets encrypted with a key, but store.encryption_key is empty. Set store.encryption_key (or AT_STORE_ENCRYPTION_KEY) to the key in use. Nothing was changed.'
			);
		}
	}

	private async bootstrapAdmin() {
		const username = process.env.AT_ADMIN_USERNAME;
		const password = process.env.AT_ADMIN_PASSWORD;
		if (!username || !password) return;
		const existing = await getUserByUsername(this.db, username);
		if (!existing) await createUser(this.db, { username, passwordHash: await hashPassword(password), role: 'admin' });
		else {
			// Runs at every start: an unchanged password keeps the admin's sessions; a reset ends them.
			const same = existing.passwordHash !== null && (await verifyPassword(existing.passwordHash, password));
			if (same && existing.role === 'admin') return;
			await updateUser(this.db, existing.id, { role: 'admin', ...(same ? {} : { passwordHash: await hashPassword(password) }) });
			if (!same) await deleteUserSessions(this.db, existing.id);
		}
		log.info('admin user ensured from AT_ADMIN_USERNAME', { username });
	}

	/** /readyz: the database answers and migrations are applied. */
	async ready(): Promise<{ ok: boolean; database: string }> {
		if (!this.migrated || this.shuttingDown) return { ok: false, database: this.migrated ? 'shutting down' : 'migrating' };
		try {
			await Promise.race([
				this.store.ping(),
				new Promise((_, rej) => setTimeout(() => rej(new Error('timed out after 2s')), 2000).unref())
			]);
			this.dbHealthy = true;
			return { ok: true, database: 'ok' };
		} catch (e) {
			this.dbHealthy = false;
			return { ok: false, database: errorMessage(e) };
		}
	}

	get databaseHealthy() {
		return this.dbHealthy;
	}

	async shutdown() {
		if (this.shuttingDown) return;
		this.shuttingDown = true;
		for (const s of [...this.services].reverse()) {
			try {
				await s.stop?.();
			} catch (e) {
				log.error('service failed to stop', { service: s.name, error: errorMessage(e) });
			}
		}
		await this.bus.stop().catch(() => {});
		await this.store.close().catch(() => {});
		log.info('shutdown complete');
	}
}

const KEY = Symbol.for('at.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(rt: Runtime | undefined) {
	(globalThis as Holder)[KEY] = rt;
}

export function getRuntime(): Runtime {
	const rt = (globalThis as Holder)[KEY];
	if (!rt) throw new Error('AT runtime is not initialised');
	return rt;
}

export function hasRuntime(): boolean {
	return (globalThis as Holder)[KEY] !== undefined;
}

export async function createRuntime(config: Config, configFile?: string): Promise<Runtime> {
	const pg = config.store.postgres;
	const store = await openStore({
		postgresUrl: pg.datasource || undefined,
		postgresSchema: pg.schema,
		maxConnections: pg.max_open_conns,
		pgliteDir: config.store.pglite.dir
	});
	return new Runtime(config, store, configFile);
}
