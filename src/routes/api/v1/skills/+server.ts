import { json } from '@sveltejs/kit';
import { skillSchema } from '$lib/schemas/skill';
import { getRuntime } from '$lib/server/runtime';
import { insertSkill, listSkills } from '$lib/server/store/queries/skills';
import { actor, handle, readBody } from '$lib/server/api';
import { skillJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ skills: (await listSkills(getRuntime().db)).map(skillJson) });

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const b = await readBody(request, skillSchema);
		const user = actor(locals);
		const row = await insertSkill(getRuntime().db, { name: b.name, description: b.description, systemPrompt: b.system_prompt, tools: b.tools, createdBy: user, updatedBy: user });
		return json(skillJson(row), { status: 201 });
	});
