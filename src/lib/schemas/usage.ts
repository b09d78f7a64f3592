import { z } from 'zod';

const time = z
	.string()
	.refine((s) => !Number.isNaN(new Date(s).getTime()), 'must be an RFC 3339 time')
	.transform((s) => new Date(s));

export const usageQuerySchema = z.object({
	from: time.optional(),
	to: time.optional(),
	group_by: z.enum(['hour', 'day', 'provider', 'model', 'token', 'status', 'source']).default('day'),
	recent: z.coerce.number().int().min(0).max(500).default(0)
});
