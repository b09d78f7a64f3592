import { fail } from '@sveltejs/kit';
import { superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { userCreateBody, userCreateFormSchema, userEditFormSchema, userUpdateBody, type UserCreateForm, type UserEditForm } from '$lib/schemas/userForm';
import type { Actor } from '../auth/users';
import { createUserAccount, deleteUserAccount, listUserAccounts, updateUserAccount } from '../auth/users';
import { attempt } from '../forms';
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
function scrub<T extends { password: string; confirm: string }>(form: SuperValidated<T, string>): T {
	const posted = { ...form.data };
	form.data.password = '';
	form.data.confirm = '';
	return posted;
}

export async function createUserAction(request: Request) {
	const form: SuperValidated<UserCreateForm, string> = await superValidate(request, zod4(userCreateFormSchema), { id: CREATE_USER_FORM });
	const posted = scrub(form);
	if (!form.valid) return fail(400, { form });
	const r = await attempt(form, () => createUserAccount(getRuntime().db, userCreateBody(posted)));
	if (!r.ok) return r.failure;
	form.message = `${r.value.username} can sign in now as ${r.value.role}.`;
	return { form };
}

/** Role changes and password resets; the last admin cannot be demoted (the service answers 409). */
export async function updateUserAction(request: Request, locals: App.Locals) {
	const form: SuperValidated<UserEditForm, string> = await superValidate(request, zod4(userEditFormSchema), { id: EDIT_USER_FORM });
	const posted = scrub(form);
	if (!form.valid) return fail(400, { form });
	const r = await attempt(form, () => updateUserAccount(getRuntime().db, posted.id, userUpdateBody(posted), actorOf(locals)));
	if (!r.ok) return r.failure;
	form.message = posted.password ? `${r.value.username} saved; the new password signs them out everywhere else.` : `${r.value.username} is now ${r.value.role}.`;
	return { form };
}

export async function deleteUserAction(id: string, locals: App.Locals) {
	await deleteUserAccount(getRuntime().db, id, actorOf(locals));
	return { deleted: id };
}
