import { describe, expect, it } from 'vitest';
import { tokenCreateSchema, tokenUpdateSchema, type TokenInfo } from './token';
import { tokenFormSchema, tokenFormToBody, tokenToForm } from './tokenForm';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const form = (over: Record<string, unknown> = {}) => tokenFormSchema.parse({ name: 'ci', ...over });

describe('token form', () => {
	// Fails when an "Unrestricted" token keeps lists that were ticked before switching, or the API refuses the body.
	it('ignores picked lists when unrestricted and builds a body the API accepts', () => {
		const { body, errors } = tokenFormToBody(form({ scope_mode: 'all', allowed_providers: ['openai'], rate_limit_rpm: 60 }), NOW);
		expect(errors).toEqual({});
		expect(body).toMatchObject({ allowed_providers: null, allowed_models: null, allowed_webhooks: null, expires_at: null, rate_limit_rpm: 60, budget_period: null });
		expect(tokenCreateSchema.safeParse(body).success).toBe(true);
	});

	// Fails when typed scope entries are lost or merged wrongly with the picked ones.
	it('merges picked and typed scope entries', () => {
		const { body, errors } = tokenFormToBody(
			form({ scope_mode: 'restricted', allowed_models: ['a/x'], allowed_models_custom: 'b/*, a/x', allowed_webhooks_custom: 'hook-1 hook-2', budget_usd: 5, budget_period: 'week' }),
			NOW
		);
		expect(errors).toEqual({});
		expect(body).toMatchObject({ allowed_providers: null, allowed_models: ['a/x', 'b/*'], allowed_webhooks: ['hook-1', 'hook-2'], budget_usd: 5, budget_period: 'week' });
		expect(tokenCreateSchema.safeParse(body).success).toBe(true);
	});

	// Fails when a restricted token with nothing picked would silently become unrestricted.
	it('refuses a restricted token with nothing picked and model entries without a provider', () => {
		expect(tokenFormToBody(form({ scope_mode: 'restricted' }), NOW).errors.scope_mode).toMatch(/at least one/);
		expect(tokenFormToBody(form({ scope_mode: 'restricted', allowed_models_custom: 'gpt-4o' }), NOW).errors.allowed_models).toMatch(/"gpt-4o" is not provider\/model/);
	});

	// Fails when the expiry lands on the wrong time or an edit without a change resets it.
	it('computes the expiry from the choice', () => {
		expect(tokenFormToBody(form({ expires_in: '30' }), NOW).body.expires_at).toBe('2026-07-01T12:00:00.000Z');
		expect(tokenFormToBody(form({ expires_in: 'date', expires_on: '2026-12-31' }), NOW).body.expires_at).toBe('2026-12-31T23:59:59.000Z');
		expect(tokenFormToBody(form({ expires_in: 'date', expires_on: '2026-01-01' }), NOW).errors.expires_on).toMatch(/future/);
		expect(tokenFormToBody(form({ expires_in: 'date' }), NOW).errors.expires_on).toMatch(/pick a date/);
		const kept = tokenFormToBody(form({ expires_in: 'keep' }), NOW).body;
		expect(kept).not.toHaveProperty('expires_at');
		expect(tokenUpdateSchema.safeParse(kept).success).toBe(true);
	});

	// Fails when bad numbers reach the service instead of being named on their field.
	it('names invalid limits', () => {
		const bad = tokenFormSchema.safeParse({ name: '', rate_limit_rpm: 0, rate_limit_tpm: 1.5, budget_usd: -1 });
		expect(bad.success).toBe(false);
		expect(new Set(bad.error!.issues.map((i) => i.path[0]))).toEqual(new Set(['name', 'rate_limit_rpm', 'rate_limit_tpm', 'budget_usd']));
	});

	// Fails when editing a token shows the wrong scope mode or would change its expiry without being asked.
	it('fills the edit form from a saved token', () => {
		const t: TokenInfo = {
			id: '01J',
			source: 'database',
			read_only: false,
			name: 'ci',
			token_prefix: 'at_12345',
			allowed_providers: null,
			allowed_models: ['openai/*'],
			allowed_webhooks: null,
			expires_at: '2026-12-31T23:59:59.000Z',
			expired: false,
			rate_limit_rpm: 10,
			rate_limit_tpm: null,
			budget_usd: null,
			budget_period: null,
			last_used_at: null,
			created_at: null,
			updated_at: null,
			created_by: null,
			updated_by: null
		};
		const f = tokenToForm(t);
		expect(f).toMatchObject({ scope_mode: 'restricted', allowed_models: ['openai/*'], expires_in: 'keep', expires_on: '2026-12-31', rate_limit_rpm: 10 });
		const { body, errors } = tokenFormToBody(tokenFormSchema.parse(f), NOW);
		expect(errors).toEqual({});
		expect(body).not.toHaveProperty('expires_at');
		expect(body.allowed_models).toEqual(['openai/*']);
	});
});
