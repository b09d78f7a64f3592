import { z } from 'zod';
import { PROVIDER_TYPES, providerConfigInputSchema, providerKeySchema, SECRET_MASK, type ProviderConfigBody, type ProviderJson } from './provider';

/** "30s", "1m30s", "500ms", "2h" or a number of milliseconds (what the config loader's parseDuration reads). */
const DURATION_RE = /^(\d+|(\d+(\.\d+)?(ms|h|m|s))+)$/;
const durationField = z
	.string()
	.trim()
	.max(40)
	.refine((v) => v === '' || DURATION_RE.test(v), 'use a duration such as 30s, 2m or 1m30s, or leave empty for the gateway default')
	.default('');

const shape = providerConfigInputSchema.shape;

/**
 * The provider page's form (flat, so that it posts as a plain HTML form): models as one text field
 * plus picked discovered models, extra headers as parallel name/value arrays. Secret fields arrive
 * blank when the user keeps the stored value.
 */
export const providerFormSchema = z.object({
	key: providerKeySchema.default(''),
	type: z.enum(PROVIDER_TYPES, { error: 'choose a provider type' }).default('openai'),
	api_key: shape.api_key,
	base_url: shape.base_url,
	model: shape.model,
	models_text: z.string().max(1_000_000).default(''),
	models_pick: z.array(z.string().trim().max(300)).max(10_000).default([]),
	header_name: z.array(z.string().trim().max(200)).max(100).default([]),
	header_value: z.array(z.string().max(8192)).max(100).default([]),
	proxy: shape.proxy,
	insecure_skip_verify: z.boolean().default(false),
	timeout_first_byte: durationField,
	timeout_idle: durationField
});
export type ProviderForm = z.infer<typeof providerFormSchema>;

/** The connection part, enough to list a provider's models (the key is optional: the provider may be unsaved). */
export const providerDiscoverFormSchema = providerFormSchema.extend({ key: z.string().trim().max(64).default('') });

/** Picks the model to try on the test connection form (blank = the provider's default). */
export const providerTestFormSchema = z.object({ model: z.string().trim().max(300).default('') });

export type ProviderFormField = keyof ProviderForm;

/** Model ids from free text: one per line or separated by commas, blanks and repeats dropped, order kept. */
export function parseModelList(text: string, picked: string[] = []): string[] {
	const out = new Set<string>();
	for (const m of [...text.split(/[\n,]+/), ...picked]) if (m.trim()) out.add(m.trim());
	return [...out];
}

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The provider config to save from the form. `storedHeaders` are the header names that already have a
 * stored value: those may be posted blank (keep the value); a new header needs a value. Routes are
 * not edited by the form and are left out, so an update keeps them.
 */
export function providerFormToConfig(
	f: ProviderForm,
	storedHeaders: string[] = []
): { config: Omit<ProviderConfigBody, 'routes'>; errors: Partial<Record<ProviderFormField, string>> } {
	const errors: Partial<Record<ProviderFormField, string>> = {};
	const headers: Record<string, string> = {};
	const seen = new Set<string>();
	const stored = new Set(storedHeaders.map((h) => h.toLowerCase()));
	const n = Math.max(f.header_name.length, f.header_value.length);
	for (let i = 0; i < n; i++) {
		const name = (f.header_name[i] ?? '').trim();
		const value = f.header_value[i] ?? '';
		if (!name && !value) continue;
		if (!name) errors.header_name ??= 'a header with a value needs a name';
		else if (!HEADER_NAME_RE.test(name)) errors.header_name ??= `"${name}" is not a valid HTTP header name`;
		else if (seen.has(name.toLowerCase())) errors.header_name ??= `the header "${name}" is listed twice`;
		else if (/[\r\n]/.test(value)) errors.header_value ??= 'header values must be on one line';
		else if ((value === '' || value === SECRET_MASK) && !stored.has(name.toLowerCase())) errors.header_value ??= `enter a value for the new header "${name}"`;
		else {
			seen.add(name.toLowerCase());
			headers[storedName(name, storedHeaders)] = value === SECRET_MASK ? '' : value;
		}
	}
	const config: Omit<ProviderConfigBody, 'routes'> = {
		type: f.type,
		api_key: f.api_key === SECRET_MASK ? '' : f.api_key,
		base_url: f.base_url,
		model: f.model,
		models: parseModelList(f.models_text, f.models_pick),
		extra_headers: headers,
		proxy: f.proxy,
		insecure_skip_verify: f.insecure_skip_verify
	};
	if (f.timeout_first_byte) config.timeout_first_byte = f.timeout_first_byte;
	if (f.timeout_idle) config.timeout_idle = f.timeout_idle;
	if (config.model && config.models.length && !config.models.includes(config.model))
		errors.model = `the default model must be one of the listed models (or clear the list to allow any model)`;
	return { config, errors };
}

/** A kept header keeps the spelling it was stored with, so that the stored value is found again. */
function storedName(name: string, storedHeaders: string[]): string {
	return storedHeaders.find((h) => h.toLowerCase() === name.toLowerCase()) ?? name;
}

/** The form's values for a saved provider: secrets blank (the page shows "stored" instead). */
export function providerToForm(p: ProviderJson): ProviderForm {
	const c = p.config;
	return {
		key: p.key,
		type: c.type,
		api_key: '',
		base_url: c.base_url,
		model: c.model,
		models_text: c.models.join('\n'),
		models_pick: [],
		header_name: p.extra_header_names,
		header_value: p.extra_header_names.map(() => ''),
		proxy: c.proxy,
		insecure_skip_verify: c.insecure_skip_verify,
		timeout_first_byte: c.timeout_first_byte === undefined ? '' : String(c.timeout_first_byte),
		timeout_idle: c.timeout_idle === undefined ? '' : String(c.timeout_idle)
	};
}

/** A list row's action (test, delete): the provider's key, and for a test the model to try. */
export const providerRowActionSchema = z.object({
	key: z.string({ error: 'key is required' }).trim().min(1, 'key is required').max(64),
	model: z.string().trim().max(300).default('')
});

