import { z } from 'zod';
import { patchOf } from './workflow';

export const PROVIDER_TYPES = ['openai', 'anthropic', 'gemini', 'vertex'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** What the API and the forms show in place of a stored secret; sent back, it keeps the secret. */
export const SECRET_MASK = '***';

export const PROVIDER_KEY_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const providerKeySchema = z
	.string({ error: 'a provider key is required' })
	.trim()
	.regex(PROVIDER_KEY_RE, 'use lowercase letters, digits, - and _ (starting with a letter or digit, at most 64 characters)')
	// /api/v1/providers/discover-models is a route of its own.
	.refine((k) => k !== 'discover-models', '"discover-models" is reserved');

function urlWith(protocols: string[], message: string) {
	return z
		.string()
		.trim()
		.max(2000)
		.refine((v) => {
			if (v === '') return true;
			try {
				return protocols.includes(new URL(v).protocol);
			} catch {
				return false;
			}
		}, message);
}

// RFC 9110 token characters.
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const durationSchema = z.union([z.string().trim(), z.number().int().positive()], {
	error: 'a duration such as "30s", "2m" or a number of milliseconds'
});

const routeTargetSchema = z.union([
	z.string().trim().min(1, 'a route target is "provider/model"'),
	z.object({ target: z.string().trim().min(1, 'a route target is "provider/model"'), weight: z.number().positive().optional() })
]);

/**
 * A provider's settings as the API and the provider form take them. Unknown fields are refused so a
 * misspelt field is named instead of silently dropped. Secrets (`api_key`, every `extra_headers`
 * value) may be blank or "***" on update to keep the stored value.
 */
export const providerConfigInputSchema = z.strictObject({
	type: z.enum(PROVIDER_TYPES, { error: 'choose a provider type: openai, anthropic, gemini or vertex' }),
	api_key: z.string().max(100_000).default(''),
	base_url: urlWith(['http:', 'https:'], 'must be an http(s) URL, or empty for the provider default').default(''),
	model: z.string().trim().max(300).default(''),
	models: z.array(z.string().trim().min(1, 'model ids must not be empty').max(300)).max(10_000).default([]),
	extra_headers: z
		.record(
			z.string().regex(HEADER_NAME_RE, 'is not a valid HTTP header name'),
			z.string().max(8192).regex(/^[^\r\n]*$/, 'header values must be on one line')
		)
		.default({}),
	proxy: urlWith(['http:', 'https:', 'socks5:', 'socks:'], 'must be an http, https or socks5 proxy URL, or empty').default(''),
	insecure_skip_verify: z.boolean().default(false),
	/** Time to the first upstream byte ("30s", "2m" or milliseconds); default gateway.timeout_first_byte. */
	timeout_first_byte: durationSchema.optional(),
	/** Longest pause between stream chunks; default gateway.timeout_idle. */
	timeout_idle: durationSchema.optional(),
	/** Virtual models: `key/<route>` tries these `provider/model` targets in order. */
	routes: z.record(z.string().min(1), z.array(routeTargetSchema).min(1, 'a route needs at least one target')).default({})
});
export type ProviderConfigBody = z.infer<typeof providerConfigInputSchema>;

export const providerCreateSchema = z.strictObject({
	key: providerKeySchema,
	config: providerConfigInputSchema
});

/** PUT: fields left out keep their stored values; the key cannot change. */
export const providerUpdateSchema = z.strictObject({
	key: providerKeySchema.optional(),
	config: patchOf(providerConfigInputSchema).strict()
});

/**
 * POST /providers/discover-models: `{key}` uses a saved provider (with its secrets), `{key, config}`
 * overlays unsaved form values on it (blank secrets keep the saved ones), and a bare provider config
 * (top level, or under `config`) is used as given.
 */
export const discoverModelsSchema = patchOf(providerConfigInputSchema)
	.extend({ key: providerKeySchema.optional(), config: patchOf(providerConfigInputSchema).strict().optional() })
	.strict();

export const providerTestSchema = z.strictObject({
	/** Model to try; default: the provider's default model, else its first listed model. */
	model: z.string().trim().max(300).optional()
});

// Response shapes (documented in /openapi.json; the serializers are typed by them).

export const providerConfigJsonSchema = z.object({
	type: z.enum(PROVIDER_TYPES),
	api_key: z.string().describe('"***" when a key is stored, else ""'),
	base_url: z.string(),
	model: z.string(),
	models: z.array(z.string()),
	extra_headers: z.record(z.string(), z.string()).describe('header names with "***" as every value'),
	proxy: z.string(),
	insecure_skip_verify: z.boolean(),
	timeout_first_byte: z.union([z.string(), z.number()]).optional(),
	timeout_idle: z.union([z.string(), z.number()]).optional(),
	routes: z.record(z.string(), z.array(routeTargetSchema))
});

export const providerJsonSchema = z.object({
	key: z.string(),
	source: z.enum(['config', 'database']),
	overrides_config: z.boolean().describe('a database provider that replaces the at.yaml entry with the same key'),
	read_only: z.boolean().describe('true for at.yaml providers: change them in the file, or create a database override'),
	config: providerConfigJsonSchema,
	has_api_key: z.boolean(),
	extra_header_names: z.array(z.string()),
	load_error: z.string().optional().describe('why the saved provider is not serving (e.g. it cannot be decrypted)'),
	created_at: z.string().nullable(),
	updated_at: z.string().nullable(),
	created_by: z.string().nullable(),
	updated_by: z.string().nullable()
});
export type ProviderJson = z.infer<typeof providerJsonSchema>;

export const providerTestResultSchema = z.object({
	ok: z.boolean(),
	latency_ms: z.number(),
	model: z.string(),
	error: z.string().optional()
});

export const discoveredModelsSchema = z.object({ models: z.array(z.string()) });
