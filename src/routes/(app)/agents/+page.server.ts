import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { agentFormSchema, mcpLines } from '$lib/schemas/agent';
import { idFormSchema } from '$lib/schemas/forms';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { agentViews, createAgent, deleteAgent, modelChoices, updateAgent } from '$lib/server/workflow/agents';
import { skills } from '$lib/server/workflow/skills';
import type { Actions, PageServerLoad } from './$types';

const schema = zod4(agentFormSchema);

export const load: PageServerLoad = async ({ url }) => {
	const [list, skillRows] = await Promise.all([agentViews(), skills()]);
	const editing = list.find((a) => a.id === url.searchParams.get('edit'));
	const initial = editing ? { ...editing, mcp_urls: editing.mcp_urls.join('\n') } : {};
	const form = await superValidate(initial, schema, { errors: false, id: 'agent' });
	const skillChoices = skillRows.map((s) => ({ id: s.id, name: s.name, description: s.description, tools: s.tools.length }));
	return { agents: list, form, providers: modelChoices(), skills: skillChoices, editor: editing ? ('edit' as const) : url.searchParams.has('new') ? ('new' as const) : null, editing };
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await superValidate(request, schema, { id: 'agent' });
		if (!form.valid) return fail(400, { form });
		const { id, ...input } = form.data;
		const agent = { ...input, mcp_urls: mcpLines(input.mcp_urls) };
		try {
			const row = id ? await updateAgent(id, agent, actor(locals)) : await createAgent(agent, actor(locals));
			if (!row) return message(form, { type: 'error', text: 'This agent no longer exists.' }, { status: 404 });
			form.data.id = row.id;
			return saved(form, `Saved ${row.name}.`);
		} catch (e) {
			return formFailure(form, e, { unique: 'name' });
		}
	},
	delete: async ({ request }) => {
		const form = await superValidate(request, zod4(idFormSchema));
		if (!form.valid) return fail(400, { form });
		if (!(await deleteAgent(form.data.id))) return message(form, { type: 'error', text: 'This agent no longer exists.' }, { status: 404 });
		return saved(form, 'Agent deleted.');
	}
};
