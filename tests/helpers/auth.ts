/** Sign-in helpers for the integration tests: form posts as a browser sends them, session cookies. */
import { expect } from 'vitest';

export interface FormPostOptions {
	cookie?: string;
	/** Default text/html (a document form post); application/json makes it an enhanced (use:enhance) post. */
	accept?: string;
	origin?: string;
	headers?: Record<string, string>;
}

/** A same-origin urlencoded form post, redirects not followed. */
export function formPost(baseUrl: string, path: string, fields: Record<string, string>, opts: FormPostOptions = {}): Promise<Response> {
	return fetch(`${baseUrl}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: opts.accept ?? 'text/html',
			origin: opts.origin ?? baseUrl,
			...(opts.cookie ? { cookie: opts.cookie } : {}),
			...opts.headers
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** The raw Set-Cookie line for at_session, if the response sets it. */
export function sessionSetCookie(res: Response): string | undefined {
	return res.headers.getSetCookie().find((c) => c.startsWith('at_session='));
}

/** `at_session=<token>` from a response that signs in. */
export function sessionCookie(res: Response): string {
	const line = sessionSetCookie(res);
	expect(line, 'the response sets at_session').toBeTruthy();
	return line!.split(';')[0];
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
	const res = await formPost(baseUrl, '/login', { username, password });
	expect(res.status, `login as ${username}`).toBe(303);
	return sessionCookie(res);
}

export function get(baseUrl: string, path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...headers } });
}

/** JSON request to /api/v1 with a session cookie or `Bearer <token>`. */
export type Json = Record<string, unknown> & { message?: string };

export async function apiCall<T = Json>(
	baseUrl: string,
	auth: { cookie?: string; bearer?: string },
	method: string,
	path: string,
	body?: unknown
): Promise<{ status: number; json: T; res: Response }> {
	const res = await fetch(`${baseUrl}/api/v1${path}`, {
		method,
		headers: {
			'content-type': 'application/json',
			...(auth.cookie ? { cookie: auth.cookie } : {}),
			...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {})
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await res.text();
	let json: unknown = undefined;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: res.status, json: json as T, res };
}
