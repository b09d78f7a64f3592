import { userRowActionSchema } from '$lib/schemas/userForm';
import { createUserAction, deleteUserAction, updateUserAction, usersPage } from '$lib/server/admin/userForms';
import { plainAction, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, locals }) => usersPage(url, locals);

export const actions: Actions = {
	create: ({ request }) => createUserAction(request),
	update: ({ request, locals }) => updateUserAction(request, locals),
	delete: ({ request, locals }) => plainAction(async () => deleteUserAction((await readForm(request, userRowActionSchema)).id, locals))
};
