import { describe, expect, it } from 'vitest';
import { deriveKey, encrypt } from './enc';
import { openKey, sealKey } from './keyAnnouncement';

const oldKey = deriveKey('old passphrase');
const newKey = deriveKey('new passphrase');

describe('key announcement', () => {
	it('hands the new key to an instance holding the old one, and never leaks it in the clear', () => {
		const a = sealKey(newKey, oldKey);
		expect(a.sealed.startsWith('enc:')).toBe(true);
		expect(a.sealed).not.toContain(newKey!.toString('base64'));
		expect(openKey(a, oldKey)!.key!.equals(newKey!)).toBe(true);
	});

	it('is a no-op on the instance that already has the new key', () => {
		expect(openKey(sealKey(newKey, oldKey), newKey)).toBeNull();
		expect(openKey(sealKey(null, oldKey), null)).toBeNull();
	});

	it('turns encryption off only when sealed with the current key', () => {
		const off = sealKey(null, oldKey);
		expect(off.sealed.startsWith('enc:')).toBe(true);
		expect(openKey(off, oldKey)).toEqual({ key: null });
		// A forged plaintext "no key" message must not disable encryption on an instance with a key.
		expect(() => openKey({ sealed: JSON.stringify({ k: null }), check: '' }, oldKey)).toThrow(/sealed with the current key/);
	});

	it('refuses announcements sealed with another key or with a mismatching check', () => {
		const other = deriveKey('someone else');
		expect(() => openKey(sealKey(newKey, other), oldKey)).toThrow();
		const forged = { sealed: encrypt(JSON.stringify({ k: newKey!.toString('base64') }), oldKey), check: sealKey(other, oldKey).check };
		expect(() => openKey(forged, oldKey)).toThrow(/does not match/);
		expect(() => openKey({ nope: 1 }, oldKey)).toThrow(/malformed/);
	});

	it('enables encryption on an instance that had none', () => {
		const on = sealKey(newKey, null);
		expect(openKey(on, null)!.key!.equals(newKey!)).toBe(true);
	});
});
