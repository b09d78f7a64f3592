import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi';

const ROUTES = resolve(import.meta.dirname, '../../../routes');
const PASSTHROUGH = ['get', 'post', 'put', 'patch', 'delete'];

/** Every +server.ts under a folder: its OpenAPI path and the methods it exports. */
function serverRoutes(dir: string): { path: string; methods: string[]; file: string }[] {
	const out: { path: string; methods: string[]; file: string }[] = [];
	const walk = (d: string) => {
		for (const e of readdirSync(d, { withFileTypes: true })) {
			const full = join(d, e.name);
			if (e.isDirectory()) walk(full);
			else if (e.name === '+server.ts') {
				const src = readFileSync(full, 'utf8');
				const names = [
					...[...src.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|fallback)\b/g)].map((m) => m[1]),
					...[...src.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!))
				].filter((n) => /^(GET|POST|PUT|PATCH|DELETE|fallback)$/.test(n));
				const segments = relative(ROUTES, d)
					.split(sep)
					.filter((s) => !/^\(.*\)$/.test(s))
					.map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, '{$1}'));
				out.push({ path: '/' + segments.join('/'), methods: names.flatMap((n) => (n === 'fallback' ? PASSTHROUGH : [n.toLowerCase()])), file: relative(ROUTES, full) });
			}
		}
	};
	walk(join(ROUTES, dir));
	return out;
}

const doc = buildOpenApi({ title: 'AT', version: '1.2.3', basePath: '/at' }) as {
	openapi: string;
	servers: { url: string }[];
	paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: { name: string; in: string }[] }>>;
	components: { schemas: Record<string, Record<string, unknown>> };
};
const routes = [...serverRoutes('api/v1'), ...serverRoutes('gateway')];

describe('openapi.json', () => {
	it('is an OpenAPI 3.1 document served under the base path', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.servers[0].url).toBe('/at');
		expect(routes.length).toBeGreaterThan(30);
	});

	// A route added without being described (or a method added to an existing route) fails here.
	it('describes every method of every +server.ts under api/v1 and gateway', () => {
		const missing = routes.flatMap((r) => r.methods.filter((m) => !doc.paths[r.path]?.[m]).map((m) => `${m.toUpperCase()} ${r.path} (${r.file})`));
		expect(missing).toEqual([]);
	});

	// A route removed or renamed while its description stays would send API users to a 404.
	it('describes no route that does not exist', () => {
		const exported = new Map(routes.map((r) => [r.path, new Set(r.methods)]));
		const stale = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => !exported.get(path)?.has(m)).map((m) => `${m.toUpperCase()} ${path}`));
		expect(stale).toEqual([]);
	});

	it('resolves every $ref to a component schema', () => {
		const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
		expect(refs.length).toBeGreaterThan(50);
		expect([...new Set(refs)].filter((r) => !doc.components.schemas[r])).toEqual([]);
	});

	it('generates request schemas from the zod schemas the routes validate with', () => {
		const create = doc.components.schemas.ProviderCreate as { properties: { key: { pattern: string }; config: { properties: Record<string, unknown>; additionalProperties: unknown } }; required: string[] };
		expect(create.required).toEqual(['key', 'config']);
		expect(create.properties.key.pattern).toBe('^[a-z0-9][a-z0-9_-]{0,63}$');
		expect(Object.keys(create.properties.config.properties)).toEqual(expect.arrayContaining(['type', 'api_key', 'base_url', 'model', 'models', 'extra_headers', 'proxy', 'insecure_skip_verify']));
		expect(create.properties.config.additionalProperties).toBe(false);
		expect(doc.paths['/api/v1/providers'].post.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProviderCreate' } } } });
		expect(doc.components.schemas.ChatRequest.properties).toHaveProperty('messages');
		expect(doc.paths['/gateway/v1/chat/completions'].post.requestBody).toBeTruthy();
	});

	it('lists path and query parameters', () => {
		const usage = doc.paths['/api/v1/api-tokens/{id}/usage'].get.parameters!;
		expect(usage.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:from', 'query:to']);
		expect(doc.paths['/api/v1/workflows/{id}/run'].post.parameters!.map((p) => p.name)).toEqual(['id', 'sync', 'early', 'version', 'timeout']);
	});

	it('documents that secrets are masked in responses', () => {
		const cfg = (doc.components.schemas.Provider as { properties: { config: { properties: { api_key: { description: string } } } } }).properties.config;
		expect(cfg.properties.api_key.description).toContain('***');
		expect(doc.paths['/gateway/v1/health'].get.responses).not.toHaveProperty('401');
		expect(doc.paths['/api/v1/providers/{key}'].delete.responses).toHaveProperty('204');
		expect(doc.paths['/api/v1/providers/{key}'].delete.responses).toHaveProperty('409');
	});
});
