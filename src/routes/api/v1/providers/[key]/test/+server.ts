import { json } from '@sveltejs/kit';
import { providerTestSchema } from '$lib/schemas/provider';
import { testStoredProvider } from '$lib/server/admin/providers';
import { handle, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** A one-token request through the live provider: `{ok, latency_ms, model, error?}` (200 even when the upstream fails). */
export const POST: RequestHandler = ({ params, request }) =>
	handle(async () => json(await testStoredProvider(params.key, (await readBody(request, providerTestSchema)).model)));
