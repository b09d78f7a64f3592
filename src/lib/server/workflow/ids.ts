import { randomBytes } from 'node:crypto';

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford's base32, as ULID uses
let pool = Buffer.alloc(0);
let at = 0;

/**
 * A ULID (48-bit time, 80 random bits) for runs. The `ulid` package draws one crypto call per
 * character; this reads from a pooled buffer (the run hot path makes one id per run).
 */
export function newRunId(now = Date.now()): string {
	let time = '';
	for (let i = 0; i < 10; i++) {
		time = ENCODING[now % 32] + time;
		now = Math.floor(now / 32);
	}
	if (at + 16 > pool.length) {
		pool = randomBytes(4096);
		at = 0;
	}
	let rand = '';
	for (let i = 0; i < 16; i++) rand += ENCODING[pool[at++] & 31];
	return time + rand;
}
