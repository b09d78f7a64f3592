import { priceDeleteFormSchema, priceRowFormSchema } from '$lib/schemas/settingsForm';
import { deletePrice, rotateKeyAction, savePrice, settingsPage } from '$lib/server/admin/settingsForms';
import { plainAction, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => settingsPage();

export const actions: Actions = {
	rotate: ({ request }) => rotateKeyAction(request),
	price: ({ request }) => plainAction(async () => savePrice(await readForm(request, priceRowFormSchema))),
	deletePrice: ({ request }) => plainAction(async () => deletePrice((await readForm(request, priceDeleteFormSchema)).model))
};
