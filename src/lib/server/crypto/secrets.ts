import { SECRET_MASK } from '$lib/schemas/provider';
import type { StoredProviderConfig } from '../store/schema';
import { decrypt, encrypt, type Key } from './enc';

/**
 * The one place that knows which fields are secret (SPEC §3.3): provider api_key and every
 * extra_headers value; secret variables' value; sensitive node-config fields.
 */
export const NODE_CONFIG_SECRET_FIELDS: Record<string, string[]> = { email: ['password'] };
export const REDACTED = SECRET_MASK;

/** Applies `fn` to every secret field of a provider config (`field` names it, e.g. `extra_headers.X-Key`). */
export function mapProviderSecrets(cfg: StoredProviderConfig, fn: (value: string, field: string) => string): StoredProviderConfig {
	return {
		...cfg,
		api_key: cfg.api_key ? fn(cfg.api_key, 'api_key') : cfg.api_key,
		extra_headers: cfg.extra_headers
			? Object.fromEntries(Object.entries(cfg.extra_headers).map(([k, v]) => [k, fn(v, `extra_headers.${k}`)]))
			: cfg.extra_headers
	};
}

/** Applies `fn` to every secret string field of a node config's data. */
export function mapNodeConfigSecrets(
	type: string,
	data: Record<string, unknown>,
	fn: (value: string, field: string) => string
): Record<string, unknown> {
	const out = { ...data };
	for (const f of NODE_CONFIG_SECRET_FIELDS[type] ?? []) if (typeof out[f] === 'string') out[f] = fn(out[f] as string, f);
	return out;
}

export function encryptProviderConfig(cfg: StoredProviderConfig, key: Key): StoredProviderConfig {
	return mapProviderSecrets(cfg, (v) => encrypt(v, key));
}

export function decryptProviderConfig(cfg: StoredProviderConfig, key: Key): StoredProviderConfig {
	return mapProviderSecrets(cfg, (v) => decrypt(v, key));
}

export function encryptNodeConfigData(type: string, data: Record<string, unknown>, key: Key) {
	return mapNodeConfigSecrets(type, data, (v) => encrypt(v, key));
}

export function decryptNodeConfigData(type: string, data: Record<string, unknown>, key: Key) {
	return mapNodeConfigSecrets(type, data, (v) => decrypt(v, key));
}
