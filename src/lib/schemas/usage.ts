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

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
	.refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()), 'must be a valid date');

export const USAGE_RANGES = ['24h', '7d', '30d', 'custom'] as const;

/** The Usage page's query string: a preset range, or custom whole UTC days from..to (inclusive). */
export const usagePageQuerySchema = z
	.object({
		range: z.enum(USAGE_RANGES).catch('24h'),
		from: day.optional().catch(undefined),
		to: day.optional().catch(undefined),
		errors: z
			.enum(['1', '0'])
			.optional()
			.catch(undefined)
			.transform((v) => v === '1')
	})
	.transform((q, ctx) => {
		if (q.range !== 'custom') return { range: q.range, errorsOnly: q.errors } as const;
		if (!q.from || !q.to) {
			ctx.addIssue({ code: 'custom', message: 'a custom range needs a start and an end date', path: ['from'] });
			return z.NEVER;
		}
		if (q.from > q.to) {
			ctx.addIssue({ code: 'custom', message: 'the start date must not be after the end date', path: ['from'] });
			return z.NEVER;
		}
		return { range: 'custom', from: q.from, to: q.to, errorsOnly: q.errors } as const;
	});
export type UsagePageQuery = z.output<typeof usagePageQuerySchema>;
