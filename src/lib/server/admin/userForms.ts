import { fail } from '@sveltejs/kit';
import { superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import type { FormMessage } from '$lib/forms';
import { userCreateBody, userCreateFormSchema, userEditFormSchema, userUpdateBody, type UserCreateForm, type UserEditForm } from '$lib/schemas/userForm';
import type { Actor } from '../auth/users';
import { createUserAccount, deleteUserAccount, listUserAccounts, updateUserAccount } from '../auth/users';
import { formFailure, saved } from '../forms';
import { getRuntime } from '../runtime';

/** The users page's load and form actions over the users service (auth/users.ts). */
export const CREATE_USER_FORM = 'user-create';
export const EDIT_USER_FORM = 'user-edit';

const actorOf = (locals: App.Locals): Actor => ({ userId: locals.user?.id, sessionId: locals.session?.id });

export async function usersPage(url: URL, locals: App.Locals) {
	const users = await listUserAccounts(getRuntime().db);
	const editId = url.searchParams.get('edit');
	const editing = editId ? users.find((u) => u.id === editId) : undefined;
	return {
		users,
		me: locals.user?.id ?? null,
		admins: users.filter((u) => u.role === 'admin').length,
		createForm: await superValidate(zod4(userCreateFormSchema), { id: CREATE_USER_FORM }),
		editForm: await superValidate(editing ? { id: editing.id, role: editing.role } : {}, zod4(userEditFormSchema), { id: EDIT_USER_FORM, errors: false }),
		editing: editing?.id ?? null,
		showNew: url.searchParams.has('new')
	};
}

/** Passwords are never sent back in the returned form. */
function scrub<T extends { password: string; confirm: string }>(form: SuperValidated<T, FormMessage>): T {
	const posted = { ...form.data };
	form.data.password = '';
	form.data.confirm = '';
	return posted;
}

export async function createUserAction(request: Request) {
	const form: SuperValidated<UserCreateForm, FormMessage> = await superValidate(request, zod4(userCreateFormSchema), { id: CREATE_USER_FORM });
	const posted = scrub(form);
	if (!form.valid) return fail(400, { form });
	try {
		const user = await createUserAccount(getRuntime().db, userCreateBody(posted));
		return saved(form, `${user.username} can sign in now as ${user.role}.`);
	} catch (e) {
		return formFailure(form, e);
	}
}

/** Role changes and password resets; the last admin cannot be demoted (the service answers 409). */
export async function updateUserAction(request: Request, locals: App.Locals) {
	const form: SuperValidated<UserEditForm, FormMessage> = await superValidate(request, zod4(userEditFormSchema), { id: EDIT_USER_FORM });
	const posted = scrub(form);
	if (!form.valid) return fail(400, { form });
	try {
		const user = await updateUserAccount(getRuntime().db, posted.id, userUpdateBody(posted), actorOf(locals));
		return saved(form, posted.password ? `${user.username} saved; the new password signs them out everywhere else.` : `${user.username} is now ${user.role}.`);
	} catch (e) {
		return formFailure(form, e);
	}
}

export async function deleteUserAction(id: string, locals: App.Locals) {
	await deleteUserAccount(getRuntime().db, id, actorOf(locals));
	return { deleted: id };
}
