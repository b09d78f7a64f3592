import { z } from 'zod';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const RUN_SOURCES = ['api', 'webhook', 'cron', 'workflow', 'editor'] as const;

/** An RFC 3339 time or a date (`2026-05-01`, read as UTC midnight) in a query string. */
const time = z
	.string()
	.trim()
	.refine((v) => !Number.isNaN(Date.parse(v)), 'must be an RFC 3339 time or a date such as 2026-05-01')
	.transform((v) => new Date(v))
	.optional();

/**
 * GET /runs and GET /workflows/{id}/runs (and the run history page). Newest first; `cursor` (alias
 * `before`) is the `next_cursor` of the previous page. `from`/`to` bound started_at (from inclusive,
 * to exclusive).
 */
export const runListQuerySchema = z
	.object({
		workflow_id: z.string().trim().min(1).optional(),
		status: z.enum(RUN_STATUSES, { error: `must be one of ${RUN_STATUSES.join(', ')}` }).optional(),
		source: z.enum(RUN_SOURCES, { error: `must be one of ${RUN_SOURCES.join(', ')}` }).optional(),
		trigger_id: z.string().trim().min(1).optional(),
		parent_run_id: z.string().trim().min(1).optional(),
		from: time,
		to: time,
		cursor: z.string().trim().min(1).optional(),
		before: z.string().trim().min(1).optional(),
		limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(50)
	})
	.refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be later than from', path: ['to'] });

export const runDetailQuerySchema = z.object({
	/** `graph`: also return the graph of the run's workflow version (for drawing the run). */
	include: z.enum(['graph'], { error: 'the only include is "graph"' }).optional()
});

export const rerunQuerySchema = z.object({
	from_node: z.string().min(1, 'from_node names the node to rerun from').optional(),
	sync: z
		.enum(['true', 'false', '1', '0'])
		.optional()
		.transform((v) => v === 'true' || v === '1')
});

export type RunListQuery = z.infer<typeof runListQuerySchema>;

/** The /runs page's time presets (`range`); `custom` uses `from`/`to`. */
export const RUN_RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export const runPageRangeSchema = z.enum(['1h', '24h', '7d', '30d', 'custom']).optional().catch(undefined);

/** The run page's Rerun form: blank `from_node` reruns the whole run. */
export const rerunFormSchema = z.object({
	from_node: z.string().trim().max(200, 'from_node: at most 200 characters').default('')
});

/** The run page's Cancel form (no fields; the run is in the URL). */
export const cancelRunFormSchema = z.object({});
