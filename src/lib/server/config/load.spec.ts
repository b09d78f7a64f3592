import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envPath, loadConfig, maskConfig } from './load';
import { parseDuration } from './schema';

const fixture = join(import.meta.dirname, 'fixtures/at-original.yaml');

function dirWith(name: string, content: string) {
	const dir = mkdtempSync(join(tmpdir(), 'at-cfg-'));
	writeFileSync(join(dir, name), content);
	return dir;
}

describe('loadConfig', () => {
	it('loads an original AT at.yaml unchanged, expanding ${VAR}', () => {
		const { config } = loadConfig({ AT_CONFIG_FILE: fixture, AT_TEST_ADMIN: 'adm-1' }, '/');
		expect(config.server.port).toBe(9090);
		expect(config.server.admin_token).toBe('adm-1');
		expect(config.server.forward_auth?.timeout).toBe(15_000);
		expect(config.server.forward_auth?.redirect_status_codes).toEqual([401, 403]);
		expect(config.providers.claude.extra_headers).toEqual({ 'anthropic-beta': 'prompt-caching-2024-07-31' });
		expect(config.providers.openai.models).toEqual(['gpt-4o', 'gpt-4o-mini']);
		expect(config.gateway.auth_tokens[1].expires_at?.toISOString()).toBe('2026-12-31T23:59:59.000Z');
		expect(config.store.postgres.schema).toBe('at_prod');
		expect(config.store.postgres.max_open_conns).toBe(20);
	});

	it('uses defaults when there is no file', () => {
		const { config, file } = loadConfig({}, mkdtempSync(join(tmpdir(), 'at-empty-')));
		expect(file).toBeUndefined();
		expect(config.server.port).toBe(8080);
		expect(config.store.pglite.dir).toBe('./data/pglite');
		expect(config.workflow.exec.enabled).toBe(false);
		expect(config.workflow.sync_timeout).toBe(60_000);
	});

	it('applies AT_* overrides for keys containing underscores and provider maps', () => {
		const { config } = loadConfig(
			{
				AT_CONFIG_FILE: fixture,
				AT_SERVER_PORT: '7000',
				AT_SERVER_BASE_PATH: '/at',
				AT_STORE_ENCRYPTION_KEY: '12345',
				AT_PROVIDERS_OPENAI_API_KEY: 'sk-env',
				AT_PROVIDERS_MY_LOCAL_TYPE: 'openai',
				AT_PROVIDERS_MY_LOCAL_BASE_URL: 'http://x/v1/chat/completions',
				AT_WORKFLOW_EXEC_ENABLED: 'true',
				AT_WORKFLOW_SYNC_TIMEOUT: '2m'
			},
			'/'
		);
		expect(config.server.port).toBe(7000);
		expect(config.server.base_path).toBe('/at');
		expect(config.store.encryption_key).toBe('12345');
		expect(config.providers.openai.api_key).toBe('sk-env');
		expect(config.providers.my_local.base_url).toBe('http://x/v1/chat/completions');
		expect(config.workflow.exec.enabled).toBe(true);
		expect(config.workflow.sync_timeout).toBe(120_000);
	});

	it('takes DATABASE_URL as the postgres datasource', () => {
		const { config } = loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, mkdtempSync(join(tmpdir(), 'at-')));
		expect(config.store.postgres.datasource).toBe('postgres://u@h/db');
	});

	it('names the key of an invalid value', () => {
		const dir = dirWith('at.yaml', 'server:\n  port: abc\n');
		expect(() => loadConfig({}, dir)).toThrow(ConfigError);
		expect(() => loadConfig({}, dir)).toThrow(/^invalid configuration: server\.port: expected a number, got "abc"$/);
	});

	it('rejects store.sqlite with an explanation of the supported stores', () => {
		const dir = dirWith('at.yml', 'store:\n  sqlite:\n    datasource: at.db\n');
		expect(() => loadConfig({}, dir)).toThrow(/store\.sqlite: SQLite is not supported.*PostgreSQL/);
	});

	it('rejects unknown provider types naming the provider', () => {
		const dir = dirWith('at.json', JSON.stringify({ providers: { x: { type: 'cohere' } } }));
		expect(() => loadConfig({}, dir)).toThrow(/providers\.x\.type: unknown provider type "cohere"/);
	});
});

describe('envPath', () => {
	it('resolves nested keys with underscores', () => {
		expect(envPath(['server', 'forward', 'auth', 'redirect', 'url'])).toEqual(['server', 'forward_auth', 'redirect_url']);
		expect(envPath(['nope'])).toBeUndefined();
	});
});

describe('maskConfig', () => {
	it('hides secrets and URL credentials', () => {
		const { config } = loadConfig({ AT_CONFIG_FILE: fixture, AT_TEST_ADMIN: 'adm-1' }, '/');
		const masked = JSON.stringify(maskConfig(config));
		for (const secret of ['sk-test-123', 'sk-ant-xyz', 'sk-master', 'my-passphrase', 'adm-1', 'at:secret', 'prompt-caching'])
			expect(masked).not.toContain(secret);
		expect(masked).toContain('postgres://***@db:5432/at');
	});
});

describe('parseDuration', () => {
	it('parses Go-style durations', () => {
		expect(parseDuration('1m30s')).toBe(90_000);
		expect(parseDuration('250ms')).toBe(250);
		expect(parseDuration(42)).toBe(42);
		expect(() => parseDuration('soon')).toThrow(/not a duration/);
	});
});
