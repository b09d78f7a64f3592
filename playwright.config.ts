import { defineConfig } from '@playwright/test';

// Ports can be moved (E2E_PORT, E2E_MOCK_PORT) so that two checkouts can run the suite at once.
const AT_PORT = Number(process.env.E2E_PORT ?? 4173);
const MOCK_PORT = Number(process.env.E2E_MOCK_PORT ?? 4010);
const DATA = '.e2e-data';
// Written by tests/e2e/auth.setup.ts (see tests/e2e/users.ts); every spec starts signed in as the admin.
const ADMIN_STATE = `${DATA}/admin.json`;

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	outputDir: 'test-results',
	use: {
		baseURL: `http://127.0.0.1:${AT_PORT}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{ name: 'setup', testMatch: /auth\.setup\.ts$/ },
		{ name: 'chromium', dependencies: ['setup'], use: { storageState: ADMIN_STATE } }
	],
	webServer: [
		{
			// The scripted mock upstream (OpenAI, Anthropic and Gemini wire formats) that e2e providers point at.
			command: `node tests/mocks/cli.mjs --port ${MOCK_PORT} --chunk-delay 20`,
			port: MOCK_PORT,
			reuseExistingServer: false,
			timeout: 30_000,
			stdout: 'ignore',
			stderr: 'pipe'
		},
		{
			command: `node build/index.js`,
			url: `http://127.0.0.1:${AT_PORT}/readyz`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'ignore',
			stderr: 'pipe',
			env: {
				PORT: String(AT_PORT),
				HOST: '127.0.0.1',
				AT_CONFIG_FILE: 'tests/e2e/at.e2e.yaml',
				AT_STORE_PGLITE_DIR: `${DATA}/pglite-${Date.now()}`,
				E2E_MOCK_URL: `http://127.0.0.1:${MOCK_PORT}`
			}
		}
	]
});
