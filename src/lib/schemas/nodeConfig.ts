import { z } from 'zod';

export const emailConfigSchema = z.looseObject({
	host: z.string().trim().min(1, 'an SMTP host is required'),
	port: z.number().int().min(1).max(65535).default(587),
	username: z.string().default(''),
	password: z.string().default(''),
	from: z.string().trim().min(1, 'a sender address is required'),
	/** none: plain (upgraded when the server offers STARTTLS); starttls: STARTTLS required; tls: implicit TLS (465). */
	tls: z.enum(['none', 'starttls', 'tls']).default('starttls'),
	insecure_skip_verify: z.boolean().default(false)
});

export const nodeConfigDataSchemas: Record<string, z.ZodType<Record<string, unknown>>> = {
	email: emailConfigSchema
};

export const nodeConfigSchema = z.object({
	name: z.string().trim().min(1, 'a name is required').max(200),
	type: z.string().refine((t) => t in nodeConfigDataSchemas, 'unknown node config type (known: email)'),
	data: z.record(z.string(), z.unknown()).default({})
});

export const nodeConfigUpdateSchema = z.object({
	name: z.string().trim().min(1).max(200).optional(),
	data: z.record(z.string(), z.unknown()).optional()
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;

/** The /node-configs editor for `email` configs (flat fields; a blank password keeps the stored one). */
export const emailConfigFormSchema = z.object({
	id: z.string().default(''),
	name: nodeConfigSchema.shape.name,
	host: emailConfigSchema.shape.host,
	port: emailConfigSchema.shape.port,
	username: emailConfigSchema.shape.username,
	password: emailConfigSchema.shape.password,
	from: emailConfigSchema.shape.from,
	tls: emailConfigSchema.shape.tls,
	insecure_skip_verify: emailConfigSchema.shape.insecure_skip_verify
});
