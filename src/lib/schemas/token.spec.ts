import { describe, expect, it } from 'vitest';
import { parseTime, tokenCreateSchema, tokenUpdateSchema } from './token';

describe('token schemas', () => {
	it('reads RFC 3339 times, and offset-less form times as UTC', () => {
		expect(parseTime('2026-12-31T23:59:59Z')?.toISOString()).toBe('2026-12-31T23:59:59.000Z');
		expect(parseTime('2026-12-31T23:59:59+02:00')?.toISOString()).toBe('2026-12-31T21:59:59.000Z');
		expect(parseTime('2026-12-31T23:59')?.toISOString()).toBe('2026-12-31T23:59:00.000Z');
		expect(parseTime('2026-12-31')?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
	});

	// new Date() alone accepts "1" or "tomorrow 5pm"-like strings in some engines; a typo must not become a real expiry.
	it('refuses what only looks like a time', () => {
		for (const v of ['1', 'tomorrow', '2026-13-01', '31/12/2026', '2026-12-31T25:00:00Z']) expect(parseTime(v), v).toBeNull();
	});

	it('defaults to an unrestricted, non-expiring token without limits', () => {
		expect(tokenCreateSchema.parse({ name: ' CI ' })).toEqual({
			name: 'CI',
			allowed_providers: null,
			allowed_models: null,
			allowed_webhooks: null,
			expires_at: null,
			rate_limit_rpm: null,
			rate_limit_tpm: null,
			budget_usd: null,
			budget_period: null
		});
	});

	// zod 4's partial() would apply defaults and reset every field left out of a PUT.
	it('leaves fields out of an update absent', () => {
		expect(tokenUpdateSchema.parse({ name: 'x' })).toEqual({ name: 'x' });
		expect(tokenUpdateSchema.safeParse({ token: 'at_x' }).success).toBe(false);
	});
});
