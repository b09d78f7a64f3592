import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, type Config } from './schema';

export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigError';
	}
}

const CANDIDATES = ['at.yaml', 'at.yml', 'at.json'];

export function findConfigFile(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
	if (env.AT_CONFIG_FILE) {
		const p = resolve(cwd, env.AT_CONFIG_FILE);
		if (!existsSync(p)) throw new ConfigError(`AT_CONFIG_FILE: ${p} does not exist`);
		return p;
	}
	return CANDIDATES.map((f) => resolve(cwd, f)).find((p) => existsSync(p));
}

/** Replaces ${VAR} in every string of a parsed document with the environment's value ('' if unset). */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv): unknown {
	if (typeof value === 'string') return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k) => env[k] ?? '');
	if (Array.isArray(value)) return value.map((v) => expandEnv(v, env));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env)]));
	return value;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType>; valueType?: z.ZodType };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips default/optional/pipe wrappers to reach an object or record schema. */
function unwrap(s: z.ZodType): z.ZodType {
	for (let i = 0; i < 10; i++) {
		const d = defOf(s);
		if (d.innerType) s = d.innerType;
		else if (d.type === 'pipe') s = (defOf(d.in!).type === 'transform' ? d.out : d.in) as z.ZodType;
		else return s;
	}
	return s;
}

function keysOf(s: z.ZodType): { kind: 'object'; children: Record<string, z.ZodType> } | { kind: 'record'; value: z.ZodType } | undefined {
	const u = unwrap(s);
	const d = defOf(u);
	if (d.type === 'object') return { kind: 'object', children: (u as unknown as { shape: Record<string, z.ZodType> }).shape };
	if (d.type === 'record') return { kind: 'record', value: d.valueType! };
	return undefined;
}

/**
 * Maps AT_SERVER_BASE_PATH to ["server","base_path"] by walking the schema: at each level the longest
 * known key wins, so keys that themselves contain "_" resolve. Map levels (providers) take the segments
 * before the longest suffix that names a field of the value.
 */
export function envPath(segments: string[], schema: z.ZodType = configSchema): string[] | undefined {
	if (segments.length === 0) return [];
	const k = keysOf(schema);
	if (!k) return undefined;
	if (k.kind === 'object') {
		for (let n = segments.length; n >= 1; n--) {
			const key = segments.slice(0, n).join('_');
			if (key in k.children) {
				const rest = envPath(segments.slice(n), k.children[key]);
				if (rest) return [key, ...rest];
			}
		}
		return undefined;
	}
	for (let n = segments.length - 1; n >= 1; n--) {
		const rest = envPath(segments.slice(n), k.value);
		if (rest && rest.length > 0) return [segments.slice(0, n).join('_'), ...rest];
	}
	return undefined;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
	let cur = obj;
	for (const p of path.slice(0, -1)) {
		if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
		cur = cur[p] as Record<string, unknown>;
	}
	cur[path[path.length - 1]] = value;
}

const IGNORED_ENV = new Set(['AT_CONFIG_FILE', 'AT_ADMIN_USERNAME', 'AT_ADMIN_PASSWORD']);

export function applyEnvOverrides(doc: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
	const unknown: string[] = [];
	for (const [name, value] of Object.entries(env)) {
		if (!name.startsWith('AT_') || IGNORED_ENV.has(name) || value === undefined) continue;
		const path = envPath(name.slice(3).toLowerCase().split('_').filter(Boolean));
		if (!path) {
			unknown.push(name);
			continue;
		}
		let v: unknown = value;
		// Lists and maps can be given as JSON (AT_GATEWAY_AUTH_TOKENS='[{"token":"x"}]').
		if (/^\s*[[{]/.test(value)) {
			try {
				v = JSON.parse(value);
			} catch {
				v = value;
			}
		}
		setPath(doc, path, v);
	}
	if (env.DATABASE_URL) {
		const store = (doc.store ??= {}) as Record<string, unknown>;
		const pg = (store.postgres ??= {}) as Record<string, unknown>;
		if (!pg.datasource) pg.datasource = env.DATABASE_URL;
	}
	return unknown;
}

export function formatIssues(error: z.ZodError): string {
	return error.issues
		.map((i) => {
			const path = i.path.join('.');
			return path ? `${path}: ${i.message}` : i.message;
		})
		.join('; ');
}

export interface LoadedConfig {
	config: Config;
	file?: string;
	unknownEnv: string[];
}

export function parseConfig(doc: unknown): Config {
	const r = configSchema.safeParse(doc ?? {});
	if (!r.success) throw new ConfigError(`invalid configuration: ${formatIssues(r.error)}`);
	return r.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
	const file = findConfigFile(env, cwd);
	let doc: Record<string, unknown> = {};
	if (file) {
		let parsed: unknown;
		try {
			parsed = parseYaml(readFileSync(file, 'utf8'));
		} catch (e) {
			throw new ConfigError(`cannot parse ${file}: ${(e as Error).message.split('\n')[0]}`);
		}
		if (parsed != null && (typeof parsed !== 'object' || Array.isArray(parsed)))
			throw new ConfigError(`${file}: the top level must be a mapping of keys`);
		doc = (expandEnv(parsed ?? {}, env) as Record<string, unknown>) ?? {};
	}
	const unknownEnv = applyEnvOverrides(doc, env);
	return { config: parseConfig(doc), file, unknownEnv };
}

const SECRET_KEY = /(api_key|token|password|secret|encryption_key|datasource|redis_url|authorization)/i;

/** A copy of the config safe to log: secret values replaced, credentials removed from URLs. */
export function maskConfig(value: unknown, key = ''): unknown {
	if (typeof value === 'string') {
		if (value === '') return value;
		if (/datasource|url/i.test(key) && /^[a-z]+:\/\//i.test(value)) return value.replace(/\/\/[^@/]*@/, '//***@');
		return SECRET_KEY.test(key) ? '***' : value;
	}
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map((v) => maskConfig(v, key));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [
				k,
				k === 'extra_headers' && v && typeof v === 'object'
					? Object.fromEntries(Object.keys(v).map((h) => [h, '***']))
					: maskConfig(v, k)
			])
		);
	return value;
}
