import { describe, expect, it } from 'vitest';
import { IP_LIMIT, LoginRateLimiter, retryText, USER_IP_LIMIT } from './rateLimit';

function limiter() {
	const clock = { now: 1_000_000 };
	return { clock, l: new LoginRateLimiter(() => clock.now) };
}

describe('LoginRateLimiter', () => {
	// Without it a password could be guessed at argon2 speed forever.
	it('blocks a username from one address after the limit until the window ends', () => {
		const { clock, l } = limiter();
		for (let i = 0; i < USER_IP_LIMIT; i++) {
			expect(l.check('1.1.1.1', 'root').allowed).toBe(true);
			l.fail('1.1.1.1', 'root');
		}
		const blocked = l.check('1.1.1.1', 'ROOT');
		expect(blocked.allowed).toBe(false);
		expect(blocked.retryAfterSeconds).toBe(15 * 60);
		expect(l.check('2.2.2.2', 'root').allowed).toBe(true);
		expect(l.check('1.1.1.1', 'other').allowed).toBe(true);
		clock.now += 10 * 60_000;
		expect(l.check('1.1.1.1', 'root').retryAfterSeconds).toBe(5 * 60);
		clock.now += 5 * 60_000;
		expect(l.check('1.1.1.1', 'root').allowed).toBe(true);
	});

	it('blocks an address spraying many usernames', () => {
		const { l } = limiter();
		for (let i = 0; i < IP_LIMIT; i++) l.fail('3.3.3.3', `user${i}`);
		expect(l.check('3.3.3.3', 'fresh-name').allowed).toBe(false);
		expect(l.check('4.4.4.4', 'fresh-name').allowed).toBe(true);
	});

	it('clears the username counter on success but keeps the address counter', () => {
		const { l } = limiter();
		for (let i = 0; i < USER_IP_LIMIT - 1; i++) l.fail('5.5.5.5', 'alice');
		l.succeed('5.5.5.5', 'alice');
		for (let i = 0; i < USER_IP_LIMIT - 1; i++) l.fail('5.5.5.5', 'alice');
		expect(l.check('5.5.5.5', 'alice').allowed).toBe(true);
		for (let i = 0; i < IP_LIMIT; i++) l.fail('5.5.5.5', `x${i}`);
		expect(l.check('5.5.5.5', 'alice').allowed).toBe(false);
	});

	it('words the retry time for people', () => {
		expect(retryText(1)).toBe('1 second');
		expect(retryText(42)).toBe('42 seconds');
		expect(retryText(61)).toBe('2 minutes');
		expect(retryText(900)).toBe('15 minutes');
	});
});
