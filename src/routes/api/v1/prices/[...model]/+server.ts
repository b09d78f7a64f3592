import { json } from '@sveltejs/kit';
import { priceModelSchema, priceUpsertSchema } from '$lib/schemas/settings';
import { putPrice, removePrice } from '$lib/server/admin/prices';
import { ApiError, handle, issueText, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

function model(raw: string): string {
	const m = priceModelSchema.safeParse(raw);
	if (!m.success) throw new ApiError(400, `model: ${issueText(m.error.issues)}`);
	return m.data;
}

/** Model ids may contain "/" (`/prices/openai/gpt-4.1`). 201 when the model had no price yet. */
export const PUT: RequestHandler = ({ params, request }) =>
	handle(async () => {
		const { price, created } = await putPrice(model(params.model), await readBody(request, priceUpsertSchema));
		return json(price, { status: created ? 201 : 200 });
	});

export const DELETE: RequestHandler = ({ params }) =>
	handle(async () => {
		await removePrice(model(params.model));
		return new Response(null, { status: 204 });
	});
