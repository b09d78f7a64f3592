import { z } from 'zod';
import { scopeList, splitEntries } from '$lib/tokenScopes';
import { BUDGET_PERIODS, type TokenCreate, type TokenInfo } from './token';

export const EXPIRY_CHOICES = ['keep', 'never', '7', '30', '90', '365', 'date'] as const;
const DAY = 86_400_000;

const limit = (max: number, what: string) =>
	z
		.number({ error: `${what} must be a whole number` })
		.int(`${what} must be a whole number`)
		.min(1, `${what} must be at least 1 (empty = no limit)`)
		.max(max, `${what} must be at most ${max}`)
		.nullable()
		.default(null);

/**
 * The token dialog's form (flat, so that it posts as a plain HTML form). The scope comes from the
 * scopes editor (`scope_mode`, picked lists and typed extras); the expiry from a choice of periods
 * or a date (the end of that day, UTC).
 */
export const tokenFormSchema = z.object({
	id: z.string().trim().max(100).default(''),
	name: z.string().trim().min(1, 'Give the token a name').max(200, 'at most 200 characters').default(''),
	scope_mode: z.enum(['all', 'restricted']).default('all'),
	allowed_providers: z.array(z.string().trim().max(300)).max(1000).default([]),
	allowed_models: z.array(z.string().trim().max(300)).max(1000).default([]),
	allowed_models_custom: z.string().max(20_000).default(''),
	allowed_webhooks: z.array(z.string().trim().max(300)).max(1000).default([]),
	allowed_webhooks_custom: z.string().max(20_000).default(''),
	expires_in: z.enum(EXPIRY_CHOICES).default('never'),
	expires_on: z
		.string()
		.trim()
		.refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'pick a date')
		.default(''),
	rate_limit_rpm: limit(10_000_000, 'Requests per minute'),
	rate_limit_tpm: limit(10_000_000_000, 'Tokens per minute'),
	budget_usd: z.number({ error: 'the budget is a number of US dollars' }).min(0, 'the budget cannot be negative').max(1e9).nullable().default(null),
	budget_period: z.enum(BUDGET_PERIODS).default('month')
});
export type TokenForm = z.infer<typeof tokenFormSchema>;
export type TokenFormField = keyof TokenForm;

/** A list row's action (delete): the token id. */
export const tokenRowActionSchema = z.object({ id: z.string({ error: 'id is required' }).trim().min(1, 'id is required').max(100) });

const MODEL_ENTRY = /^(\*|[^/\s]+\/(\*|\S+))$/;

/** The API body from the form (`now` is injectable for tests); `undefined` expiry on an update keeps it. */
export function tokenFormToBody(f: TokenForm, now = Date.now()): { body: Omit<TokenCreate, 'expires_at'> & { expires_at?: string | null }; errors: Partial<Record<TokenFormField, string>> } {
	const errors: Partial<Record<TokenFormField, string>> = {};
	const restricted = f.scope_mode === 'restricted';
	const providers = restricted ? scopeList(f.allowed_providers) : null;
	const models = restricted ? scopeList(f.allowed_models, f.allowed_models_custom) : null;
	const webhooks = restricted ? scopeList(f.allowed_webhooks, f.allowed_webhooks_custom) : null;
	if (restricted && !providers && !models && !webhooks) errors.scope_mode = 'Pick at least one provider, model or webhook, or choose Unrestricted.';
	const badModel = splitEntries(f.allowed_models_custom).find((m) => !MODEL_ENTRY.test(m));
	if (restricted && badModel) errors.allowed_models = `"${badModel}" is not provider/model or provider/*`;

	let expires_at: string | null | undefined;
	if (f.expires_in === 'keep') expires_at = undefined;
	else if (f.expires_in === 'never') expires_at = null;
	else if (f.expires_in === 'date') {
		if (!f.expires_on) errors.expires_on = 'pick a date';
		else {
			const end = new Date(`${f.expires_on}T23:59:59Z`);
			if (Number.isNaN(end.getTime())) errors.expires_on = 'pick a date';
			else if (end.getTime() <= now) errors.expires_on = 'the date must be in the future';
			else expires_at = end.toISOString();
		}
	} else expires_at = new Date(now + Number(f.expires_in) * DAY).toISOString();

	const body: Omit<TokenCreate, 'expires_at'> & { expires_at?: string | null } = {
		name: f.name,
		allowed_providers: providers,
		allowed_models: models,
		allowed_webhooks: webhooks,
		rate_limit_rpm: f.rate_limit_rpm,
		rate_limit_tpm: f.rate_limit_tpm,
		budget_usd: f.budget_usd,
		budget_period: f.budget_usd === null ? null : f.budget_period
	};
	if (expires_at !== undefined) body.expires_at = expires_at;
	return { body, errors };
}

/** The edit dialog's values for a saved token (the expiry is kept unless changed). */
export function tokenToForm(t: TokenInfo): TokenForm {
	return {
		id: t.id,
		name: t.name,
		scope_mode: t.allowed_providers || t.allowed_models || t.allowed_webhooks ? 'restricted' : 'all',
		allowed_providers: t.allowed_providers ?? [],
		allowed_models: t.allowed_models ?? [],
		allowed_models_custom: '',
		allowed_webhooks: t.allowed_webhooks ?? [],
		allowed_webhooks_custom: '',
		expires_in: t.expires_at ? 'keep' : 'never',
		expires_on: t.expires_at ? t.expires_at.slice(0, 10) : '',
		rate_limit_rpm: t.rate_limit_rpm,
		rate_limit_tpm: t.rate_limit_tpm,
		budget_usd: t.budget_usd,
		budget_period: t.budget_period ?? 'month'
	};
}
