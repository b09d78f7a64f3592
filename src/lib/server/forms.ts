import type { ActionFailure } from '@sveltejs/kit';
import { fail, type SuperValidated } from 'sveltekit-superforms';
import type { z } from 'zod';
import type { FormMessage } from '$lib/forms';
import { ApiError, FieldError, isUniqueViolation } from './api';

/**
 * Form actions call the same services as /api/v1 and turn what those throw into a failed superform
 * whose message is a `FormMessage`. A `FieldError` lands under its field; any other ApiError is read
 * as "path: message; path: message" (as `issueText` writes it): a part whose path names a field of
 * the form becomes that field's error, the rest the form's message.
 */
type AnyForm = SuperValidated<Record<string, unknown>, FormMessage>;

export interface FailureOptions {
	/** The field (the name or key) that shows a database unique violation. */
	unique?: string;
	/** Service paths, or their first segment, that another form field shows (`extra_headers` → `header_value`). */
	alias?: Record<string, string>;
	/** The form's fields are hidden (a button's form): the whole error is the form's message. */
	formLevel?: boolean;
}

const statusOf = (status: number) => (status >= 400 && status <= 599 ? status : 400);

function failed<F extends AnyForm>(form: F, status: number, fields: [string, string][], rest: string[]): ActionFailure<{ form: F }> {
	const errors = form.errors as Record<string, string[] | undefined>;
	for (const [field, text] of fields) errors[field] = [...(errors[field] ?? []), text];
	form.valid = false;
	form.message = { type: 'error', text: rest.length ? rest.join('; ') : 'Check the highlighted fields.' };
	return fail(statusOf(status), { form });
}

/**
 * Turns a service failure into the action's failed form (with the error's status, 409 for a unique
 * violation). Errors that are not ApiErrors are rethrown (SvelteKit's error page).
 */
export function formFailure<F extends AnyForm>(form: F, e: unknown, { unique, alias = {}, formLevel = false }: FailureOptions = {}): ActionFailure<{ form: F }> {
	if (isUniqueViolation(e)) return unique ? failed(form, 409, [[unique, 'this name is already taken']], []) : failed(form, 409, [], ['a resource with this name already exists']);
	if (!(e instanceof ApiError)) throw e;
	const field = (path: string, nested: boolean) => {
		// The provider API nests its settings under `config`; the form has them at the top level.
		const p = path.replace(/^config\./, '');
		const segments = p.split('.');
		const aliased = alias[p] ?? alias[segments[0]];
		if (aliased) return aliased;
		// A FieldError may name a nested field (`data.host`) that a flat page form has under its last segment.
		return [p, nested ? segments.at(-1) : undefined, segments[0]].find((k) => k !== undefined && k in form.data);
	};
	const parts =
		e instanceof FieldError
			? [{ path: e.field, text: e.text, raw: e.message, nested: true }]
			: e.message.split('; ').map((raw) => {
					const m = /^([A-Za-z0-9_.[\]-]+): (.+)$/s.exec(raw);
					return { path: m?.[1], text: m?.[2] ?? raw, raw, nested: false };
				});
	const fields: [string, string][] = [];
	const rest: string[] = [];
	for (const part of parts) {
		const f = part.path && !formLevel ? field(part.path, part.nested) : undefined;
		if (f) fields.push([f, part.text]);
		else rest.push(part.raw);
	}
	return failed(form, e.status, fields, rest);
}

/** Field errors found before a service is called (`{field: message}`): the failed form, or null when there are none. */
export function fieldFailure<F extends AnyForm>(form: F, errors: Partial<Record<string, string>>): ActionFailure<{ form: F }> | null {
	const fields = Object.entries(errors).filter((e): e is [string, string] => !!e[1]);
	return fields.length ? failed(form, 400, fields, []) : null;
}

/** A successful action's answer: the form with its success message, plus any data the page shows. */
export function saved<F extends AnyForm, X extends Record<string, unknown> = Record<never, never>>(form: F, text: string, extra?: X): { form: F } & X {
	form.message = { type: 'success', text };
	return { form, ...(extra as X) };
}

/** For small forms without superforms (a row's delete button): `{message}` with the error's status. */
export async function plainAction<T>(fn: () => Promise<T>): Promise<T | ActionFailure<{ message: string }>> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof ApiError) return fail(statusOf(e.status), { message: e.message });
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
