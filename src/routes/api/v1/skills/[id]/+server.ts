import { json } from '@sveltejs/kit';
import { skillUpdateSchema } from '$lib/schemas/skill';
import { actor, handle, notFound, readBody } from '$lib/server/api';
import { skillJson } from '$lib/server/workflow/serialize';
import { deleteSkill, skill, updateSkill } from '$lib/server/workflow/skills';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const s = await skill(params.id);
	return s ? json(skillJson(s)) : notFound('skill');
};

export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const row = await updateSkill(params.id, await readBody(request, skillUpdateSchema), actor(locals));
		return row ? json(skillJson(row)) : notFound('skill');
	});

export const DELETE: RequestHandler = async ({ params }) => ((await deleteSkill(params.id)) ? new Response(null, { status: 204 }) : notFound('skill'));
