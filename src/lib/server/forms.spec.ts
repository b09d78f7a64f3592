import { describe, expect, it } from 'vitest';
import type { SuperValidated } from 'sveltekit-superforms';
import { ApiError } from './api';
import { attempt, formFailure } from './forms';

const form = (): SuperValidated<Record<string, unknown>, string> => ({
	id: 'f',
	valid: true,
	posted: true,
	data: { key: 'x', base_url: '', header_value: [] },
	errors: {}
});

describe('form failures from service errors', () => {
	// Fails when a service error naming a field is shown as a generic message instead of under that field.
	it('puts field parts under their fields and the rest in the message', () => {
		const f = form();
		const failure = formFailure(f, new ApiError(400, 'config.base_url: must be an http(s) URL; config.extra_headers.X-A: a value is required; something else'), {
			extra_headers: 'header_value'
		});
		expect(failure.status).toBe(400);
		expect(f.valid).toBe(false);
		expect(f.errors).toEqual({ base_url: ['must be an http(s) URL'], header_value: ['a value is required'] });
		expect(f.message).toBe('something else');
	});

	// Fails when a conflict or upstream failure loses its status, or a database unique violation escapes as a 500.
	it('keeps the status and maps unique violations to 409', () => {
		const f = form();
		expect(formFailure(f, new ApiError(502, 'cannot list the models')).status).toBe(502);
		expect(f.message).toBe('cannot list the models');
		expect(formFailure(form(), Object.assign(new Error('dup'), { code: '23505' })).status).toBe(409);
		expect(formFailure(form(), new ApiError(409, 'key: taken')).data.form.errors).toEqual({ key: ['taken'] });
	});

	// Fails when a programming error is swallowed as a form message.
	it('rethrows errors that are not ApiErrors', async () => {
		expect(() => formFailure(form(), new TypeError('bug'))).toThrow('bug');
		await expect(attempt(form(), async () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
		expect(await attempt(form(), async () => 7)).toEqual({ ok: true, value: 7 });
	});
});
