import { describe, expect, it } from 'vitest';
import { modelAllowed, webhookAllowed, type GatewayIdentity } from '$lib/server/gateway/tokens';
import { describeScopes, isUnrestricted, scopeList, splitEntries, type TokenScopes } from './tokenScopes';

const identity = (s: TokenScopes): GatewayIdentity => ({
	id: 'x',
	name: 'x',
	prefix: 'at_x',
	allowedProviders: s.allowed_providers?.length ? s.allowed_providers : null,
	allowedModels: s.allowed_models?.length ? s.allowed_models : null,
	allowedWebhooks: s.allowed_webhooks?.length ? s.allowed_webhooks : null,
	expiresAt: null,
	limits: null
});

describe('token scope summaries', () => {
	// Fails when the UI calls a token unrestricted (or restricted) while the gateway decides otherwise.
	it('agree with the gateway on what a token may call', () => {
		const cases: TokenScopes[] = [
			{ allowed_providers: null, allowed_models: null, allowed_webhooks: null },
			{ allowed_providers: [], allowed_models: [], allowed_webhooks: [] },
			{ allowed_providers: ['openai'], allowed_models: null, allowed_webhooks: null },
			{ allowed_providers: null, allowed_models: ['anthropic/claude-x'], allowed_webhooks: null },
			{ allowed_providers: null, allowed_models: null, allowed_webhooks: ['hook'] }
		];
		for (const s of cases) {
			const summary = describeScopes(s);
			const canCallSomeModel = modelAllowed(identity(s), 'openai', 'gpt-4o') || modelAllowed(identity(s), 'anthropic', 'claude-x');
			expect(summary.unrestricted).toBe(isUnrestricted(s));
			expect(summary.models === 'No models (webhooks only)').toBe(!canCallSomeModel);
			expect(summary.webhooks === 'No webhooks').toBe(!webhookAllowed(identity(s), 'tr_1', 'hook'));
		}
	});

	// Fails when a table row hides which lists restrict the token.
	it('say what is allowed in a short line and in detail', () => {
		expect(describeScopes({ allowed_providers: null, allowed_models: null, allowed_webhooks: null })).toEqual({
			unrestricted: true,
			short: 'Unrestricted',
			models: 'Any provider and model',
			webhooks: 'Any webhook'
		});
		expect(describeScopes({ allowed_providers: ['openai', 'groq'], allowed_models: ['anthropic/claude-x'], allowed_webhooks: null })).toEqual({
			unrestricted: false,
			short: '2 providers · 1 model',
			models: 'openai (any model), groq (any model), anthropic/claude-x',
			webhooks: 'No webhooks'
		});
		expect(describeScopes({ allowed_providers: [], allowed_models: [], allowed_webhooks: ['a', 'b'] }).short).toBe('Webhooks only: 2 webhooks');
	});

	// Fails when typed entries keep blanks or duplicates, or an empty scope is stored as [] instead of null.
	it('parse typed entries and merge lists', () => {
		expect(splitEntries(' openai/gpt-4o, groq/*\n openai/gpt-4o  ,, ')).toEqual(['openai/gpt-4o', 'groq/*']);
		expect(scopeList(['a/b'], 'c/d, a/b', null, undefined)).toEqual(['a/b', 'c/d']);
		expect(scopeList([], '', null)).toBeNull();
		expect(scopeList(['  '])).toBeNull();
	});
});
