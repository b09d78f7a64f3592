import { providerRowActionSchema } from '$lib/schemas/providerForm';
import { providerOverview } from '$lib/server/admin/providerStatus';
import { deleteProvider, testStoredProvider } from '$lib/server/admin/providers';
import { plainAction, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ providers: await providerOverview() });

export const actions: Actions = {
	test: ({ request }) =>
		plainAction(async () => {
			const { key, model } = await readForm(request, providerRowActionSchema);
			return { test: { key, ...(await testStoredProvider(key, model || undefined)) } };
		}),
	delete: ({ request }) =>
		plainAction(async () => {
			const { key } = await readForm(request, providerRowActionSchema);
			await deleteProvider(key);
			return { deleted: key };
		})
};
