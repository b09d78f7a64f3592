import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, DecryptError, deriveKey, encrypt, makeKeyCheck, verifyKeyCheck } from './enc';

const key = deriveKey('correct horse');

describe('enc: format', () => {
	it('round-trips and uses a fresh nonce each time', () => {
		const a = encrypt('sk-secret', key);
		const b = encrypt('sk-secret', key);
		expect(a.startsWith('enc:')).toBe(true);
		expect(a).not.toBe(b);
		expect(decrypt(a, key)).toBe('sk-secret');
	});

	it('decrypts a value built independently in the documented layout (AT compatibility)', () => {
		const k = createHash('sha256').update('correct horse').digest();
		const nonce = Buffer.from('000102030405060708090a0b', 'hex');
		const c = createCipheriv('aes-256-gcm', k, nonce);
		const ct = Buffer.concat([c.update('hello AT', 'utf8'), c.final()]);
		const stored = 'enc:' + Buffer.concat([nonce, ct, c.getAuthTag()]).toString('base64');
		expect(decrypt(stored, key)).toBe('hello AT');
	});

	it('detects tampering', () => {
		const v = encrypt('value', key);
		const raw = Buffer.from(v.slice(4), 'base64');
		raw[14] ^= 1;
		expect(() => decrypt('enc:' + raw.toString('base64'), key)).toThrow(DecryptError);
	});

	it('rejects the wrong key', () => {
		expect(() => decrypt(encrypt('v', key), deriveKey('other'))).toThrow(DecryptError);
	});

	it('passes plaintext through and never encrypts empty strings', () => {
		expect(decrypt('plain', key)).toBe('plain');
		expect(encrypt('', key)).toBe('');
		expect(encrypt('x', null)).toBe('x');
	});

	it('verifies the key-check value', () => {
		const check = makeKeyCheck(key);
		expect(verifyKeyCheck(check, key)).toBe(true);
		expect(verifyKeyCheck(check, deriveKey('wrong'))).toBe(false);
		expect(verifyKeyCheck(check, null)).toBe(false);
		expect(verifyKeyCheck('', null)).toBe(true);
		expect(verifyKeyCheck('', key)).toBe(false);
	});
});
