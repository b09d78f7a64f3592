import { z } from 'zod';

export const runListQuerySchema = z.object({
	workflow_id: z.string().optional(),
	status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
	source: z.enum(['api', 'webhook', 'cron', 'workflow', 'editor']).optional(),
	before: z.string().optional(),
	limit: z.coerce.number().int().min(1).max(500).default(50)
});

export const rerunQuerySchema = z.object({
	from_node: z.string().min(1, 'from_node names the node to rerun from').optional(),
	sync: z
		.enum(['true', 'false', '1', '0'])
		.optional()
		.transform((v) => v === 'true' || v === '1')
});

export type RunListQuery = z.infer<typeof runListQuerySchema>;
