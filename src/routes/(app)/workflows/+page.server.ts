import { fail, redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { idFormSchema } from '$lib/schemas/forms';
import { workflowImportFormSchema, workflowNewFormSchema } from '$lib/schemas/workflow';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { duplicateWorkflow, importWorkflow, newWorkflow, removeWorkflow, workflowOverview } from '$lib/server/workflow/workflowList';
import { WorkflowInputError } from '$lib/server/workflow/workflows';
import type { Actions, PageServerLoad } from './$types';

const newSchema = zod4(workflowNewFormSchema);
const importSchema = zod4(workflowImportFormSchema);

/** `?new` opens the create panel, `?import` the import panel, `?q=` filters by name or description. */
export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim();
	const [workflows, newForm, importForm] = await Promise.all([workflowOverview(q), superValidate(newSchema, { id: 'workflow-new' }), superValidate(importSchema, { id: 'workflow-import' })]);
	return { workflows, q, newForm, importForm, panel: url.searchParams.has('new') ? ('new' as const) : url.searchParams.has('import') ? ('import' as const) : null };
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await superValidate(request, newSchema, { id: 'workflow-new' });
		if (!form.valid) return fail(400, { form });
		let id: string;
		try {
			id = (await newWorkflow({ ...form.data, graph: { nodes: [], edges: [] } }, actor(locals))).id;
		} catch (e) {
			return formFailure(form, e);
		}
		redirect(303, `${base}/workflows/${id}`);
	},
	import: async ({ request, locals }) => {
		const data = await request.formData();
		const form = await superValidate(data, importSchema, { id: 'workflow-import' });
		if (!form.valid) return fail(400, { form });
		const file = data.get('file');
		const text = form.data.json.trim() ? form.data.json : file instanceof File ? await file.text() : '';
		let id: string;
		try {
			id = (await importWorkflow(text, form.data.name, actor(locals))).id;
		} catch (e) {
			if (e instanceof WorkflowInputError) return setError(form, 'json', e.message.split('\n'), { status: e.status as 400 });
			return formFailure(form, e);
		}
		redirect(303, `${base}/workflows/${id}`);
	},
	duplicate: async ({ request, locals }) => {
		const form = await superValidate(request, zod4(idFormSchema));
		if (!form.valid) return fail(400, { form });
		try {
			const copy = await duplicateWorkflow(form.data.id, actor(locals));
			if (!copy) return message(form, { type: 'error', text: 'This workflow no longer exists.' }, { status: 404 });
			return saved(form, `Duplicated as “${copy.name}”.`);
		} catch (e) {
			return formFailure(form, e);
		}
	},
	delete: async ({ request }) => {
		const form = await superValidate(request, zod4(idFormSchema));
		if (!form.valid) return fail(400, { form });
		if (!(await removeWorkflow(form.data.id))) return message(form, { type: 'error', text: 'This workflow no longer exists.' }, { status: 404 });
		return saved(form, 'Workflow deleted.');
	}
};
