import type { RotateKeyResult } from '$lib/schemas/settings';
import { ApiError } from '../api';
import { decrypt, deriveKey, encrypt, makeKeyCheck, verifyKeyCheck, type Key } from '../crypto/enc';
import { openKey, sealKey } from '../crypto/keyAnnouncement';
import { mapNodeConfigSecrets, mapProviderSecrets, NODE_CONFIG_SECRET_FIELDS } from '../crypto/secrets';
import { errorMessage, log } from '../log';
import { KEY_CHECK_SETTING, type Runtime, type Service } from '../runtime';
import { LOCKS, type Tx } from '../store/db';
import { lockNodeConfigs, setNodeConfigData } from '../store/queries/nodeConfigs';
import { lockProviderRows, setProviderConfig } from '../store/queries/providers';
import { advisoryXactLock, getSetting, setSetting } from '../store/queries/settings';
import { lockSecretVariables, setVariableValue } from '../store/queries/variables';

const sameKey = (a: Key, b: Key) => (a === null || b === null ? a === b : a.equals(b));

/**
 * Runs `fn` in a transaction that writes encrypted fields with the key the database is encrypted
 * with: it holds the rotation lock shared (a rotation waits for it, and it waits for a rotation) and
 * refuses to write when this instance's key no longer matches the database's key check, which
 * happens for the moment between a rotation on another instance and its announcement arriving here.
 */
export async function withCurrentKey<T>(rt: Runtime, fn: (tx: Tx, key: Key) => Promise<T>): Promise<T> {
	return rt.db.transaction(async (tx) => {
		await advisoryXactLock(tx, LOCKS.rotateKey, 'shared');
		const check = await getSetting(tx, KEY_CHECK_SETTING);
		if (check !== undefined && !verifyKeyCheck(check, rt.key))
			throw new ApiError(
				503,
				"the encryption key was just rotated on another instance and this instance has not switched yet; retry in a moment (if it persists, restart this instance with the current store.encryption_key)"
			);
		return fn(tx, rt.key);
	});
}

/**
 * POST /settings/rotate-key (SPEC §3.3): in ONE transaction under the rotation lock, re-encrypts
 * every encrypted field of every table and the key check; then swaps this instance's key and
 * announces the new one, sealed with the old key, so that every other instance swaps too. Any value
 * that cannot be decrypted with the current key aborts the whole rotation and nothing changes.
 */
export async function rotateKey(rt: Runtime, passphrase: string): Promise<RotateKeyResult> {
	const oldKey = rt.key;
	const newKey = deriveKey(passphrase);
	if (sameKey(oldKey, newKey))
		throw new ApiError(400, newKey ? 'encryption_key: this is already the current key' : 'encryption_key: encryption is already off');

	const rotated = await rt.db.transaction(async (tx) => {
		await advisoryXactLock(tx, LOCKS.rotateKey, 'exclusive');
		const check = await getSetting(tx, KEY_CHECK_SETTING);
		if (check !== undefined && !verifyKeyCheck(check, rt.key))
			throw new ApiError(409, 'the encryption key was just rotated on another instance; reload and try again');
		const recrypt = (where: string) => (value: string, field: string) => {
			try {
				return encrypt(decrypt(value, oldKey), newKey);
			} catch (e) {
				throw new ApiError(500, `cannot decrypt ${where} (${field}) with the current key: ${errorMessage(e)}. Nothing was changed; fix or delete that entry and rotate again.`);
			}
		};

		const providers = await lockProviderRows(tx);
		for (const row of providers) await setProviderConfig(tx, row.id, mapProviderSecrets(row.config, recrypt(`provider "${row.key}"`)));

		const variables = await lockSecretVariables(tx);
		for (const v of variables) await setVariableValue(tx, v.id, recrypt(`secret variable "${v.key}"`)(v.value, 'value'));

		const configs = await lockNodeConfigs(tx, Object.keys(NODE_CONFIG_SECRET_FIELDS));
		for (const c of configs) await setNodeConfigData(tx, c.id, mapNodeConfigSecrets(c.type, c.data, recrypt(`node config "${c.name}"`)));

		await setSetting(tx, KEY_CHECK_SETTING, makeKeyCheck(newKey));
		return { providers: providers.length, variables: variables.length, node_configs: configs.length };
	});

	rt.key = newKey;
	log.info('encryption key rotated', { encryption: newKey ? 'on' : 'off', ...rotated });
	await rt.bus.publish('key.rotated', sealKey(newKey, oldKey));
	return {
		encryption_enabled: newKey !== null,
		rotated,
		message: newKey
			? 'Every secret is now encrypted with the new key and every instance switched to it. Set store.encryption_key (or AT_STORE_ENCRYPTION_KEY) to the new key before the next restart.'
			: 'Every secret is now stored in plaintext and every instance switched. Remove store.encryption_key (or AT_STORE_ENCRYPTION_KEY) before the next restart.'
	};
}

/**
 * Applies `key.rotated` announcements from other instances. Registered before the provider
 * registry (services start in order, handlers run in registration order) and swaps the key
 * synchronously, so the registry's reload on the same event already decrypts with the new key.
 */
export class KeyRotationListener implements Service {
	readonly name = 'key-rotation';

	start(rt: Runtime) {
		rt.bus.on('key.rotated', (payload) => {
			let opened: { key: Key } | null;
			try {
				opened = openKey(payload, rt.key);
			} catch (e) {
				log.error('cannot apply the encryption key rotated on another instance: restart this instance with the new store.encryption_key', {
					error: errorMessage(e)
				});
				return;
			}
			if (!opened) return;
			rt.key = opened.key;
			log.info('switched to the encryption key rotated on another instance', { encryption: opened.key ? 'on' : 'off' });
		});
	}
}
