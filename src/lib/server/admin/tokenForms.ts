import { base } from '$app/paths';
import { fail } from '@sveltejs/kit';
import { message, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import type { FormMessage } from '$lib/forms';
import { tokenCreateSchema, tokenUpdateSchema } from '$lib/schemas/token';
import { tokenFormSchema, tokenFormToBody, tokenToForm, type TokenForm } from '$lib/schemas/tokenForm';
import { ApiError, actor, issueText } from '../api';
import { fieldFailure, formFailure, saved } from '../forms';
import { usageByToken } from '../gateway/usageReport';
import { createToken, listTokens, tokenScopeOptions, updateToken } from './tokens';

/** The tokens page's loads and form actions over the api-tokens services. */
type Form = SuperValidated<TokenForm, FormMessage>;
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

/** `?/create`: the plaintext comes back in this answer only. */
export async function createTokenAction(request: Request, locals: App.Locals) {
	const form: Form = await superValidate(request, zod4(tokenFormSchema), { id: CREATE_FORM });
	if (!form.valid) return fail(400, { form });
	const { body, errors } = tokenFormToBody(form.data);
	const invalid = fieldFailure(form, errors);
	if (invalid) return invalid;
	try {
		const parsed = tokenCreateSchema.safeParse(body);
		if (!parsed.success) throw new ApiError(400, issueText(parsed.error.issues));
		const { token, info } = await createToken(parsed.data, actor(locals));
		return saved(form, `Token "${info.name}" created.`, { created: { token, name: info.name, id: info.id } });
	} catch (e) {
		return formFailure(form, e, { alias: ALIAS });
	}
}

/** `?/update`: name, scopes, expiry and limits; the token itself never changes. */
export async function updateTokenAction(request: Request, locals: App.Locals) {
	const form: Form = await superValidate(request, zod4(tokenFormSchema), { id: EDIT_FORM });
	if (!form.valid) return fail(400, { form });
	if (!form.data.id) return message(form, { type: 'error', text: 'Which token? The form lost its id; reload the page.' }, { status: 400 });
	const { body, errors } = tokenFormToBody(form.data);
	const invalid = fieldFailure(form, errors);
	if (invalid) return invalid;
	try {
		const parsed = tokenUpdateSchema.safeParse(body);
		if (!parsed.success) throw new ApiError(400, issueText(parsed.error.issues));
		const token = await updateToken(form.data.id, parsed.data, actor(locals));
		return saved(form, `Token "${token.name}" saved: the gateway applies it at once.`);
	} catch (e) {
		return formFailure(form, e, { alias: ALIAS });
	}
}
