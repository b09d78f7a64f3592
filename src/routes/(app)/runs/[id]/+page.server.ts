import { error, fail, redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { cancelRunFormSchema, rerunFormSchema } from '$lib/schemas/run';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { cancelRun, rerunRun } from '$lib/server/workflow/runControl';
import { loadRunPage } from '$lib/server/workflow/runPage';
import type { Actions, PageServerLoad } from './$types';

const rerunSchema = zod4(rerunFormSchema);
const cancelSchema = zod4(cancelRunFormSchema);

/** Reloaded (`invalidate('app:run')`) when the live stream of a running run ends. */
export const load: PageServerLoad = async ({ params, depends }) => {
	depends('app:run');
	const page = await loadRunPage(params.id);
	if (!page) error(404, 'This run does not exist (it may have been deleted with its workflow).');
	return { ...page, now: Date.now() };
};

export const actions: Actions = {
	cancel: async ({ params, request, locals }) => {
		const form = await superValidate(request, cancelSchema, { id: 'cancel' });
		try {
			await cancelRun(params.id, actor(locals));
		} catch (e) {
			return formFailure(form, e, { formLevel: true });
		}
		return saved(form, 'Stopping the run…');
	},
	rerun: async ({ params, request }) => {
		const form = await superValidate(request, rerunSchema, { id: 'rerun' });
		if (!form.valid) return fail(400, { form });
		let runId: string;
		try {
			runId = (await rerunRun(params.id, form.data.from_node || undefined)).runId;
		} catch (e) {
			return formFailure(form, e, { formLevel: true });
		}
		redirect(303, `${base}/runs/${runId}`);
	}
};
