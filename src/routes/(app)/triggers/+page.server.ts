import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { triggerToggleFormSchema } from '$lib/schemas/trigger';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { setTriggerEnabled, triggerOverview } from '$lib/server/workflow/triggerAdmin';
import type { Actions, PageServerLoad } from './$types';

/** `?type=http|cron` narrows the list; webhook URLs are absolute on this server's origin. */
export const load: PageServerLoad = async ({ url, depends }) => {
	depends('app:triggers');
	const type = url.searchParams.get('type');
	return { triggers: await triggerOverview(), type: type === 'http' || type === 'cron' ? type : null, origin: url.origin, now: Date.now() };
};

export const actions: Actions = {
	toggle: async ({ request, locals }) => {
		const form = await superValidate(request, zod4(triggerToggleFormSchema));
		if (!form.valid) return fail(400, { form });
		try {
			const t = await setTriggerEnabled(form.data.id, form.data.enabled === 'true', actor(locals));
			if (!t) return message(form, { type: 'error', text: 'This trigger no longer exists.' }, { status: 404 });
			return saved(form, `${t.type === 'cron' ? 'Schedule' : 'Webhook'} of ${t.workflow_name ?? 'the workflow'} ${t.enabled ? 'enabled' : 'disabled'}.`);
		} catch (e) {
			return formFailure(form, e);
		}
	}
};
