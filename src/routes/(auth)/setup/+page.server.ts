import { base } from '$app/paths';
import { redirect } from '@sveltejs/kit';
import { fail, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { setupSchema } from '$lib/schemas/auth';
import { authService } from '$lib/server/auth';
import { startSession } from '$lib/server/auth/login';
import { createFirstAdmin } from '$lib/server/auth/users';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/** First run only: once any user exists, /setup sends everyone to /login. */
export const load: PageServerLoad = async () => {
	if (await authService().anyUser(getRuntime().db, true)) redirect(303, `${base}/login`);
	return { form: await superValidate(zod4(setupSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(setupSchema));
		const { username, password } = form.data;
		form.data.password = form.data.confirm = '';
		if (!form.valid) return fail(400, { form });
		const admin = await createFirstAdmin(getRuntime().db, username, password);
		if (!admin) redirect(303, `${base}/login`);
		await startSession(event, admin);
		redirect(303, `${base}/`);
	}
};
