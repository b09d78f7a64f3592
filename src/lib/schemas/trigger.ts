import { z } from 'zod';

export const ALIAS_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Webhook settings kept in at_triggers.config. */
export const httpTriggerConfigSchema = z.looseObject({
	/** HMAC-SHA256 secret; requests must carry X-AT-Signature (or X-Hub-Signature-256): sha256=<hex>. */
	secret: z.string().max(500).optional(),
	/** Largest accepted body in bytes (default 1 MiB). */
	body_limit: z.number().int().min(1).max(100 * 1024 * 1024).optional()
});

export const cronTriggerConfigSchema = z.looseObject({
	schedule: z.string().trim().min(1, 'a cron schedule is required'),
	timezone: z.string().trim().default('UTC'),
	payload: z.unknown().default({})
});

const base = {
	node_id: z.string().nullish(),
	alias: z
		.string()
		.trim()
		.regex(/^$|^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _ only (at most 64)')
		.nullish(),
	public: z.boolean().default(false),
	enabled: z.boolean().default(true)
};

export const triggerCreateSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('http'), config: httpTriggerConfigSchema.default({}), ...base }),
	z.object({ type: z.literal('cron'), config: cronTriggerConfigSchema, ...base })
]);

export const triggerUpdateSchema = z.object({
	config: z.record(z.string(), z.unknown()).optional(),
	node_id: z.string().nullish(),
	alias: base.alias,
	public: z.boolean().optional(),
	enabled: z.boolean().optional()
});

export const triggerListQuerySchema = z.object({
	workflow_id: z.string().trim().min(1).optional(),
	type: z.enum(['http', 'cron'], { error: 'must be http or cron' }).optional()
});

export type TriggerCreate = z.infer<typeof triggerCreateSchema>;
export type TriggerUpdate = z.infer<typeof triggerUpdateSchema>;

/** The /triggers page's enable/disable switch. */
export const triggerToggleFormSchema = z.object({
	id: z.string().min(1, 'missing trigger id'),
	/** The new state, as the switch's hidden input posts it. */
	enabled: z.enum(['true', 'false'])
});
