import { describe, expect, it } from 'vitest';
import { afterLoginPath } from './login';

describe('afterLoginPath', () => {
	// An attacker's link /login?redirectTo=https://evil.example must not send a fresh session there.
	it('refuses anything that is not a same-origin path', () => {
		for (const bad of [
			'https://evil.example/',
			'//evil.example/x',
			'/\\evil.example',
			'\\\\evil.example',
			'javascript:alert(1)',
			'evil.example',
			'/x\n/evil',
			'',
			null,
			undefined,
			'/' + 'a'.repeat(3000)
		])
			expect([bad, afterLoginPath(bad)]).toEqual([bad, '/']);
	});

	it('keeps a local path with its query and hash, but not the sign-in pages', () => {
		expect(afterLoginPath('/workflows/abc?tab=runs#n1')).toBe('/workflows/abc?tab=runs#n1');
		expect(afterLoginPath('/runs/../users')).toBe('/users');
		expect(afterLoginPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
		expect(afterLoginPath('/login?redirectTo=/x')).toBe('/');
		expect(afterLoginPath('/setup')).toBe('/');
	});
});
