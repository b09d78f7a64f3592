/** Which store the integration suite runs on: set by the vitest project (see vite.config.ts). */
export const testStore = (): 'pglite' | 'postgres' =>
	process.env.AT_TEST_STORE === 'postgres' ? 'postgres' : 'pglite';

export function testDatabaseUrl(): string {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) throw new Error('TEST_DATABASE_URL is required for the PostgreSQL integration project');
	return url;
}

export const uniqueName = (prefix: string) =>
	`${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
