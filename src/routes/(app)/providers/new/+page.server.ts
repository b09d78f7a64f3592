import { createProviderAction, discoverProviderAction, newProviderForm } from '$lib/server/admin/providerForms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => newProviderForm(url);

export const actions: Actions = {
	save: ({ request, locals }) => createProviderAction(request, locals),
	discover: ({ request }) => discoverProviderAction(request)
};
