import { json } from '@sveltejs/kit';
import { skillUpdateSchema } from '$lib/schemas/skill';
import { getRuntime } from '$lib/server/runtime';
import { deleteSkill, getSkill, updateSkill } from '$lib/server/store/queries/skills';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { skillJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const s = await getSkill(getRuntime().db, params.id);
	return s ? json(skillJson(s)) : notFound('skill');
};

export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const b = await readBody(request, skillUpdateSchema);
		const row = await updateSkill(getRuntime().db, params.id, {
			...(b.name !== undefined ? { name: b.name } : {}),
			...(b.description !== undefined ? { description: b.description } : {}),
			...(b.system_prompt !== undefined ? { systemPrompt: b.system_prompt } : {}),
			...(b.tools !== undefined ? { tools: b.tools } : {}),
			updatedBy: actor(locals)
		});
		return row ? json(skillJson(row)) : notFound('skill');
	});

export const DELETE: RequestHandler = async ({ params }) =>
	(await deleteSkill(getRuntime().db, params.id)) ? new Response(null, { status: 204 }) : notFound('skill');
