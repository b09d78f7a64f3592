/**
 * How a gateway token's scope reads to a person. Mirrors the gateway's rule (gateway/tokens.ts): no
 * list at all = unrestricted; once any list is set, the token may use only what its lists name, so a
 * webhook-only token cannot call models and a model-scoped token cannot call webhooks.
 */
export interface TokenScopes {
	allowed_providers: string[] | null;
	allowed_models: string[] | null;
	allowed_webhooks: string[] | null;
}

const list = (l: string[] | null | undefined) => (l && l.length ? l : []);

export function isUnrestricted(s: TokenScopes): boolean {
	return !list(s.allowed_providers).length && !list(s.allowed_models).length && !list(s.allowed_webhooks).length;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface ScopeSummary {
	unrestricted: boolean;
	/** One line for tables: "Unrestricted", "2 providers · 1 model", "Webhooks only: 1 webhook". */
	short: string;
	/** What the token may call on /gateway. */
	models: string;
	/** Which webhooks it may trigger. */
	webhooks: string;
}

export function describeScopes(s: TokenScopes): ScopeSummary {
	if (isUnrestricted(s)) return { unrestricted: true, short: 'Unrestricted', models: 'Any provider and model', webhooks: 'Any webhook' };
	const providers = list(s.allowed_providers);
	const models = list(s.allowed_models);
	const webhooks = list(s.allowed_webhooks);
	const modelParts = [...providers.map((p) => `${p} (any model)`), ...models.map((m) => (m === '*' ? 'every model' : m))];
	const short: string[] = [];
	if (providers.length) short.push(plural(providers.length, 'provider'));
	if (models.length) short.push(plural(models.length, 'model'));
	if (webhooks.length) short.push(plural(webhooks.length, 'webhook'));
	return {
		unrestricted: false,
		short: providers.length || models.length ? short.join(' · ') : `Webhooks only: ${short.join(' · ')}`,
		models: modelParts.length ? modelParts.join(', ') : 'No models (webhooks only)',
		webhooks: webhooks.length ? webhooks.join(', ') : 'No webhooks'
	};
}

/** Entries typed into a free-text scope field: split on commas and white space, blanks and repeats dropped. */
export function splitEntries(text: string): string[] {
	return [...new Set(text.split(/[\s,]+/).map((e) => e.trim()).filter(Boolean))];
}

/** Merges picked and typed entries into a stored scope list (null = not restricted by this list). */
export function scopeList(...parts: (string[] | string | null | undefined)[]): string[] | null {
	const out = new Set<string>();
	for (const p of parts) for (const e of typeof p === 'string' ? splitEntries(p) : (p ?? [])) if (e.trim()) out.add(e.trim());
	return out.size ? [...out] : null;
}
