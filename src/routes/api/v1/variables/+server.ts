import { json } from '@sveltejs/kit';
import { variableSchema } from '$lib/schemas/variable';
import { actor, handle, readBody } from '$lib/server/api';
import { variableJson } from '$lib/server/workflow/serialize';
import { createVariable, variables } from '$lib/server/workflow/variables';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ variables: (await variables()).map(variableJson) });

/** Secret values are encrypted at rest and never returned. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const b = await readBody(request, variableSchema);
		return json(variableJson(await createVariable(b, actor(locals))), { status: 201 });
	});
