import { json } from '@sveltejs/kit';
import { variableSchema } from '$lib/schemas/variable';
import { encrypt } from '$lib/server/crypto/enc';
import { getRuntime } from '$lib/server/runtime';
import { insertVariable, listVariables } from '$lib/server/store/queries/variables';
import { actor, handle, readBody } from '$lib/server/api';
import { variableJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ variables: (await listVariables(getRuntime().db)).map(variableJson) });

/** Secret values are encrypted at rest and never returned. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const b = await readBody(request, variableSchema);
		const rt = getRuntime();
		const user = actor(locals);
		const row = await insertVariable(rt.db, {
			key: b.key,
			value: b.secret ? encrypt(b.value, rt.key) : b.value,
			description: b.description,
			secret: b.secret,
			createdBy: user,
			updatedBy: user
		});
		await rt.bus.publish('variables.changed', { key: row.key });
		return json(variableJson(row), { status: 201 });
	});
