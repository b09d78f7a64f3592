import { tokenRowActionSchema } from '$lib/schemas/tokenForm';
import { createTokenAction, tokensPage, updateTokenAction } from '$lib/server/admin/tokenForms';
import { deleteToken } from '$lib/server/admin/tokens';
import { plainAction, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => tokensPage(url);

export const actions: Actions = {
	create: ({ request, locals }) => createTokenAction(request, locals),
	update: ({ request, locals }) => updateTokenAction(request, locals),
	delete: ({ request }) =>
		plainAction(async () => {
			const { id } = await readForm(request, tokenRowActionSchema);
			await deleteToken(id);
			return { deleted: id };
		})
};
