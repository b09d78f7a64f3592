import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { errorMessage } from './log';
import { getRuntime } from './runtime';

/**
 * The management API's conventions (SPEC §7): `{message}` errors with a 4xx/5xx status, JSON bodies
 * validated with the shared zod schemas. Services throw ApiError (or a subclass) to answer with a
 * status; `handle` turns it into the response.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/**
 * A service error about one input field. The API answers it like any ApiError (`{message}`); a page
 * action shows it under the field (`formFailure` in forms.ts).
 */
export class FieldError extends ApiError {
	constructor(
		status: number,
		readonly field: string,
		readonly text: string
	) {
		super(status, `${field}: ${text}`);
		this.name = 'FieldError';
	}
}

export function apiError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
	return json({ message, ...extra }, { status });
}

export function notFound(what: string): Response {
	return apiError(404, `${what} not found`);
}

export function issueText(issues: z.core.$ZodIssue[]): string {
	return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Reads and validates a JSON body: 413 over the server body limit, 400 for malformed JSON or invalid fields. */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
	const limit = getRuntime().config.server.body_limit;
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit) throw new ApiError(413, `the request body is larger than ${limit} bytes`);
	const text = await request.text();
	if (Buffer.byteLength(text) > limit) throw new ApiError(413, `the request body is larger than ${limit} bytes`);
	let raw: unknown = {};
	if (text.trim()) {
		try {
			raw = JSON.parse(text);
		} catch (e) {
			throw new ApiError(400, `malformed JSON: ${errorMessage(e)}`);
		}
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) throw new ApiError(400, issueText(parsed.error.issues));
	return parsed.data;
}

export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.output<T> {
	const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) throw new ApiError(400, issueText(parsed.error.issues));
	return parsed.data;
}

/** Runs a route body, turning ApiErrors and unique violations into `{message}` responses. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof ApiError) return apiError(e.status, e.message, e.extra);
		if (isUniqueViolation(e)) return apiError(409, 'a resource with this name already exists');
		throw e;
	}
}

export function isUniqueViolation(e: unknown): boolean {
	const err = e as { code?: string; cause?: { code?: string } };
	return err?.code === '23505' || err?.cause?.code === '23505';
}

/** The name written to created_by / updated_by. */
export function actor(locals: App.Locals): string {
	return locals.user?.username ?? 'api';
}
