import { json } from '@sveltejs/kit';
import { userCreateSchema } from '$lib/schemas/auth';
import { handle, readBody } from '$lib/server/api';
import { createUserAccount, listUserAccounts, userJson } from '$lib/server/auth/users';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ users: await listUserAccounts(getRuntime().db) });

/** `{username, password?, role}`; without a password the user can only sign in through forward-auth. */
export const POST: RequestHandler = ({ request }) =>
	handle(async () => {
		const body = await readBody(request, userCreateSchema);
		return json(userJson(await createUserAccount(getRuntime().db, body)), { status: 201 });
	});
