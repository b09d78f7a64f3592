import { fail, redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { idFormSchema } from '$lib/schemas/forms';
import { skillFormSchema } from '$lib/schemas/skill';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { createSkill, deleteSkill, skills } from '$lib/server/workflow/skills';
import type { Actions, PageServerLoad } from './$types';

const schema = zod4(skillFormSchema);

export const load: PageServerLoad = async ({ url }) => {
	const rows = await skills();
	const list = rows.map((s) => ({ id: s.id, name: s.name, description: s.description, tools: s.tools.map((t) => ({ name: t.name, type: t.handler_type })), updatedAt: s.updatedAt.toISOString() }));
	return { skills: list, form: await superValidate(schema, { id: 'skill-new' }), creating: url.searchParams.has('new') };
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await superValidate(request, schema, { id: 'skill-new' });
		if (!form.valid) return fail(400, { form });
		let id: string;
		try {
			id = (await createSkill({ ...form.data, tools: [] }, actor(locals))).id;
		} catch (e) {
			return formFailure(form, e, { unique: 'name' });
		}
		redirect(303, `${base}/skills/${id}?tool=new`);
	},
	delete: async ({ request }) => {
		const form = await superValidate(request, zod4(idFormSchema));
		if (!form.valid) return fail(400, { form });
		if (!(await deleteSkill(form.data.id))) return message(form, { type: 'error', text: 'This skill no longer exists.' }, { status: 404 });
		return saved(form, 'Skill deleted.');
	}
};
