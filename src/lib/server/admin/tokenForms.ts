import { base } from '$app/paths';
import { fail } from '@sveltejs/kit';
import { superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { tokenCreateSchema, tokenUpdateSchema } from '$lib/schemas/token';
import { tokenFormSchema, tokenFormToBody, tokenToForm, type TokenForm } from '$lib/schemas/tokenForm';
import { ApiError, actor, issueText } from '../api';
import { attempt } from '../forms';
import { usageByToken } from '../gateway/usageReport';
import { createToken, listTokens, tokenScopeOptions, updateToken } from './tokens';

/** The tokens page's loads and form actions over the api-tokens services. */
type Form = SuperValidated<TokenForm, string>;
export const CREATE_FORM = 'token-create';
export const EDIT_FORM = 'token-edit';
const USAGE_DAYS = 30;

// Service messages name API fields; these are the form fields that show them.
const ALIAS: Record<string, string> = { expires_at: 'expires_on', budget_period: 'budget_usd', allowed_providers: 'allowed_models' };

export async function tokensPage(url: URL) {
	const [tokens, usage, options] = await Promise.all([listTokens(), usageByToken(USAGE_DAYS), tokenScopeOptions()]);
	const editId = url.searchParams.get('edit');
	const editing = editId ? tokens.find((t) => t.id === editId && !t.read_only) : undefined;
	return {
		tokens: tokens.map((t) => ({ ...t, usage: t.source === 'database' ? (usage.get(t.id) ?? { requests: 0, tokens: 0, cost: 0, errors: 0 }) : null })),
		usageDays: USAGE_DAYS,
		options,
		createForm: await superValidate(zod4(tokenFormSchema), { id: CREATE_FORM }),
		editForm: await superValidate(editing ? tokenToForm(editing) : {}, zod4(tokenFormSchema), { id: EDIT_FORM, errors: false }),
		editing: editing?.id ?? null,
		showNew: url.searchParams.has('new'),
		gatewayUrl: `${url.origin}${base}/gateway/v1`
	};
}

function applyErrors(form: Form, errors: Partial<Record<keyof TokenForm, string>>): boolean {
	const entries = Object.entries(errors);
	for (const [field, msg] of entries) (form.errors as Record<string, string[]>)[field] = [msg];
	if (entries.length) {
		form.valid = false;
		form.message = 'Check the highlighted fields.';
	}
	return entries.length > 0;
}

/** `?/create`: the plaintext comes back in this answer only. */
export async function createTokenAction(request: Request, locals: App.Locals) {
	const form: Form = await superValidate(request, zod4(tokenFormSchema), { id: CREATE_FORM });
	if (!form.valid) return fail(400, { form });
	const { body, errors } = tokenFormToBody(form.data);
	if (applyErrors(form, errors)) return fail(400, { form });
	const r = await attempt(
		form,
		async () => {
			const parsed = tokenCreateSchema.safeParse(body);
			if (!parsed.success) throw new ApiError(400, issueText(parsed.error.issues));
			return createToken(parsed.data, actor(locals));
		},
		ALIAS
	);
	if (!r.ok) return r.failure;
	form.message = `Token "${r.value.info.name}" created.`;
	return { form, created: { token: r.value.token, name: r.value.info.name, id: r.value.info.id } };
}

/** `?/update`: name, scopes, expiry and limits; the token itself never changes. */
export async function updateTokenAction(request: Request, locals: App.Locals) {
	const form: Form = await superValidate(request, zod4(tokenFormSchema), { id: EDIT_FORM });
	if (!form.valid) return fail(400, { form });
	if (!form.data.id) {
		form.message = 'Which token? The form lost its id; reload the page.';
		return fail(400, { form });
	}
	const { body, errors } = tokenFormToBody(form.data);
	if (applyErrors(form, errors)) return fail(400, { form });
	const r = await attempt(
		form,
		async () => {
			const parsed = tokenUpdateSchema.safeParse(body);
			if (!parsed.success) throw new ApiError(400, issueText(parsed.error.issues));
			return updateToken(form.data.id, parsed.data, actor(locals));
		},
		ALIAS
	);
	if (!r.ok) return r.failure;
	form.message = `Token "${r.value.name}" saved: the gateway applies it at once.`;
	return { form };
}
