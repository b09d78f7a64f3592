import { base } from '$app/paths';
import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/login';
import type { RequestHandler } from './$types';

/** A plain `<form method="POST" action="/logout">`: ends this session, clears the cookie, back to /login. */
export const POST: RequestHandler = async (event) => {
	await signOut(event);
	redirect(303, `${base}/login`);
};
