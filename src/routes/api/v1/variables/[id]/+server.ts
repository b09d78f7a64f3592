import { json } from '@sveltejs/kit';
import { variableUpdateSchema } from '$lib/schemas/variable';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { variableJson } from '$lib/server/workflow/serialize';
import { deleteVariable, updateVariable, variable } from '$lib/server/workflow/variables';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const v = await variable(params.id);
	return v ? json(variableJson(v)) : notFound('variable');
};

/** A blank (or "***") value on a secret variable keeps the stored value; making a secret public needs a new value. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const row = await updateVariable(params.id, await readBody(request, variableUpdateSchema), actor(locals));
		return row ? json(variableJson(row)) : notFound('variable');
	});

export const DELETE: RequestHandler = async ({ params }) => ((await deleteVariable(params.id)) ? new Response(null, { status: 204 }) : notFound('variable'));
