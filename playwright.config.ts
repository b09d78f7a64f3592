import { defineConfig } from '@playwright/test';

const AT_PORT = 4173;
const MOCK_PORT = 4010;
const DATA = '.e2e-data';

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
	webServer: [
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
