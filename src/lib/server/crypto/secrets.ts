import type { StoredProviderConfig } from '../store/schema';
import { decrypt, encrypt, type Key } from './enc';

/**
 * The one place that knows which fields are secret (SPEC §3.3): provider api_key and every
 * extra_headers value; secret variables' value; sensitive node-config fields.
 */
export const NODE_CONFIG_SECRET_FIELDS: Record<string, string[]> = { email: ['password'] };
export const REDACTED = '***';

export function encryptProviderConfig(cfg: StoredProviderConfig, key: Key): StoredProviderConfig {
	return {
		...cfg,
		api_key: cfg.api_key ? encrypt(cfg.api_key, key) : cfg.api_key,
		extra_headers: cfg.extra_headers
			? Object.fromEntries(Object.entries(cfg.extra_headers).map(([k, v]) => [k, encrypt(v, key)]))
			: cfg.extra_headers
	};
}

export function decryptProviderConfig(cfg: StoredProviderConfig, key: Key): StoredProviderConfig {
	return {
		...cfg,
		api_key: cfg.api_key ? decrypt(cfg.api_key, key) : cfg.api_key,
		extra_headers: cfg.extra_headers
			? Object.fromEntries(Object.entries(cfg.extra_headers).map(([k, v]) => [k, decrypt(v, key)]))
			: cfg.extra_headers
	};
}

export function encryptNodeConfigData(type: string, data: Record<string, unknown>, key: Key) {
	const out = { ...data };
	for (const f of NODE_CONFIG_SECRET_FIELDS[type] ?? []) if (typeof out[f] === 'string') out[f] = encrypt(out[f] as string, key);
	return out;
}

export function decryptNodeConfigData(type: string, data: Record<string, unknown>, key: Key) {
	const out = { ...data };
	for (const f of NODE_CONFIG_SECRET_FIELDS[type] ?? []) if (typeof out[f] === 'string') out[f] = decrypt(out[f] as string, key);
	return out;
}
