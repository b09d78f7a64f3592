import { describe, expect, it } from 'vitest';
import { providerCreateSchema, type ProviderJson } from './provider';
import { parseModelList, providerFormSchema, providerFormToConfig, providerToForm } from './providerForm';

const form = (over: Record<string, unknown> = {}) => providerFormSchema.parse({ key: 'groq', type: 'openai', ...over });

describe('provider form', () => {
	// Fails when the form builds a body the management API's own schema refuses.
	it('turns the flat form into a provider config the API accepts', () => {
		const { config, errors } = providerFormToConfig(
			form({
				api_key: 'sk-1',
				base_url: 'https://api.groq.com/openai/v1/chat/completions',
				model: 'b',
				models_text: 'a\nb, c\n\n a ',
				models_pick: ['d', 'b'],
				header_name: ['X-One', '', 'X-Two'],
				header_value: ['1', '', '2'],
				timeout_first_byte: '30s'
			})
		);
		expect(errors).toEqual({});
		expect(config).toMatchObject({ models: ['a', 'b', 'c', 'd'], extra_headers: { 'X-One': '1', 'X-Two': '2' }, timeout_first_byte: '30s' });
		expect(config).not.toHaveProperty('timeout_idle');
		expect(config).not.toHaveProperty('routes');
		expect(providerCreateSchema.safeParse({ key: 'groq', config }).success).toBe(true);
	});

	// Fails when a blank value would wipe a stored header, or a new header could be saved without a value.
	it('keeps stored header values when blank and requires values for new headers', () => {
		const kept = providerFormToConfig(form({ header_name: ['x-org'], header_value: [''] }), ['X-Org']);
		expect(kept.errors).toEqual({});
		expect(kept.config.extra_headers).toEqual({ 'X-Org': '' });
		expect(providerFormToConfig(form({ header_name: ['X-New'], header_value: [''] }), ['X-Org']).errors.header_value).toMatch(/value for the new header "X-New"/);
		expect(providerFormToConfig(form({ header_name: ['', 'A'], header_value: ['v', 'w'] })).errors.header_name).toMatch(/needs a name/);
		expect(providerFormToConfig(form({ header_name: ['A', 'a'], header_value: ['1', '2'] })).errors.header_name).toMatch(/listed twice/);
		expect(providerFormToConfig(form({ header_name: ['bad header'], header_value: ['1'] })).errors.header_name).toMatch(/not a valid/);
		// A removed row is simply absent: the saved set is exactly what was posted.
		expect(providerFormToConfig(form({ header_name: [], header_value: [] }), ['X-Org']).config.extra_headers).toEqual({});
	});

	// Fails when the mask shown for a stored secret is saved as the secret itself.
	it('never saves the "***" mask as a secret', () => {
		const { config } = providerFormToConfig(form({ api_key: '***', header_name: ['X-Org'], header_value: ['***'] }), ['X-Org']);
		expect(config.api_key).toBe('');
		expect(config.extra_headers).toEqual({ 'X-Org': '' });
	});

	// Fails when bad input reaches the service instead of being named on its field.
	it('names invalid fields', () => {
		const bad = providerFormSchema.safeParse({ key: 'Bad Key', type: 'nope', base_url: 'ftp://x', proxy: 'mailto:x', timeout_idle: 'soon' });
		expect(bad.success).toBe(false);
		const fields = new Set(bad.error!.issues.map((i) => i.path[0]));
		expect([...fields].sort()).toEqual(['base_url', 'key', 'proxy', 'timeout_idle', 'type']);
		expect(providerFormToConfig(form({ model: 'x', models_text: 'a\nb' })).errors.model).toMatch(/one of the listed models/);
		expect(providerFormToConfig(form({ model: 'x', models_text: '' })).errors).toEqual({});
	});

	// Fails when the edit form would show a stored secret or lose a saved field.
	it('fills the edit form from a saved provider without secrets', () => {
		const saved: ProviderJson = {
			key: 'groq',
			source: 'database',
			overrides_config: false,
			read_only: false,
			config: {
				type: 'openai',
				api_key: '***',
				base_url: 'https://x/v1/chat/completions',
				model: 'm',
				models: ['m', 'n'],
				extra_headers: { 'X-Org': '***' },
				proxy: '',
				insecure_skip_verify: true,
				timeout_idle: 60000,
				routes: {}
			},
			has_api_key: true,
			extra_header_names: ['X-Org'],
			created_at: null,
			updated_at: null,
			created_by: null,
			updated_by: null
		};
		const f = providerToForm(saved);
		expect(f).toMatchObject({ api_key: '', models_text: 'm\nn', header_name: ['X-Org'], header_value: [''], insecure_skip_verify: true, timeout_idle: '60000', timeout_first_byte: '' });
		expect(JSON.stringify(f)).not.toContain('***');
		expect(providerFormToConfig(providerFormSchema.parse(f), saved.extra_header_names).errors).toEqual({});
	});

	// Fails when a pasted model list keeps blanks or repeats.
	it('splits model lists on lines and commas', () => {
		expect(parseModelList(' a ,b\n\nc,a', ['d'])).toEqual(['a', 'b', 'c', 'd']);
	});
});
