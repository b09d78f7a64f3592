import { fail, type ActionFailure } from '@sveltejs/kit';
import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import type { z } from 'zod';
import type { FormMessage } from '$lib/forms';
import { ApiError, isUniqueViolation } from './api';

/**
 * A service error about one input field. The API answers it like any ApiError (`{message}`); a page
 * action shows it under the field.
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

type AnyForm = SuperValidated<Record<string, unknown>, FormMessage>;
type AnyTextForm = SuperValidated<Record<string, unknown>, string>;

/**
 * Turns a service failure into the action's `fail(...)`: field errors under their field, a unique
 * violation under `unique` (the name/key field), any other ApiError as the form's error message.
 * Unknown errors are rethrown (SvelteKit's error page).
 */
export function actionFailure<F extends AnyForm>(form: F, e: unknown, unique?: string) {
	const f = form as AnyForm;
	if (e instanceof FieldError) {
		// Services name nested fields (`data.host`); flat page forms use the last segment.
		const field = [e.field, e.field.split('.').at(-1)!].find((k) => k in f.data);
		if (field) return setError(f, field as never, e.text, { status: e.status as 400 });
	}
	if (isUniqueViolation(e) && unique) return setError(f, unique as never, 'this name is already taken', { status: 409 });
	if (e instanceof ApiError) return message(f, { type: 'error', text: e.message }, { status: e.status as 400 });
	if (isUniqueViolation(e)) return message(f, { type: 'error', text: 'a resource with this name already exists' }, { status: 409 });
	throw e;
}

export const saved = <F extends AnyForm>(form: F, text: string) => message(form as AnyForm, { type: 'success', text });


/**
 * Form actions call the same services as /api/v1, which throw ApiError with messages of the form
 * "config.base_url: must be …; key: …". These helpers turn such an error into a failed form: a part
 * that names a field of the form becomes that field's error, the rest the form's message.
 */

export function formFailure<F extends AnyTextForm>(form: F, e: unknown, alias: Record<string, string> = {}): ActionFailure<{ form: F }> {
	if (isUniqueViolation(e)) e = new ApiError(409, 'a resource with this name already exists');
	if (!(e instanceof ApiError)) throw e;
	const errors = form.errors as Record<string, string[] | undefined>;
	const rest: string[] = [];
	for (const part of e.message.split('; ')) {
		const m = /^([A-Za-z0-9_.[\]-]+): (.+)$/s.exec(part);
		const path = m?.[1].replace(/^config\./, '');
		const first = path?.split('.')[0];
		const field = path && (alias[path] ?? (first && alias[first]) ?? (first && first in form.data ? first : undefined));
		if (m && field) errors[field] = [...(errors[field] ?? []), m[2]];
		else rest.push(part);
	}
	form.valid = false;
	form.message = rest.length ? rest.join('; ') : 'Check the highlighted fields.';
	return fail(e.status >= 400 && e.status <= 599 ? e.status : 400, { form });
}

/** Runs a service call for a form action: its value, or the failed form to return. */
export async function attempt<T, F extends AnyTextForm>(
	form: F,
	fn: () => Promise<T>,
	alias?: Record<string, string>
): Promise<{ ok: true; value: T } | { ok: false; failure: ActionFailure<{ form: F }> }> {
	try {
		return { ok: true, value: await fn() };
	} catch (e) {
		return { ok: false, failure: formFailure(form, e, alias) };
	}
}

/** For small forms without superforms (a row's delete button): `{message}` with the error's status. */
export async function plainAction<T>(fn: () => Promise<T>): Promise<T | ActionFailure<{ message: string }>> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof ApiError) return fail(e.status >= 400 && e.status <= 599 ? e.status : 400, { message: e.message });
		throw e;
	}
}

/**
 * Reads a small form's fields with a zod schema; invalid input is an ApiError(400). Form schemas
 * phrase their messages for people (naming the field), so the paths are left out.
 */
export async function readForm<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) throw new ApiError(400, parsed.error.issues.map((i) => i.message).join('; '));
	return parsed.data;
}
