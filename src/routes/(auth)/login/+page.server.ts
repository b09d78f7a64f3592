import { base } from '$app/paths';
import { redirect } from '@sveltejs/kit';
import { fail, message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { loginSchema } from '$lib/schemas/auth';
import { authService } from '$lib/server/auth';
import { afterLoginPath, signIn } from '$lib/server/auth/login';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, afterLoginPath(url.searchParams.get('redirectTo')));
	if (!(await authService().anyUser(getRuntime().db, true))) redirect(303, `${base}/setup`);
	return { form: await superValidate(zod4(loginSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(loginSchema));
		const input = { ...form.data };
		form.data.password = '';
		if (!form.valid) return fail(400, { form });
		const result = await signIn(event, input);
		if (!result.ok) {
			if (result.retryAfterSeconds) event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return message(form, result.message, { status: result.status });
		}
		redirect(303, afterLoginPath(event.url.searchParams.get('redirectTo')));
	}
};
