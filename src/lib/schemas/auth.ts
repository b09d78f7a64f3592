import { z } from 'zod';

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export const roleSchema = z.enum(ROLES, { error: 'must be admin, editor or viewer' });

// Forward-auth names are often e-mail addresses (at most 254 characters).
export const usernameSchema = z
	.string({ error: 'username is required' })
	.trim()
	.min(1, 'Enter a username')
	.max(254, 'at most 254 characters')
	.regex(/^[^\s\p{C}]+$/u, 'no spaces or control characters');

// NIST SP 800-63B: at least 8 characters; the upper bound only caps hashing work per request.
export const newPasswordSchema = z
	.string({ error: 'password is required' })
	.min(8, 'At least 8 characters')
	.max(1024, 'at most 1024 characters');

export const loginSchema = z.object({
	username: z.string().trim().min(1, 'Enter your username').max(254, 'at most 254 characters'),
	password: z.string().min(1, 'Enter your password').max(1024, 'at most 1024 characters')
});

export const setupSchema = z
	.object({
		username: usernameSchema,
		password: newPasswordSchema,
		confirm: z.string()
	})
	.refine((v) => v.password === v.confirm, { message: 'The passwords do not match', path: ['confirm'] });

/** POST /api/v1/users. Without a password the user can only sign in through forward-auth. */
export const userCreateSchema = z.object({
	username: usernameSchema,
	password: newPasswordSchema.optional(),
	role: roleSchema.default('viewer')
});

/** PUT /api/v1/users/{id}: omitted fields are kept; a blank password keeps the stored one. */
export const userUpdateSchema = z.object({
	username: usernameSchema.optional(),
	password: z.union([z.literal(''), newPasswordSchema]).optional(),
	role: roleSchema.optional()
});

export type LoginInput = z.infer<typeof loginSchema>;
export type SetupInput = z.infer<typeof setupSchema>;
export type UserCreateInput = z.infer<typeof userCreateSchema>;
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;
