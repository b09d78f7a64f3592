import { json } from '@sveltejs/kit';
import { tokenCreateSchema } from '$lib/schemas/token';
import { createToken, listTokens } from '$lib/server/admin/tokens';
import { actor, handle, readBody } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => handle(async () => json({ tokens: await listTokens() }));

/** 201 `{token, info}`: the plaintext token is in this answer only. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => json(await createToken(await readBody(request, tokenCreateSchema), actor(locals)), { status: 201 }));
