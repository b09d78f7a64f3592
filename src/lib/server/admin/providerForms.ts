import { base } from '$app/paths';
import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { providerCreateSchema, providerUpdateSchema, type ProviderJson } from '$lib/schemas/provider';
import { providerDiscoverFormSchema, providerFormSchema, providerFormToConfig, providerToForm, type ProviderForm } from '$lib/schemas/providerForm';
import type { FormMessage } from '$lib/forms';
import { findPreset } from '$lib/providerPresets';
import { ApiError, actor, issueText } from '../api';
import { fieldFailure, formFailure, saved } from '../forms';
import { registry } from '../gateway';
import { providerModels } from '../gateway/models';
import { configProviderKeys } from './providerStatus';
import { createProvider, discoverProviderModels, getProvider, updateProvider } from './providers';

/**
 * The provider pages' form actions over the admin services. Posted secrets (API key, header values)
 * are never sent back in the returned form: the page does not bind those inputs, so they keep what
 * was typed, and no secret ends up in a server-rendered page.
 */
type Form = SuperValidated<ProviderForm, FormMessage>;

// Service messages name API paths; these are the form fields that show them.
const ALIAS: Record<string, string> = { extra_headers: 'header_value', models: 'models_text', config: 'base_url' };

function withoutSecrets(form: Form): ProviderForm {
	const posted = { ...form.data, header_name: [...form.data.header_name], header_value: [...form.data.header_value] };
	form.data.api_key = '';
	form.data.header_value = form.data.header_value.map(() => '');
	return posted;
}

/** What /providers/new starts from: a preset (`?preset=`), a config-file provider to override (`?from=`), or nothing. */
export async function newProviderForm(url: URL): Promise<{ form: Form; presetId: string | null; from: ProviderJson | null }> {
	const preset = findPreset(url.searchParams.get('preset') ?? '');
	const fromKey = url.searchParams.get('from');
	const from = fromKey && configProviderKeys().includes(fromKey) ? await getProvider(fromKey) : null;
	const data: Partial<ProviderForm> = from
		? providerToForm(from)
		: preset
			? { key: preset.id, type: preset.type, base_url: preset.baseUrl, model: preset.models[0] ?? '' }
			: {};
	return { form: await superValidate(data, zod4(providerFormSchema), { errors: false }), presetId: preset?.id ?? null, from };
}

/** The edit page: the form, the provider, and the models a connection test can try. */
export async function editProviderForm(key: string) {
	let provider: ProviderJson;
	try {
		provider = await getProvider(key);
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) error(404, e.message);
		throw e;
	}
	const entry = registry().get(key);
	return {
		form: await superValidate(providerToForm(provider), zod4(providerFormSchema), { errors: false }),
		provider,
		live: !!entry,
		testModels: entry ? providerModels(entry) : []
	};
}

/** A config-file provider's stored header names and routes (kept when a database override is created). */
async function overridden(key: string): Promise<ProviderJson | null> {
	return configProviderKeys().includes(key) ? getProvider(key) : null;
}

/** `?/save` on /providers/new: creates the provider (or a database override of an at.yaml one), then opens it. */
export async function createProviderAction(request: Request, locals: App.Locals) {
	const form: Form = await superValidate(request, zod4(providerFormSchema));
	const posted = withoutSecrets(form);
	if (!form.valid) return fail(400, { form });
	const file = await overridden(posted.key);
	const { config, errors } = providerFormToConfig(posted, file?.extra_header_names);
	const invalid = fieldFailure(form, errors);
	if (invalid) return invalid;
	try {
		const body = providerCreateSchema.safeParse({ key: posted.key, config: { ...config, routes: file?.config.routes ?? {} } });
		if (!body.success) throw new ApiError(400, issueText(body.error.issues));
		await createProvider(body.data, actor(locals));
	} catch (e) {
		return formFailure(form, e, { alias: ALIAS });
	}
	redirect(303, `${base}/providers/${encodeURIComponent(posted.key)}?created=1`);
}

/** `?/save` on /providers/[key]: blank secrets keep the stored ones; routes are left as they are. */
export async function updateProviderAction(key: string, request: Request, locals: App.Locals) {
	const form: Form = await superValidate(request, zod4(providerFormSchema));
	const posted = withoutSecrets(form);
	form.data.key = key;
	if (!form.valid) return fail(400, { form });
	const current = await getProvider(key);
	const { config, errors } = providerFormToConfig(posted, current.extra_header_names);
	const invalid = fieldFailure(form, errors);
	if (invalid) return invalid;
	try {
		const body = providerUpdateSchema.safeParse({ config });
		if (!body.success) throw new ApiError(400, issueText(body.error.issues));
		await updateProvider(key, body.data, actor(locals));
		return saved(form, `${key} saved: the gateway uses it now.`);
	} catch (e) {
		return formFailure(form, e, { alias: ALIAS });
	}
}

/**
 * `?/discover`: lists the upstream's models with the form's connection settings. On a saved provider
 * (or an at.yaml one being overridden) blank secrets are the stored ones.
 */
export async function discoverProviderAction(request: Request, savedKey?: string) {
	const form: Form = await superValidate(request, zod4(providerDiscoverFormSchema));
	const posted = withoutSecrets(form);
	const relevant = ['type', 'base_url', 'proxy', 'header_name', 'header_value', 'api_key'];
	const errs = form.errors as Record<string, string[] | undefined>;
	for (const f of Object.keys(errs)) if (!relevant.includes(f)) delete errs[f];
	form.valid = Object.keys(errs).length === 0;
	if (!form.valid) return fail(400, { form, discovered: null });
	const key = savedKey ?? (configProviderKeys().includes(posted.key) ? posted.key : undefined);
	const stored = key ? (await getProvider(key)).extra_header_names : [];
	const { config, errors } = providerFormToConfig(posted, stored);
	delete errors.model;
	const invalid = fieldFailure(form, errors);
	if (invalid) return invalid;
	try {
		const models = await discoverProviderModels({ key, config });
		return saved(form, models.length ? `Found ${models.length} models.` : 'The API listed no models.', { discovered: models });
	} catch (e) {
		return formFailure(form, e, { alias: ALIAS });
	}
}
