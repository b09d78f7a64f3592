import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { ApiError, isUniqueViolation } from './api';
import type { FormMessage } from '$lib/forms';

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
