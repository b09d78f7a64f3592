import { describe, expect, it } from 'vitest';
import type { SuperValidated } from 'sveltekit-superforms';
import type { FormMessage } from '$lib/forms';
import { ApiError, FieldError } from './api';
import { fieldFailure, formFailure, plainAction, saved } from './forms';

const form = (): SuperValidated<Record<string, unknown>, FormMessage> => ({
	id: 'f',
	valid: true,
	posted: true,
	data: { key: 'x', name: '', host: '', base_url: '', header_value: [] },
	errors: {}
});
const unique = () => Object.assign(new Error('dup'), { code: '23505' });

describe('form failures from service errors', () => {
	// Fails when a service error naming a field is shown as a generic message instead of under that field.
	it('puts the path parts of an ApiError under their fields and the rest in the message', () => {
		const f = form();
		const failure = formFailure(f, new ApiError(400, 'config.base_url: must be an http(s) URL; config.extra_headers.X-A: a value is required; something else'), {
			alias: { extra_headers: 'header_value' }
		});
		expect(failure.status).toBe(400);
		expect(f.valid).toBe(false);
		expect(f.errors).toEqual({ base_url: ['must be an http(s) URL'], header_value: ['a value is required'] });
		expect(f.message).toEqual({ type: 'error', text: 'something else' });
	});

	// Fails when a FieldError is split on its own "; " or "a: b" text, or a nested service path misses the flat form field.
	it('puts a FieldError under its field, a nested one under its last segment', () => {
		const f = form();
		expect(formFailure(f, new FieldError(409, 'name', 'tools.0: taken; tools.1: taken')).status).toBe(409);
		expect(f.errors).toEqual({ name: ['tools.0: taken; tools.1: taken'] });
		expect(f.message).toEqual({ type: 'error', text: 'Check the highlighted fields.' });
		const g = form();
		formFailure(g, new FieldError(400, 'data.host', 'an SMTP host is required'));
		expect(g.errors).toEqual({ host: ['an SMTP host is required'] });
		const h = form();
		formFailure(h, new FieldError(400, 'type', 'unknown node config type "x"'));
		expect(h.errors).toEqual({});
		expect(h.message).toEqual({ type: 'error', text: 'type: unknown node config type "x"' });
	});

	// Fails when a button's form (hidden fields) answers "Check the highlighted fields." with nothing to highlight.
	it('keeps the whole error as the message for a form whose fields are hidden', () => {
		const f = form();
		formFailure(f, new ApiError(400, 'base_url: no node "x" in this version'), { formLevel: true });
		expect(f.errors).toEqual({});
		expect(f.message).toEqual({ type: 'error', text: 'base_url: no node "x" in this version' });
	});

	// Fails when a conflict or upstream failure loses its status, or a database unique violation escapes as a 500.
	it('keeps the status and maps unique violations to 409', () => {
		const f = form();
		expect(formFailure(f, new ApiError(502, 'cannot list the models')).status).toBe(502);
		expect(f.message).toEqual({ type: 'error', text: 'cannot list the models' });
		expect(formFailure(form(), new ApiError(200, 'odd')).status).toBe(400);
		const plain = formFailure(form(), unique());
		expect(plain.status).toBe(409);
		expect(plain.data.form.message?.text).toBe('a resource with this name already exists');
		const named = formFailure(form(), unique(), { unique: 'name' });
		expect(named.status).toBe(409);
		expect(named.data.form.errors).toEqual({ name: ['this name is already taken'] });
		expect(formFailure(form(), new ApiError(409, 'key: taken')).data.form.errors).toEqual({ key: ['taken'] });
	});

	// Fails when a programming error is swallowed as a form message.
	it('rethrows errors that are not ApiErrors', () => {
		expect(() => formFailure(form(), new TypeError('bug'))).toThrow('bug');
	});

	// Fails when errors found before the service call do not fail the form, or an empty set does.
	it('fails a form on field errors found before the service call', () => {
		expect(fieldFailure(form(), {})).toBeNull();
		const f = form();
		expect(fieldFailure(f, { base_url: 'must be an http(s) URL', host: undefined })?.status).toBe(400);
		expect(f.errors).toEqual({ base_url: ['must be an http(s) URL'] });
		expect(f.valid).toBe(false);
	});

	// Fails when a success message is not the FormMessage the pages toast, or the page's extra data is lost.
	it('answers a saved form with a success message and extra data', () => {
		const f = form();
		expect(saved(f, 'Saved x.', { created: 1 })).toEqual({ form: f, created: 1 });
		expect(f.message).toEqual({ type: 'success', text: 'Saved x.' });
	});
});

describe('small actions without superforms', () => {
	// Fails when a refused row action loses its status or message, or a programming error becomes a 4xx.
	it('answers ApiErrors with {message} and rethrows the rest', async () => {
		expect(await plainAction(async () => ({ deleted: 'x' }))).toEqual({ deleted: 'x' });
		expect(await plainAction(() => Promise.reject(new ApiError(409, 'read-only')))).toMatchObject({ status: 409, data: { message: 'read-only' } });
		await expect(plainAction(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
	});
});
