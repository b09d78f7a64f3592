import { base } from '$app/paths';
import { redirect } from '@sveltejs/kit';
import { providerTestFormSchema } from '$lib/schemas/providerForm';
import { discoverProviderAction, editProviderForm, updateProviderAction } from '$lib/server/admin/providerForms';
import { deleteProvider, testStoredProvider } from '$lib/server/admin/providers';
import { plainAction, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => ({ ...(await editProviderForm(params.key)), created: url.searchParams.has('created') });

export const actions: Actions = {
	save: ({ params, request, locals }) => updateProviderAction(params.key, request, locals),
	discover: ({ params, request }) => discoverProviderAction(request, params.key),
	test: ({ params, request }) =>
		plainAction(async () => {
			const { model } = await readForm(request, providerTestFormSchema);
			return { test: await testStoredProvider(params.key, model || undefined) };
		}),
	delete: ({ params }) =>
		plainAction(async () => {
			await deleteProvider(params.key);
			redirect(303, `${base}/providers`);
		})
};
