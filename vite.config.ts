import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// The integration suite runs on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set.
function integrationProjects() {
	const stores = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
	return stores.map((store) => ({
		extends: './vite.config.ts',
		test: {
			name: `integration-${store}`,
			environment: 'node',
			include: ['tests/integration/**/*.{test,spec}.ts'],
			// tests/integration/postgres/ needs a server database (several instances on one store).
			exclude: store === 'pglite' ? ['tests/integration/postgres/**'] : [],
			env: { AT_TEST_STORE: store },
			testTimeout: 30_000,
			hookTimeout: 120_000,
			fileParallelism: false
		}
	}));
}

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	server: { port: 5173 },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.{test,spec}.{js,ts}'],
					exclude: ['src/**/*.svelte.{test,spec}.{js,ts}']
				}
			},
			...integrationProjects()
		]
	}
});
