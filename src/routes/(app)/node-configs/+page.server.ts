import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { idFormSchema } from '$lib/schemas/forms';
import { emailConfigFormSchema } from '$lib/schemas/nodeConfig';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { createNodeConfig, deleteNodeConfig, nodeConfigViews, updateNodeConfig } from '$lib/server/workflow/nodeConfigs';
import type { Actions, PageServerLoad } from './$types';

const schema = zod4(emailConfigFormSchema);

/** The SMTP password never reaches the page: the editor starts blank and a blank save keeps it. */
export const load: PageServerLoad = async ({ url }) => {
	const configs = await nodeConfigViews();
	const editing = configs.find((c) => c.id === url.searchParams.get('edit'));
	const form = await superValidate(editing ? { id: editing.id, name: editing.name, ...editing.data } : {}, schema, { errors: false, id: 'node-config' });
	return { configs, form, editor: editing ? ('edit' as const) : url.searchParams.has('new') ? ('new' as const) : null, editing };
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await superValidate(request, schema, { id: 'node-config' });
		const redact = <T>(r: T) => ((form.data.password = ''), r);
		if (!form.valid) return redact(fail(400, { form }));
		const { id, name, ...data } = form.data;
		try {
			const row = id ? await updateNodeConfig(id, { name, data }, actor(locals)) : await createNodeConfig({ name, type: 'email', data }, actor(locals));
			if (!row) return redact(message(form, { type: 'error', text: 'This config no longer exists.' }, { status: 404 }));
			form.data.id = row.id;
			return redact(saved(form, `Saved ${row.name}.`));
		} catch (e) {
			return redact(formFailure(form, e, { unique: 'name' }));
		}
	},
	delete: async ({ request }) => {
		const form = await superValidate(request, zod4(idFormSchema));
		if (!form.valid) return fail(400, { form });
		if (!(await deleteNodeConfig(form.data.id))) return message(form, { type: 'error', text: 'This config no longer exists.' }, { status: 404 });
		return saved(form, 'Config deleted.');
	}
};
