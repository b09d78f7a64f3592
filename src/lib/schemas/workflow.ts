import { z } from 'zod';

/** POST /workflows and PUT /workflows/{id}: the graph is validated separately by validateGraph. */
export const workflowCreateSchema = z.object({
	name: z.string().trim().min(1, 'a name is required').max(200),
	description: z.string().max(10_000).default(''),
	graph: z.unknown().default({ nodes: [], edges: [] })
});

export const workflowUpdateSchema = z.object({
	name: z.string().trim().min(1, 'a name is required').max(200).optional(),
	description: z.string().max(10_000).optional(),
	graph: z.unknown().optional()
});

export const activeVersionSchema = z.object({
	/** null unpublishes (triggers then run the draft). */
	version: z.number().int().positive().nullable()
});

export const runRequestSchema = z.object({
	inputs: z.unknown().default({}),
	/** 'editor' runs the draft (the canvas); otherwise the active version (or the draft when none is published). */
	source: z.enum(['api', 'editor']).default('api'),
	/** Editor runs may start at one entry node. */
	entry_node: z.string().optional()
});

const boolParam = z
	.enum(['true', 'false', '1', '0', ''])
	.optional()
	.transform((v) => v === 'true' || v === '1' || v === '');

export const runQuerySchema = z.object({
	sync: boolParam,
	early: boolParam,
	version: z.coerce.number().int().positive().optional(),
	/** Sync wait in seconds (default 60, at most 3600). */
	timeout: z.coerce.number().positive().max(3600).optional()
});

export type WorkflowCreate = z.infer<typeof workflowCreateSchema>;
export type WorkflowUpdate = z.infer<typeof workflowUpdateSchema>;
export type RunRequest = z.infer<typeof runRequestSchema>;

/**
 * Like `.partial()` for PUT bodies, but fields left out stay absent: zod 4's partial still applies
 * `.default()`, which would reset every omitted field.
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
	const shape: Record<string, z.ZodType> = {};
	for (const [k, v] of Object.entries(schema.shape)) {
		const inner = v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType);
		shape[k] = inner.optional();
	}
	return z.object(shape) as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<T[K]> }>;
}

/** The /workflows "New workflow" form (the canvas opens next). */
export const workflowNewFormSchema = workflowCreateSchema.pick({ name: true, description: true });

/** The /workflows import form: pasted JSON (or the chosen file, read by the page); a blank name takes the file's. */
export const workflowImportFormSchema = z.object({
	name: z.string().trim().max(200).default(''),
	json: z.string().max(20_000_000).default('')
});
