import { decrypt, DecryptError, encrypt, isEncrypted, makeKeyCheck, verifyKeyCheck, type Key } from './enc';

/**
 * The `key.rotated` payload (SPEC §9): the new key sealed with the old one (AES-GCM, so only holders
 * of the old key can open it and nobody else can forge it) and the new key's check value. Without an
 * old key (encryption was off) there is nothing to seal with and the new key travels as plaintext.
 */
export interface KeyAnnouncement {
	sealed: string;
	check: string;
}

const KEY_BYTES = 32; // AES-256

export function sealKey(newKey: Key, oldKey: Key): KeyAnnouncement {
	// JSON, so that even "no key" seals to a non-empty ciphertext (encrypt leaves "" as it is).
	const body = JSON.stringify({ k: newKey ? newKey.toString('base64') : null });
	return { sealed: oldKey ? encrypt(body, oldKey) : body, check: makeKeyCheck(newKey) };
}

/**
 * The key an announcement carries, or `null` when `current` already is that key (the sender, or a
 * repeated message). Throws when the announcement cannot be opened with `current` or is malformed.
 */
export function openKey(announcement: unknown, current: Key): { key: Key } | null {
	const a = announcement as Partial<KeyAnnouncement> | null;
	if (!a || typeof a.sealed !== 'string' || typeof a.check !== 'string') throw new Error('malformed key announcement');
	if (verifyKeyCheck(a.check, current)) return null;
	let body: string;
	if (current) {
		if (!isEncrypted(a.sealed)) throw new DecryptError('a key change must be sealed with the current key');
		body = decrypt(a.sealed, current);
	} else {
		if (isEncrypted(a.sealed)) throw new DecryptError('the new key is sealed with a key this instance does not have');
		body = a.sealed;
	}
	const k: unknown = (JSON.parse(body) as { k?: unknown }).k;
	let key: Key = null;
	if (k !== null) {
		if (typeof k !== 'string') throw new Error('malformed key announcement');
		key = Buffer.from(k, 'base64');
		if (key.length !== KEY_BYTES) throw new Error('malformed key announcement');
	}
	if (!verifyKeyCheck(a.check, key)) throw new Error('the announced key does not match its key check');
	return { key };
}
