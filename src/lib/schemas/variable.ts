import { z } from 'zod';
import { patchOf } from './workflow';

export const variableSchema = z.object({
	key: z
		.string()
		.trim()
		.regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, _, . and - only, not starting with a digit (at most 128)'),
	value: z.string().max(1_000_000).default(''),
	description: z.string().max(10_000).default(''),
	secret: z.boolean().default(false)
});

/** A blank `value` on a secret variable keeps the stored value. */
export const variableUpdateSchema = patchOf(variableSchema);
export type VariableInput = z.infer<typeof variableSchema>;

/** The /variables editor: create when `id` is blank, else update (a blank secret value keeps the stored one). */
export const variableFormSchema = variableSchema.extend({ id: z.string().default('') });
