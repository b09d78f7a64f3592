/**
 * The workflow template language (SPEC §8.4): Liquid, logic-light, with no access to files, the
 * environment or code. `include`, `render` and `layout` are refused at parse time, and the
 * in-memory template map is empty so no lookup can reach the file system.
 *
 * Output: strings and numbers print as usual; objects and arrays print as compact JSON (so
 * `{{ input }}` shows the value rather than `[object Object]`); nil prints as nothing.
 * Filters beyond Liquid's standard ones: `json` (compact; `json: 2` pretty-prints) and
 * `getVar` (`{{ "API_KEY" | getVar }}`, reads a variable through opts.getVar). `getVar` is also a
 * tag: `{% getVar "API_KEY" %}` prints the value, `{% getVar "API_KEY" as key %}` assigns it.
 */
import { evalTokenValue, Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken, type Template, type ValueToken } from 'liquidjs';

export class TemplateError extends Error {
	override name = 'TemplateError';
}

export interface RenderOptions {
	getVar?: (key: string) => Promise<string | undefined>;
}

const GET_VAR = Symbol('getVar');

function toJson(value: unknown, space?: unknown): string {
	const indent = typeof space === 'number' && space > 0 ? Math.min(space, 10) : undefined;
	const s = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
	return s === undefined ? 'null' : s;
}

function refused(name: string) {
	return class extends Tag {
		constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
			super(token, remain, liquid);
			throw new TemplateError(`the "${name}" tag is not available in workflow templates`);
		}
		// Never reached: the constructor refuses the tag.
		*render(_ctx: Context, _emitter: Emitter): Generator<unknown, void, unknown> {}
	};
}

function getVarOf(ctx: Context): NonNullable<RenderOptions['getVar']> {
	const env = ctx.environments as Record<PropertyKey, unknown>;
	const getVar = env[GET_VAR] as RenderOptions['getVar'] | undefined;
	if (!getVar) throw new TemplateError('getVar is not available here');
	return getVar;
}

const GET_VAR_USAGE = 'getVar: expected {% getVar "NAME" %} or {% getVar "NAME" as variable %}';

class GetVarTag extends Tag {
	private key: ValueToken;
	private target: string | undefined;
	constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
		super(token, remain, liquid);
		const key = this.tokenizer.readValue();
		if (!key) throw new TemplateError(GET_VAR_USAGE);
		this.key = key;
		this.tokenizer.skipBlank();
		if (!this.tokenizer.end()) {
			if (this.tokenizer.readIdentifier().content !== 'as') throw new TemplateError(GET_VAR_USAGE);
			const target = this.tokenizer.readIdentifier().content;
			this.tokenizer.skipBlank();
			if (!target || !this.tokenizer.end()) throw new TemplateError(GET_VAR_USAGE);
			this.target = target;
		}
	}
	*render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
		const key = (yield evalTokenValue(this.key, ctx)) as unknown;
		const value = ((yield getVarOf(ctx)(String(key))) as string | undefined) ?? '';
		if (this.target) ctx.bottom()[this.target] = value;
		else emitter.write(value);
	}
}

const engine = new Liquid({
	templates: {},
	relativeReference: false,
	ownPropertyOnly: true,
	strictFilters: true,
	parseLimit: 1_000_000,
	renderLimit: 2_000,
	memoryLimit: 64 * 1024 * 1024,
	outputEscape: (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? toJson(v) : String(v))
});
for (const t of ['include', 'render', 'layout']) engine.registerTag(t, refused(t));
engine.registerFilter('json', (value: unknown, space?: unknown) => toJson(value, space));
engine.registerFilter('getVar', async function (this: { context: Context }, key: unknown) {
	const v = await getVarOf(this.context)(String(key));
	return v ?? '';
});
engine.registerTag('getVar', GetVarTag);

const CACHE_MAX = 500;
const cache = new Map<string, Template[]>();

function parse(template: string): Template[] {
	const hit = cache.get(template);
	if (hit) {
		cache.delete(template);
		cache.set(template, hit);
		return hit;
	}
	let parsed: Template[];
	try {
		parsed = engine.parse(template);
	} catch (err) {
		throw new TemplateError(errorText(err));
	}
	cache.set(template, parsed);
	if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
	return parsed;
}

function errorText(err: unknown): string {
	if (err instanceof TemplateError) return err.message;
	const e = err as { message?: unknown; originalError?: unknown };
	if (e?.originalError instanceof TemplateError) return e.originalError.message;
	return `template error: ${typeof e?.message === 'string' ? e.message : String(err)}`;
}

/** Renders `template` over `scope`. Rejects with a TemplateError on a syntax or render error. */
export async function renderTemplate(template: string, scope: Record<string, unknown>, opts: RenderOptions = {}): Promise<string> {
	if (!template.includes('{{') && !template.includes('{%')) return template;
	const tpl = parse(template);
	const env: Record<PropertyKey, unknown> = { ...scope, [GET_VAR]: opts.getVar };
	try {
		return String(await engine.render(tpl, env));
	} catch (err) {
		throw new TemplateError(errorText(err));
	}
}

/** Number of parsed templates kept (for tests). */
export function templateCacheSize(): number {
	return cache.size;
}

/**
 * Renders a node's templated fields (NodeTypeDef.templated) over its inputs: strings are rendered,
 * and so are the string values of objects (e.g. headers) and the string items of arrays. Returns a
 * shallow copy; errors name the field (`url: template error: …`).
 */
export async function renderFields<T extends Record<string, unknown>>(
	data: T,
	fields: readonly string[],
	scope: Record<string, unknown>,
	opts: RenderOptions = {}
): Promise<T> {
	const out: Record<string, unknown> = { ...data };
	for (const field of fields) {
		const v = data[field];
		try {
			if (typeof v === 'string') out[field] = await renderTemplate(v, scope, opts);
			else if (Array.isArray(v)) out[field] = await Promise.all(v.map((x) => (typeof x === 'string' ? renderTemplate(x, scope, opts) : x)));
			else if (v && typeof v === 'object') {
				const obj: Record<string, unknown> = {};
				for (const [k, x] of Object.entries(v)) obj[k] = typeof x === 'string' ? await renderTemplate(x, scope, opts) : x;
				out[field] = obj;
			}
		} catch (err) {
			throw new TemplateError(`${field}: ${err instanceof Error ? err.message : String(err)}`);
		}
	}
	return out as T;
}
