import { z } from 'zod';
import { PROVIDER_TYPES } from '$lib/schemas/provider';

/** Go-style durations as AT wrote them ("30s", "1m30s", "500ms") or plain milliseconds. */
export function parseDuration(v: string | number): number {
	if (typeof v === 'number') return v;
	const s = v.trim();
	if (/^\d+$/.test(s)) return Number(s);
	const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
	let total = 0;
	let consumed = 0;
	for (const m of s.matchAll(re)) {
		const n = Number(m[1]);
		total += m[2] === 'h' ? n * 3_600_000 : m[2] === 'm' ? n * 60_000 : m[2] === 's' ? n * 1000 : n;
		consumed += m[0].length;
	}
	if (consumed !== s.length || s.length === 0) throw new Error(`"${v}" is not a duration (use e.g. 30s, 1m, 500ms)`);
	return total;
}

// Env values arrive as strings and YAML may type a numeric token as a number: coerce by the target type.
const str = (inner: z.ZodString = z.string()) =>
	z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), inner);
const bool = z.preprocess((v) => {
	if (typeof v !== 'string') return v;
	const s = v.trim().toLowerCase();
	if (['true', '1', 'yes', 'on'].includes(s)) return true;
	if (['false', '0', 'no', 'off', ''].includes(s)) return false;
	return v;
}, z.boolean());
const int = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
	z.preprocess(
		(v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v),
		z.number({ error: (i) => `expected a number, got ${JSON.stringify(i.input)}` }).int().min(min).max(max)
	);
const duration = z
	.union([z.string(), z.number()])
	.transform((v, ctx) => {
		try {
			return parseDuration(v);
		} catch (e) {
			ctx.addIssue({ code: 'custom', message: (e as Error).message });
			return z.NEVER;
		}
	});
const strList = z.preprocess(
	(v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
	z.array(str())
);

export const providerConfigSchema = z.looseObject({
	type: z.enum(PROVIDER_TYPES, {
		error: (i) => `unknown provider type ${JSON.stringify(i.input)} (use openai, anthropic, gemini or vertex)`
	}),
	api_key: str().default(''),
	base_url: str().default(''),
	model: str().default(''),
	models: strList.default([]),
	extra_headers: z.record(z.string(), str()).default({}),
	proxy: str().default(''),
	insecure_skip_verify: bool.default(false),
	timeout_first_byte: duration.optional(),
	timeout_idle: duration.optional(),
	/** Virtual models: `key/<route>` tries these `provider/model` targets in order (SPEC §5.2, §6). */
	routes: z
		.record(
			z.string(),
			z
				.array(
					z.union([
						z.string().transform((target) => ({ target, weight: undefined as number | undefined })),
						z.object({ target: z.string(), weight: z.number().positive().optional() })
					])
				)
				.min(1, 'a route needs at least one target')
		)
		.default({})
});
export type ProviderConfigInput = z.input<typeof providerConfigSchema>;
export type ProviderConfig = z.output<typeof providerConfigSchema>;

export const staticTokenSchema = z.object({
	token: str(z.string().min(1, 'token must not be empty')),
	name: str().default(''),
	allowed_providers: strList.optional(),
	allowed_models: strList.optional(),
	allowed_webhooks: strList.optional(),
	expires_at: z
		.union([z.string(), z.date()])
		.optional()
		.transform((v, ctx) => {
			if (v === undefined || v === '') return undefined;
			const d = v instanceof Date ? v : new Date(v);
			if (Number.isNaN(d.getTime())) {
				ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not an RFC 3339 time` });
				return z.NEVER;
			}
			return d;
		})
});

const forwardAuthSchema = z.object({
	address: str(z.string().min(1, 'is required when forward_auth is set')),
	auth_request_headers: strList.default([]),
	auth_response_headers: strList.default([]),
	auth_response_headers_regex: str().default(''),
	trust_forward_header: bool.default(false),
	insecure_skip_verify: bool.default(false),
	timeout: duration.default(30_000),
	request_method: str().default('GET'),
	redirect_url: str().default(''),
	redirect_code: int(300, 399).default(302),
	redirect_status_codes: z.array(int(100, 599)).default([401]),
	role_header: str().default('X-User-Role')
});

export const configSchema = z.looseObject({
	log_level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
	server: z
		.looseObject({
			host: str().default('0.0.0.0'),
			port: int(0, 65535).default(8080),
			base_path: str().default(''),
			name: str().default('AT'),
			admin_token: str().default(''),
			user_header: str().default('X-User'),
			forward_auth: forwardAuthSchema.optional(),
			body_limit: int(1).default(20 * 1024 * 1024)
		})
		.prefault({}),
	providers: z.record(z.string(), providerConfigSchema).default({}),
	gateway: z
		.looseObject({
			auth_tokens: z.array(staticTokenSchema).default([]),
			timeout_first_byte: duration.default(120_000),
			timeout_idle: duration.default(120_000)
		})
		.prefault({}),
	store: z
		.looseObject({
			encryption_key: str().default(''),
			postgres: z
				.looseObject({
					datasource: str().default(''),
					schema: str(z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*)?$/, 'must be a plain identifier (letters, digits, _)'))
						.default(''),
					max_open_conns: int(1, 1000).default(10)
				})
				.prefault({}),
			pglite: z.looseObject({ dir: str().default('./data/pglite') }).prefault({})
		})
		.prefault({})
		.superRefine((store, ctx) => {
			if ('sqlite' in store) {
				ctx.addIssue({
					code: 'custom',
					path: ['sqlite'],
					message:
						'SQLite is not supported by this version of AT. Use the embedded database (the default; data in store.pglite.dir) or PostgreSQL (store.postgres.datasource or DATABASE_URL). Remove store.sqlite from the config.'
				});
			}
		}),
	workflow: z
		.looseObject({
			exec: z.looseObject({ enabled: bool.default(false) }).prefault({}),
			http: z.looseObject({ allow_hosts: strList.default([]) }).prefault({}),
			max_concurrency: int(1, 1000).default(8),
			max_depth: int(1, 100).default(8),
			max_steps: int(1, 1_000_000).default(10_000)
		})
		.prefault({}),
	rate_limit: z.looseObject({ redis_url: str().default('') }).prefault({}),
	metrics: z.looseObject({ enabled: bool.default(false), token: str().default('') }).prefault({})
});

export type Config = z.output<typeof configSchema>;
