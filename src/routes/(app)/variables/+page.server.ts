import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { idFormSchema } from '$lib/schemas/forms';
import { variableFormSchema } from '$lib/schemas/variable';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { createVariable, deleteVariable, updateVariable, variableViews } from '$lib/server/workflow/variables';
import type { Actions, PageServerLoad } from './$types';

const schema = zod4(variableFormSchema);

/** Secret values never reach the page: the list shows "stored", the editor starts blank. */
export const load: PageServerLoad = async ({ url }) => {
	const list = await variableViews();
	const editing = list.find((v) => v.id === url.searchParams.get('edit'));
	const form = await superValidate(editing ? { id: editing.id, key: editing.key, value: editing.value, description: editing.description, secret: editing.secret } : {}, schema, { errors: false, id: 'variable' });
	return { variables: list, form, editor: editing ? ('edit' as const) : url.searchParams.has('new') ? ('new' as const) : null, editing };
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await superValidate(request, schema, { id: 'variable' });
		const secret = form.data.secret;
		const respond = <T>(r: T) => {
			if (secret) form.data.value = '';
			return r;
		};
		if (!form.valid) return respond(fail(400, { form }));
		try {
			const { id, ...input } = form.data;
			const row = id ? await updateVariable(id, input, actor(locals)) : await createVariable(input, actor(locals));
			if (!row) return respond(message(form, { type: 'error', text: 'This variable no longer exists.' }, { status: 404 }));
			form.data.id = row.id;
			return respond(saved(form, `Saved ${row.key}.`));
		} catch (e) {
			return respond(formFailure(form, e, { unique: 'key' }));
		}
	},
	delete: async ({ request }) => {
		const form = await superValidate(request, zod4(idFormSchema));
		if (!form.valid) return fail(400, { form });
		if (!(await deleteVariable(form.data.id))) return message(form, { type: 'error', text: 'This variable no longer exists.' }, { status: 404 });
		return saved(form, 'Variable deleted.');
	}
};
