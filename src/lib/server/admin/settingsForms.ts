import { fail } from '@sveltejs/kit';
import { superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import type { z } from 'zod';
import type { FormMessage } from '$lib/forms';
import { rotateKeyFormSchema, rotationKey, type priceRowFormSchema, type RotateKeyForm } from '$lib/schemas/settingsForm';
import { formFailure, saved } from '../forms';
import { getRuntime } from '../runtime';
import { rotateKey } from './keyRotation';
import { listPriceTable, putPrice, removePrice } from './prices';
import { settingsInfo } from './settings';

/** The settings page's load and form actions over the settings, rotation and price services. */
export const ROTATE_FORM = 'rotate-key';

export async function settingsPage() {
	const [info, prices] = await Promise.all([settingsInfo(), listPriceTable()]);
	return { info, prices, rotateForm: await superValidate(zod4(rotateKeyFormSchema), { id: ROTATE_FORM }) };
}

/** `?/rotate`: the keys are never sent back in the returned form. */
export async function rotateKeyAction(request: Request) {
	const form: SuperValidated<RotateKeyForm, FormMessage> = await superValidate(request, zod4(rotateKeyFormSchema), { id: ROTATE_FORM });
	const key = rotationKey(form.data);
	form.data.encryption_key = '';
	form.data.confirm = '';
	if (!form.valid) return fail(400, { form });
	try {
		const r = await rotateKey(getRuntime(), key);
		form.data.disable = false;
		return saved(form, r.message, { rotated: r.rotated, encryption: r.encryption_enabled });
	} catch (e) {
		return formFailure(form, e);
	}
}

export async function savePrice(row: z.output<typeof priceRowFormSchema>) {
	const { created } = await putPrice(row.model, {
		input_per_million: row.input_per_million,
		output_per_million: row.output_per_million,
		cached_input_per_million: row.cached_input_per_million ?? null
	});
	return { saved: row.model, created };
}

export async function deletePrice(model: string) {
	await removePrice(model);
	return { deleted: model };
}
