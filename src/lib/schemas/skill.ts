import { z } from 'zod';
import { jsonObjectText } from './forms';
import { patchOf } from './workflow';

const TOOL_NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const skillToolSchema = z.object({
	name: z.string().regex(TOOL_NAME_RE, 'letters, digits, _ and - only, at most 64, not starting with a digit'),
	description: z.string().max(10_000).default(''),
	input_schema: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
	handler: z.string().max(200_000).default(''),
	handler_type: z.enum(['js', 'bash']).default('js')
});

export const skillSchema = z.object({
	name: z.string().trim().min(1, 'a name is required').max(200),
	description: z.string().max(10_000).default(''),
	system_prompt: z.string().max(200_000).default(''),
	tools: z
		.array(skillToolSchema)
		.refine((t) => new Set(t.map((x) => x.name)).size === t.length, 'tool names must be unique')
		.default([])
});

export const skillUpdateSchema = patchOf(skillSchema);

export const testHandlerSchema = z.object({
	handler: z.string().max(200_000),
	handler_type: z.enum(['js', 'bash']).default('js'),
	args: z.record(z.string(), z.unknown()).default({}),
	/** Seconds (default 5). */
	timeout: z.number().positive().max(60).optional()
});

export type SkillInput = z.infer<typeof skillSchema>;
export type SkillToolInput = z.infer<typeof skillToolSchema>;

/** The skill editor's settings form (tools are edited one at a time with skillToolFormSchema). */
export const skillFormSchema = skillSchema.pick({ name: true, description: true, system_prompt: true });

/** One tool of a skill; `previous_name` is the tool being edited (blank = a new tool). */
export const skillToolFormSchema = z.object({
	previous_name: z.string().default(''),
	name: skillToolSchema.shape.name,
	description: z.string().max(10_000).default(''),
	input_schema: jsonObjectText('The input schema').default('{\n  "type": "object",\n  "properties": {}\n}'),
	handler: z.string().max(200_000).default(''),
	handler_type: z.enum(['js', 'bash']).default('js')
});

/** The Test panel: runs a handler with the given args (a JSON object). */
export const handlerTestFormSchema = z.object({
	handler: z.string().max(200_000),
	handler_type: z.enum(['js', 'bash']).default('js'),
	args: jsonObjectText('Arguments').default('{}')
});

/** Removing one tool from a skill. */
export const skillToolRefSchema = z.object({ name: z.string().min(1, 'missing tool name') });
