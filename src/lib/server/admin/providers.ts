import type { z } from 'zod';
import {
	SECRET_MASK,
	type discoverModelsSchema,
	type ProviderConfigBody,
	type providerCreateSchema,
	type ProviderJson,
	type ProviderType,
	type providerUpdateSchema
} from '$lib/schemas/provider';
import { ApiError, issueText } from '../api';
import { providerConfigSchema, type ProviderConfig } from '../config/schema';
import { encryptProviderConfig } from '../crypto/secrets';
import { registry } from '../gateway';
import { discoverModels, testProvider, type TestResult } from '../gateway/providerOps';
import { SsrfError } from '../http/ssrf';
import { errorMessage } from '../log';
import { getRuntime } from '../runtime';
import { deleteProviderRow, getProviderRow, insertProviderRow, listProviderRows, updateProviderRow } from '../store/queries/providers';
import type { ProviderRow, StoredProviderConfig } from '../store/schema';
import { withCurrentKey } from './keyRotation';

type Create = z.output<typeof providerCreateSchema>;
type Update = z.output<typeof providerUpdateSchema>;
type Discover = z.output<typeof discoverModelsSchema>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** A secret left blank or sent back masked means "keep the stored one". */
const keeps = (v: string | undefined) => v === undefined || v === '' || v === SECRET_MASK;

function fromConfigFile(key: string): ProviderConfig | undefined {
	const file = getRuntime().config.providers;
	return Object.prototype.hasOwnProperty.call(file, key) ? file[key] : undefined;
}

/** The REST shape: secrets replaced by "***" (read from the stored form, so nothing is decrypted). */
function providerJson(key: string, cfg: StoredProviderConfig | ProviderConfig, row?: ProviderRow): ProviderJson {
	const headers = cfg.extra_headers ?? {};
	const config: ProviderJson['config'] = {
		type: cfg.type as ProviderType,
		api_key: cfg.api_key ? SECRET_MASK : '',
		base_url: cfg.base_url ?? '',
		model: cfg.model ?? '',
		models: cfg.models ?? [],
		extra_headers: Object.fromEntries(Object.keys(headers).map((h) => [h, SECRET_MASK])),
		proxy: cfg.proxy ?? '',
		insecure_skip_verify: cfg.insecure_skip_verify ?? false,
		routes: (cfg.routes ?? {}) as ProviderJson['config']['routes']
	};
	if (cfg.timeout_first_byte !== undefined) config.timeout_first_byte = cfg.timeout_first_byte as string | number;
	if (cfg.timeout_idle !== undefined) config.timeout_idle = cfg.timeout_idle as string | number;
	const loadError = row ? registry().loadErrors.get(key) : undefined;
	return {
		key,
		source: row ? 'database' : 'config',
		overrides_config: !!row && fromConfigFile(key) !== undefined,
		read_only: !row,
		config,
		has_api_key: !!cfg.api_key,
		extra_header_names: Object.keys(headers),
		...(loadError ? { load_error: loadError } : {}),
		created_at: iso(row?.createdAt),
		updated_at: iso(row?.updatedAt),
		created_by: row?.createdBy ?? null,
		updated_by: row?.updatedBy ?? null
	};
}

/** Every provider: at.yaml entries overlaid by database rows with the same key, sorted by key. */
export async function listProviders(): Promise<ProviderJson[]> {
	const rt = getRuntime();
	const rows = new Map((await listProviderRows(rt.db)).map((r) => [r.key, r]));
	const keys = [...new Set([...Object.keys(rt.config.providers), ...rows.keys()])].sort();
	return keys.map((k) => {
		const row = rows.get(k);
		return row ? providerJson(k, row.config, row) : providerJson(k, rt.config.providers[k]);
	});
}

export async function getProvider(key: string): Promise<ProviderJson> {
	const row = await getProviderRow(getRuntime().db, key);
	if (row) return providerJson(key, row.config, row);
	const file = fromConfigFile(key);
	if (file) return providerJson(key, file);
	throw new ApiError(404, `provider "${key}" not found`);
}

const readOnly = (key: string) =>
	new ApiError(
		409,
		`provider "${key}" comes from the config file (at.yaml) and is read-only here: change it in the file, or save a provider with the same key (POST /providers) to override it`
	);

/**
 * Resolves kept secrets against `stored` (plaintext or `enc:` form; kept values are copied as they
 * are) and checks the result with the schema the registry loads providers with.
 */
