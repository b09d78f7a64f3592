import { z } from 'zod';
import { PROVIDER_TYPES } from './provider';

export const rotateKeySchema = z.strictObject({
	/** The new passphrase; "" decrypts every secret to plaintext (encryption off). */
	encryption_key: z.string({ error: 'encryption_key is required ("" turns encryption off)' }).max(10_000)
});

const perMillion = (what: string) =>
	z
		.number({ error: `${what} must be a number (USD per million tokens)` })
		.min(0, `${what} must not be negative`)
		.max(1_000_000, `${what} must be at most 1000000`);

export const priceUpsertSchema = z.strictObject({
	input_per_million: perMillion('input_per_million'),
	output_per_million: perMillion('output_per_million'),
	/** null or absent: cached input is charged at the input price. */
	cached_input_per_million: perMillion('cached_input_per_million').nullable().default(null)
});
export type PriceUpsert = z.infer<typeof priceUpsertSchema>;

/** A model id or prefix in the price table ("gpt-4.1", "claude-sonnet-4-5", "openai/gpt-4.1"). */
export const priceModelSchema = z
	.string()
	.trim()
	.min(1, 'a model id is required')
	.max(300)
	.regex(/^[^\s]+$/, 'a model id has no spaces');

// Response shapes (documented in /openapi.json; the serializers are typed by them).

export const priceJsonSchema = z.object({
	model: z.string(),
	input_per_million: z.number(),
	output_per_million: z.number(),
	cached_input_per_million: z.number().nullable(),
	updated_at: z.string()
});
export type PriceJson = z.infer<typeof priceJsonSchema>;

export const settingsJsonSchema = z.object({
	name: z.string(),
	version: z.string(),
	store_type: z.enum(['pglite', 'postgres']),
	instance_id: z.string(),
	started_at: z.string(),
	encryption_enabled: z.boolean(),
	config_file: z.string().nullable(),
	base_path: z.string(),
	database: z.string().describe('"ok" or why the database is not ready'),
	exec_enabled: z.boolean().describe('workflow.exec.enabled: exec nodes and bash handlers allowed'),
	metrics_enabled: z.boolean()
});
export type SettingsJson = z.infer<typeof settingsJsonSchema>;

export const rotateKeyResultSchema = z.object({
	encryption_enabled: z.boolean(),
	rotated: z.object({ providers: z.number(), variables: z.number(), node_configs: z.number() }),
	message: z.string()
});
export type RotateKeyResult = z.infer<typeof rotateKeyResultSchema>;

export const infoJsonSchema = z.object({
	name: z.string(),
	version: z.string(),
	store_type: z.enum(['pglite', 'postgres']),
	user: z.string().describe('the signed-in user ("admin_token" for the server.admin_token bearer)'),
	role: z.enum(['admin', 'editor', 'viewer']),
	providers: z.array(
		z.object({
			key: z.string(),
			type: z.enum(PROVIDER_TYPES),
			default_model: z.string(),
			models: z.array(z.string()),
			source: z.enum(['config', 'database'])
		})
	)
});
export type InfoJson = z.infer<typeof infoJsonSchema>;
