import { json } from '@sveltejs/kit';
import { providerUpdateSchema } from '$lib/schemas/provider';
import { deleteProvider, getProvider, updateProvider } from '$lib/server/admin/providers';
import { actor, handle, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => handle(async () => json(await getProvider(params.key)));

export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => json(await updateProvider(params.key, await readBody(request, providerUpdateSchema), actor(locals))));

export const DELETE: RequestHandler = ({ params }) =>
	handle(async () => {
		await deleteProvider(params.key);
		return new Response(null, { status: 204 });
	});
