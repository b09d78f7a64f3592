import { z } from 'zod';
import { patchOf } from './workflow';

export const BUDGET_PERIODS = ['day', 'week', 'month', 'total'] as const;

/** A scope list: null (or an empty list) means unrestricted. */
const scopeList = (what: string) =>
	z
		.array(z.string().trim().min(1, `${what} entries must not be empty`).max(300))
		.max(1000)
		.nullable()
		.default(null);

/** An RFC 3339 time (a time without an offset, as a datetime-local field sends it, is UTC). */
export function parseTime(v: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(v)) return null;
	const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) && v.length > 10;
	const d = new Date(hasOffset || v.length === 10 ? v : `${v}Z`);
	return Number.isNaN(d.getTime()) ? null : d;
}

const optionalTime = z
	.union([z.string().trim(), z.null()])
	.refine((v) => v === null || v === '' || parseTime(v) !== null, 'must be an RFC 3339 time, e.g. 2026-12-31T23:59:59Z')
	.default(null);

const optionalLimit = (max: number, what: string) =>
	z
		.number({ error: `${what} must be a number or null` })
		.int(`${what} must be a whole number`)
		.min(1, `${what} must be at least 1 (null = no limit)`)
		.max(max)
		.nullable()
		.default(null);

export const tokenCreateSchema = z.strictObject({
	name: z.string({ error: 'a name is required' }).trim().min(1, 'a name is required').max(200),
	/** Provider keys the token may use with any model. */
	allowed_providers: scopeList('allowed_providers'),
	/** `provider/model` or `provider/*`. */
	allowed_models: scopeList('allowed_models'),
	/** Trigger ids or aliases of webhooks the token may call. */
	allowed_webhooks: scopeList('allowed_webhooks'),
	/** RFC 3339; null or "" = never expires. */
	expires_at: optionalTime,
	rate_limit_rpm: optionalLimit(10_000_000, 'rate_limit_rpm'),
	rate_limit_tpm: optionalLimit(10_000_000_000, 'rate_limit_tpm'),
	budget_usd: z.number({ error: 'budget_usd must be a number or null' }).min(0).max(1e9).nullable().default(null),
	budget_period: z.enum(BUDGET_PERIODS, { error: 'budget_period is day, week, month or total' }).nullable().default(null)
});
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

/** PUT: fields left out keep their stored values; the token itself never changes. */
export const tokenUpdateSchema = patchOf(tokenCreateSchema).strict();
export type TokenUpdate = z.infer<typeof tokenUpdateSchema>;

const time = z
	.string()
	.refine((s) => !Number.isNaN(new Date(s).getTime()), 'must be an RFC 3339 time')
	.transform((s) => new Date(s));

export const tokenUsageQuerySchema = z.object({
	/** Default: 30 days before `to`. */
	from: time.optional(),
	/** Default: now. */
	to: time.optional()
});

// Response shapes (documented in /openapi.json; the serializers are typed by them).

export const tokenInfoSchema = z.object({
	id: z.string().describe('ULID; "config:<n>" for the n-th token of gateway.auth_tokens'),
	source: z.enum(['database', 'config']),
	read_only: z.boolean(),
	name: z.string(),
	token_prefix: z.string(),
	allowed_providers: z.array(z.string()).nullable(),
	allowed_models: z.array(z.string()).nullable(),
	allowed_webhooks: z.array(z.string()).nullable(),
	expires_at: z.string().nullable(),
	expired: z.boolean(),
	rate_limit_rpm: z.number().nullable(),
	rate_limit_tpm: z.number().nullable(),
	budget_usd: z.number().nullable(),
	budget_period: z.enum(BUDGET_PERIODS).nullable(),
	last_used_at: z.string().nullable(),
	created_at: z.string().nullable(),
	updated_at: z.string().nullable(),
	created_by: z.string().nullable(),
	updated_by: z.string().nullable()
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

export const tokenCreatedSchema = z.object({
	token: z.string().describe('the plaintext token ("at_" + 64 hex); shown only in this response'),
	info: tokenInfoSchema
});

const usageNumbers = {
	requests: z.number(),
	prompt_tokens: z.number(),
	completion_tokens: z.number(),
	cached_tokens: z.number(),
	tokens: z.number().describe('prompt + completion'),
	cost: z.number().describe('USD'),
	errors: z.number()
};

export const tokenUsageSchema = z.object({
	token_id: z.string(),
	from: z.string(),
	to: z.string(),
	...usageNumbers,
	last_used_at: z.string().nullable(),
	by_model: z.array(z.object({ model: z.string(), ...usageNumbers }))
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;
