import { json } from '@sveltejs/kit';
import { userUpdateSchema } from '$lib/schemas/auth';
import { handle, notFound, readBody } from '$lib/server/api';
import { deleteUserAccount, updateUserAccount, userJson } from '$lib/server/auth/users';
import { getUserById } from '$lib/server/store/queries/users';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const actorOf = (locals: App.Locals) => ({ userId: locals.user?.id, sessionId: locals.session?.id });

export const GET: RequestHandler = async ({ params }) => {
	const user = await getUserById(getRuntime().db, params.id);
	return user ? json(userJson(user)) : notFound('user');
};

/** Omitted fields and a blank password are kept; demoting the last admin is a 409. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const body = await readBody(request, userUpdateSchema);
		return json(userJson(await updateUserAccount(getRuntime().db, params.id, body, actorOf(locals))));
	});

/** Refused (409) for one's own account and for the last admin. */
export const DELETE: RequestHandler = ({ params, locals }) =>
	handle(async () => {
		await deleteUserAccount(getRuntime().db, params.id, actorOf(locals));
		return new Response(null, { status: 204 });
	});
