/**
 * Failed sign-in counters, in memory per instance (SPEC §9: rate-limit counters are per instance).
 * A window opens at the first failure and closes WINDOW_MS later; while a key is at its limit,
 * sign-in is refused before the password is checked, so a blocked client cannot make the server
 * spend argon2 time either.
 */
const WINDOW_MS = 15 * 60 * 1000;
// 5 guesses per username from one address per 15 min: enough for typos, ~480 guesses a day at most.
export const USER_IP_LIMIT = 5;
// 20 per address per 15 min over all usernames: stops one client spraying many accounts.
export const IP_LIMIT = 20;
// Bounds memory under a flood of distinct usernames/addresses; expired windows are swept first.
const MAX_KEYS = 50_000;

interface Window {
	failures: number;
	resetAt: number;
}

export interface LimitCheck {
	allowed: boolean;
	/** Seconds until the next attempt is allowed (when not allowed). */
	retryAfterSeconds: number;
}

export class LoginRateLimiter {
	private windows = new Map<string, Window>();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly limits = { userIp: USER_IP_LIMIT, ip: IP_LIMIT, windowMs: WINDOW_MS }
	) {}

	private keys(ip: string, username: string): [string, number][] {
		return [
			[`u:${username.toLowerCase()}\u0000${ip}`, this.limits.userIp],
			[`i:${ip}`, this.limits.ip]
		];
	}

	check(ip: string, username: string): LimitCheck {
		const now = this.now();
		let wait = 0;
		for (const [key, limit] of this.keys(ip, username)) {
			const w = this.windows.get(key);
			if (!w) continue;
			if (w.resetAt <= now) this.windows.delete(key);
			else if (w.failures >= limit) wait = Math.max(wait, w.resetAt - now);
		}
		return { allowed: wait === 0, retryAfterSeconds: Math.ceil(wait / 1000) };
	}

	fail(ip: string, username: string): void {
		const now = this.now();
		if (this.windows.size >= MAX_KEYS) this.sweep(now);
		for (const [key] of this.keys(ip, username)) {
			const w = this.windows.get(key);
			if (!w || w.resetAt <= now) this.windows.set(key, { failures: 1, resetAt: now + this.limits.windowMs });
			else w.failures++;
		}
	}

	/** A correct password clears that username's counter from that address (not the address-wide one). */
	succeed(ip: string, username: string): void {
		this.windows.delete(this.keys(ip, username)[0][0]);
	}

	private sweep(now: number) {
		for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
		// Still full (a flood inside one window): drop the oldest entries (Map keeps insertion order).
		for (const key of this.windows.keys()) {
			if (this.windows.size < MAX_KEYS) break;
			this.windows.delete(key);
		}
	}

	get size() {
		return this.windows.size;
	}
}

export function retryText(seconds: number): string {
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
