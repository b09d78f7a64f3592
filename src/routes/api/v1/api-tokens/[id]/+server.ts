import { json } from '@sveltejs/kit';
import { tokenUpdateSchema } from '$lib/schemas/token';
import { deleteToken, getToken, updateToken } from '$lib/server/admin/tokens';
import { actor, handle, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => handle(async () => json(await getToken(params.id)));

export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => json(await updateToken(params.id, await readBody(request, tokenUpdateSchema), actor(locals))));

export const DELETE: RequestHandler = ({ params }) =>
	handle(async () => {
		await deleteToken(params.id);
		return new Response(null, { status: 204 });
	});
