import { json } from '@sveltejs/kit';
import { skillSchema } from '$lib/schemas/skill';
import { actor, handle, readBody } from '$lib/server/api';
import { skillJson } from '$lib/server/workflow/serialize';
import { createSkill, skills } from '$lib/server/workflow/skills';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ skills: (await skills()).map(skillJson) });

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => json(skillJson(await createSkill(await readBody(request, skillSchema), actor(locals))), { status: 201 }));