function merge(given: Partial<ProviderConfigBody>, stored: Partial<StoredProviderConfig>): StoredProviderConfig {
	const next: Record<string, unknown> = { ...stored, ...given };
	next.api_key = keeps(given.api_key) ? (stored.api_key ?? '') : given.api_key;
	if (given.extra_headers) {
		const old = stored.extra_headers ?? {};
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(given.extra_headers)) {
			if (!keeps(value)) headers[name] = value;
			else if (old[name] !== undefined) headers[name] = old[name];
			else throw new ApiError(400, `config.extra_headers.${name}: a value is required for a new header`);
		}
		next.extra_headers = headers;
	}
	const checked = providerConfigSchema.safeParse(next);
	if (!checked.success) throw new ApiError(400, issueText(checked.error.issues.map((i) => ({ ...i, path: ['config', ...i.path] }))));
	return next as StoredProviderConfig;
}

async function saved(key: string, write: () => Promise<ProviderRow | undefined>): Promise<ProviderJson> {
	const rt = getRuntime();
	const row = await write();
	if (!row) throw new ApiError(404, `provider "${key}" not found`);
	await rt.bus.publish('providers.changed', { key });
	return providerJson(key, row.config, row);
}

/** A key from at.yaml creates a database override; blank or "***" secrets then come from the file. */
export async function createProvider(body: Create, user: string): Promise<ProviderJson> {
	const rt = getRuntime();
	const file = fromConfigFile(body.key);
	if (await getProviderRow(rt.db, body.key)) throw new ApiError(409, `provider "${body.key}" already exists: update it with PUT /providers/${body.key}`);
	const config = merge(body.config, file ?? {});
	return saved(body.key, () => withCurrentKey(rt, (tx, key) => insertProviderRow(tx, body.key, encryptProviderConfig(config, key), user)));
}

/** Fields left out keep their values; blank or "***" secrets keep the stored ones. */
export async function updateProvider(key: string, body: Update, user: string): Promise<ProviderJson> {
	const rt = getRuntime();
	if (body.key !== undefined && body.key !== key)
		throw new ApiError(400, `key: a provider key cannot change (delete "${key}" and create "${body.key}")`);
	return saved(key, () =>
		withCurrentKey(rt, async (tx, k) => {
			const row = await getProviderRow(tx, key);
			if (!row) {
				if (fromConfigFile(key)) throw readOnly(key);
				return undefined;
			}
			return updateProviderRow(tx, key, encryptProviderConfig(merge(body.config, row.config), k), user);
		})
	);
}

/** Deleting a database override brings back the at.yaml entry with the same key. */
export async function deleteProvider(key: string): Promise<void> {
	const rt = getRuntime();
	if (!(await deleteProviderRow(rt.db, key))) {
		if (fromConfigFile(key)) throw readOnly(key);
		throw new ApiError(404, `provider "${key}" not found`);
	}
	await rt.bus.publish('providers.changed', { key });
}

/** Lists a provider's upstream models; the base URL goes through the SSRF guard. */
export async function discoverProviderModels(body: Discover): Promise<string[]> {
	const { key, config, ...top } = body;
	const given: Partial<ProviderConfigBody> = config ?? top;
	let stored: Partial<ProviderConfig> = {};
	if (key) {
		const entry = registry().get(key);
		if (!entry) {
			const loadError = registry().loadErrors.get(key);
			if (loadError) throw new ApiError(409, `provider "${key}" cannot be loaded: ${loadError}`);
			throw new ApiError(404, `provider "${key}" not found`);
		}
		stored = entry.config;
	}
	if (!given.type && !stored.type) throw new ApiError(400, 'type: choose a provider type: openai, anthropic, gemini or vertex');
	const merged = merge(given, stored);
	try {
		return await discoverModels(merged as ProviderConfig);
	} catch (e) {
		if (e instanceof SsrfError) throw new ApiError(400, `base_url: ${e.message} (hosts listed in workflow.http.allow_hosts are allowed)`);
		throw new ApiError(502, `cannot list the provider's models: ${errorMessage(e)}`);
	}
}

export async function testStoredProvider(key: string, model?: string): Promise<TestResult> {
	if (!registry().get(key)) {
		const loadError = registry().loadErrors.get(key);
		if (loadError) return { ok: false, latency_ms: 0, model: model ?? '', error: `the provider cannot be loaded: ${loadError}` };
		throw new ApiError(404, `provider "${key}" not found`);
	}
	return testProvider(key, model);
}
