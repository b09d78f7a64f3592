import { error, fail, redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { exampleArgs } from '$lib/components/resources/json';
import { parseJsonObject } from '$lib/schemas/forms';
import { handlerTestFormSchema, skillFormSchema, skillToolFormSchema, skillToolRefSchema } from '$lib/schemas/skill';
import { actor } from '$lib/server/api';
import { formFailure, saved } from '$lib/server/forms';
import { deleteSkill, deleteSkillTool, execEnabled, saveSkillTool, skill, testToolHandler, updateSkill } from '$lib/server/workflow/skills';
import type { Actions, PageServerLoad } from './$types';

const settingsSchema = zod4(skillFormSchema);
const toolSchema = zod4(skillToolFormSchema);
const testSchema = zod4(handlerTestFormSchema);
const gone = () => error(404, 'This skill does not exist (it may have been deleted).');

/** `?tool=<name>` selects the tool to edit (default: the first), `?tool=new` adds one. */
export const load: PageServerLoad = async ({ params, url }) => {
	const s = await skill(params.id);
	if (!s) gone();
	const wanted = url.searchParams.get('tool');
	const tool = wanted === 'new' ? undefined : (s!.tools.find((t) => t.name === wanted) ?? s!.tools[0]);
	const pretty = (v: unknown) => JSON.stringify(v, null, 2);
	const [settingsForm, toolForm, testForm] = await Promise.all([
		superValidate({ name: s!.name, description: s!.description, system_prompt: s!.systemPrompt }, settingsSchema, { id: 'skill-settings' }),
		superValidate(tool ? { previous_name: tool.name, name: tool.name, description: tool.description, input_schema: pretty(tool.input_schema), handler: tool.handler, handler_type: tool.handler_type } : {}, toolSchema, { id: 'skill-tool', errors: false }),
		superValidate({ handler: tool?.handler ?? '', handler_type: tool?.handler_type ?? 'js', args: pretty(exampleArgs(tool?.input_schema)) }, testSchema, { id: 'skill-test', errors: false })
	]);
	return {
		skill: { id: s!.id, name: s!.name, description: s!.description, tools: s!.tools.map((t) => ({ name: t.name, description: t.description, type: t.handler_type })), updatedAt: s!.updatedAt.toISOString() },
		tool: tool?.name ?? null,
		settingsForm,
		toolForm,
		testForm,
		execEnabled: execEnabled()
	};
};

export const actions: Actions = {
	settings: async ({ params, request, locals }) => {
		const form = await superValidate(request, settingsSchema, { id: 'skill-settings' });
		if (!form.valid) return fail(400, { form });
		try {
			if (!(await updateSkill(params.id, form.data, actor(locals)))) gone();
		} catch (e) {
			return formFailure(form, e, { unique: 'name' });
		}
		return saved(form, 'Skill saved.');
	},
	saveTool: async ({ params, request, locals }) => {
		const form = await superValidate(request, toolSchema, { id: 'skill-tool' });
		if (!form.valid) return fail(400, { form });
		const { previous_name, input_schema, ...tool } = form.data;
		try {
			if (!(await saveSkillTool(params.id, previous_name || null, { ...tool, input_schema: parseJsonObject(input_schema) }, actor(locals)))) gone();
		} catch (e) {
			return formFailure(form, e, { unique: 'name' });
		}
		redirect(303, `${base}/skills/${params.id}?tool=${encodeURIComponent(tool.name)}`);
	},
	deleteTool: async ({ params, request, locals }) => {
		const form = await superValidate(request, zod4(skillToolRefSchema));
		if (!form.valid) return fail(400, { form });
		if (!(await deleteSkillTool(params.id, form.data.name, actor(locals)))) gone();
		redirect(303, `${base}/skills/${params.id}`);
	},
	test: async ({ request }) => {
		const form = await superValidate(request, testSchema, { id: 'skill-test' });
		if (!form.valid) return fail(400, { form });
		const r = await testToolHandler({ handler: form.data.handler, handler_type: form.data.handler_type, args: parseJsonObject(form.data.args) }, request.signal);
		return message(form, { type: r.error ? 'error' : 'success', text: r.error ?? 'The handler returned.', data: { ...r } });
	},
	delete: async ({ params }) => {
		if (!(await deleteSkill(params.id))) gone();
		redirect(303, `${base}/skills`);
	}
};
