import { openStore, type Store } from '../../src/lib/server/store/db';
import { resolve } from 'node:path';
import { dropSchema } from './server';
import { testDatabaseUrl, testStore, uniqueName } from './env';

/**
 * A migrated, empty database for tests that call query functions directly: PGlite in memory, or a
 * fresh schema in TEST_DATABASE_URL for the PostgreSQL project. Call `dispose()` in afterAll.
 */
export async function openTestStore(): Promise<Store & { dispose(): Promise<void> }> {
	const migrationsDir = resolve(import.meta.dirname, '../../drizzle');
	if (testStore() === 'postgres') {
		const schema = uniqueName('t');
		const store = await openStore({ postgresUrl: testDatabaseUrl(), postgresSchema: schema, maxConnections: 4, migrationsDir });
		await store.migrate();
		return Object.assign(store, {
			async dispose() {
				await store.close();
				await dropSchema(schema);
			}
		});
	}
	const store = await openStore({ pgliteDir: ':memory:', migrationsDir });
	await store.migrate();
	return Object.assign(store, { dispose: () => store.close() });
}
