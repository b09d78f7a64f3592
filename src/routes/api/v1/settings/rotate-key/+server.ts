import { json } from '@sveltejs/kit';
import { rotateKeySchema } from '$lib/schemas/settings';
import { rotateKey } from '$lib/server/admin/keyRotation';
import { handle, readBody } from '$lib/server/api';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request }) =>
	handle(async () => json(await rotateKey(getRuntime(), (await readBody(request, rotateKeySchema)).encryption_key)));
