import { json } from '@sveltejs/kit';
import { discoverModelsSchema } from '$lib/schemas/provider';
import { discoverProviderModels } from '$lib/server/admin/providers';
import { handle, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request }) =>
	handle(async () => json({ models: await discoverProviderModels(await readBody(request, discoverModelsSchema)) }));
