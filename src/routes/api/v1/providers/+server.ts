import { json } from '@sveltejs/kit';
import { providerCreateSchema } from '$lib/schemas/provider';
import { createProvider, listProviders } from '$lib/server/admin/providers';
import { actor, handle, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => handle(async () => json({ providers: await listProviders() }));

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => json(await createProvider(await readBody(request, providerCreateSchema), actor(locals)), { status: 201 }));
