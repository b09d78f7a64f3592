import { describe, expect, it } from 'vitest';
import { providerConfigSchema } from '$lib/server/config/schema';
import { discoverModelsSchema, providerCreateSchema, providerKeySchema, providerUpdateSchema } from './provider';

describe('provider schemas', () => {
	it('accepts lowercase keys with digits, - and _ only', () => {
		for (const k of ['openai', 'my-groq_2', '0x']) expect(providerKeySchema.safeParse(k).success, k).toBe(true);
		for (const k of ['OpenAI', 'a b', 'a/b', '-x', '', 'x'.repeat(65), 'discover-models']) expect(providerKeySchema.safeParse(k).success, k).toBe(false);
	});

	// What the API stores must load in the registry, which parses rows with the config-file schema.
	it('produces configs the registry loads', () => {
		const body = providerCreateSchema.parse({
			key: 'k',
			config: { type: 'anthropic', api_key: 'sk', timeout_idle: '30s', routes: { smart: ['k/a', { target: 'k/b', weight: 2 }] } }
		});
		expect(body.config).toMatchObject({ base_url: '', models: [], extra_headers: {}, proxy: '', insecure_skip_verify: false });
		expect(providerConfigSchema.parse(body.config)).toMatchObject({ type: 'anthropic', timeout_idle: 30_000 });
	});

	it('names the offending field', () => {
		const r = providerCreateSchema.safeParse({ key: 'k', config: { type: 'openai', base_url: 'file:///etc/passwd' } });
		expect(r.success).toBe(false);
		expect(r.error!.issues[0].path).toEqual(['config', 'base_url']);
	});

	// A PUT that only changes the model must not reset the other fields to their defaults.
	it('keeps fields out of an update absent', () => {
		expect(providerUpdateSchema.parse({ config: { model: 'm' } })).toEqual({ config: { model: 'm' } });
		expect(discoverModelsSchema.parse({ key: 'k' })).toEqual({ key: 'k' });
		expect(discoverModelsSchema.safeParse({ key: 'k', typo: 1 }).success).toBe(false);
	});
});
