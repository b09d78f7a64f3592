import { z } from 'zod';
import { newPasswordSchema, roleSchema, usernameSchema, type UserCreateInput, type UserUpdateInput } from './auth';

const optionalPassword = z.union([z.literal(''), newPasswordSchema]).default('');
const matches = (v: { password: string; confirm: string }) => v.password === v.confirm;
const mismatch = { message: 'The passwords do not match', path: ['confirm'] };

/** The users page's "Add user" form. Without a password the user can only sign in through forward-auth. */
export const userCreateFormSchema = z
	.object({
		username: usernameSchema.default(''),
		password: optionalPassword,
		confirm: z.string().max(1024).default(''),
		role: roleSchema.default('viewer')
	})
	.refine(matches, mismatch);
export type UserCreateForm = z.infer<typeof userCreateFormSchema>;

/** "Edit user": the role, and a new password (blank keeps the current one). */
export const userEditFormSchema = z
	.object({
		id: z.string().trim().min(1, 'which user?').max(100).default(''),
		role: roleSchema.default('viewer'),
		password: optionalPassword,
		confirm: z.string().max(1024).default('')
	})
	.refine(matches, mismatch);
export type UserEditForm = z.infer<typeof userEditFormSchema>;

/** A list row's delete button. */
export const userRowActionSchema = z.object({ id: z.string({ error: 'id is required' }).trim().min(1, 'id is required').max(100) });

export const userCreateBody = (f: UserCreateForm): UserCreateInput => ({ username: f.username, role: f.role, ...(f.password ? { password: f.password } : {}) });
export const userUpdateBody = (f: UserEditForm): UserUpdateInput => ({ role: f.role, ...(f.password ? { password: f.password } : {}) });
