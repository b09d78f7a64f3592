import { describe, expect, it } from 'vitest';
import { modelAllowed, providerAllowed, webhookAllowed, type GatewayIdentity } from './tokens';

const id = (p: Partial<GatewayIdentity>): GatewayIdentity => ({
	id: 'x',
	name: 't',
	prefix: 'at_12345',
	allowedProviders: null,
	allowedModels: null,
	allowedWebhooks: null,
	expiresAt: null,
	limits: null,
	...p
});

describe('token scopes', () => {
	it('lets an unscoped token do everything', () => {
		expect(modelAllowed(id({}), 'openai', 'gpt-4o')).toBe(true);
		expect(providerAllowed(id({}), 'openai')).toBe(true);
		expect(webhookAllowed(id({}), 'trg1', 'alias')).toBe(true);
	});

	it('allows a listed provider OR a listed full model id', () => {
		const t = id({ allowedProviders: ['openai'], allowedModels: ['claude/claude-sonnet-4-5', 'gem/*'] });
		expect(modelAllowed(t, 'openai', 'anything')).toBe(true);
		expect(modelAllowed(t, 'claude', 'claude-sonnet-4-5')).toBe(true);
		expect(modelAllowed(t, 'claude', 'claude-opus-4-1')).toBe(false);
		expect(modelAllowed(t, 'gem', 'gemini-2.5-pro')).toBe(true);
		expect(providerAllowed(t, 'gem')).toBe(true);
		expect(providerAllowed(t, 'claude')).toBe(false);
	});

	it('keeps a scoped token away from dimensions it does not list', () => {
		const hookOnly = id({ allowedWebhooks: ['my-alias'] });
		expect(modelAllowed(hookOnly, 'openai', 'gpt-4o')).toBe(false);
		expect(webhookAllowed(hookOnly, 'trg1', 'my-alias')).toBe(true);
		expect(webhookAllowed(hookOnly, 'trg2', null)).toBe(false);
		expect(webhookAllowed(id({ allowedProviders: ['openai'] }), 'trg1', 'my-alias')).toBe(false);
	});
});
