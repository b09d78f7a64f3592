import { json } from '@sveltejs/kit';
import { variableUpdateSchema } from '$lib/schemas/variable';
import { encrypt } from '$lib/server/crypto/enc';
import { REDACTED } from '$lib/server/crypto/secrets';
import { getRuntime } from '$lib/server/runtime';
import { deleteVariable, getVariable, updateVariable } from '$lib/server/store/queries/variables';
import { actor, apiError, handle, notFound, readBody } from '$lib/server/api';
import { variableJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const v = await getVariable(getRuntime().db, params.id);
	return v ? json(variableJson(v)) : notFound('variable');
};

/** A blank (or "***") value on a secret variable keeps the stored value; making a secret public needs a new value. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const b = await readBody(request, variableUpdateSchema);
		const rt = getRuntime();
		const v = await getVariable(rt.db, params.id);
		if (!v) return notFound('variable');
		const secret = b.secret ?? v.secret;
		const keep = b.value === undefined || (v.secret && (b.value === '' || b.value === REDACTED));
		if (v.secret && !secret && keep) return apiError(400, 'value: give a new value when a secret variable stops being secret');
		let value: string;
		if (keep) value = secret && !v.secret ? encrypt(v.value, rt.key) : v.value;
		else value = secret ? encrypt(b.value!, rt.key) : b.value!;
		const row = await updateVariable(rt.db, v.id, {
			...(b.key !== undefined ? { key: b.key } : {}),
			...(b.description !== undefined ? { description: b.description } : {}),
			secret,
			value,
			updatedBy: actor(locals)
		});
		await rt.bus.publish('variables.changed', { key: row!.key });
		return json(variableJson(row!));
	});

export const DELETE: RequestHandler = async ({ params }) => {
	const rt = getRuntime();
	if (!(await deleteVariable(rt.db, params.id))) return notFound('variable');
	await rt.bus.publish('variables.changed', { id: params.id });
	return new Response(null, { status: 204 });
};
