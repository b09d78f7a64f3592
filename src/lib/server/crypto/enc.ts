import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AT's at-rest format: "enc:" + base64(12-byte nonce ‖ AES-256-GCM ciphertext ‖ 16-byte tag), key =
 * SHA-256(passphrase). Values without the prefix are plaintext (written before a key was set).
 */
export const ENC_PREFIX = 'enc:';
const NONCE_BYTES = 12; // GCM's standard nonce size
const TAG_BYTES = 16;

export class DecryptError extends Error {
	constructor(message = 'cannot decrypt value: wrong encryption key or corrupted data') {
		super(message);
		this.name = 'DecryptError';
	}
}

export type Key = Buffer | null;

export function deriveKey(passphrase: string): Key {
	return passphrase ? createHash('sha256').update(passphrase, 'utf8').digest() : null;
}

export function isEncrypted(value: string): boolean {
	return value.startsWith(ENC_PREFIX);
}

export function encrypt(value: string, key: Key): string {
	if (!key || value === '' || isEncrypted(value)) return value;
	const nonce = randomBytes(NONCE_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, nonce);
	const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
	return ENC_PREFIX + Buffer.concat([nonce, ct, cipher.getAuthTag()]).toString('base64');
}

export function decrypt(value: string, key: Key): string {
	if (!isEncrypted(value)) return value;
	if (!key) throw new DecryptError('value is encrypted but no store.encryption_key is configured');
	const raw = Buffer.from(value.slice(ENC_PREFIX.length), 'base64');
	if (raw.length < NONCE_BYTES + TAG_BYTES) throw new DecryptError('encrypted value is too short');
	const nonce = raw.subarray(0, NONCE_BYTES);
	const tag = raw.subarray(raw.length - TAG_BYTES);
	const ct = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
	try {
		const d = createDecipheriv('aes-256-gcm', key, nonce);
		d.setAuthTag(tag);
		return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
	} catch {
		throw new DecryptError();
	}
}

/** Known plaintext stored encrypted in at_settings so a wrong key is caught at startup. */
export const KEY_CHECK_PLAINTEXT = 'at-key-check-v1';

export function makeKeyCheck(key: Key): string {
	return key ? encrypt(KEY_CHECK_PLAINTEXT, key) : '';
}

/** True when `check` (from the database) was written with `key`, or when neither side has a key. */
export function verifyKeyCheck(check: string, key: Key): boolean {
	if (!check) return key === null;
	if (!key) return false;
	try {
		return decrypt(check, key) === KEY_CHECK_PLAINTEXT;
	} catch {
		return false;
	}
}
