/** The routes SvelteKit serves, read from src/routes (shared by the route-access and no-secrets tests). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROUTES = resolve(import.meta.dirname, '../../src/routes');
const METHOD_RE = /export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|fallback)\b/g;

export interface Probe {
	id: string;
	method: string;
	kind: 'endpoint' | 'page' | 'action';
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every (route, method) SvelteKit serves: endpoint methods, page GETs, and POST for pages with actions. */
export function discover(): Probe[] {
	const probes: Probe[] = [];
	const pages = new Set<string>();
	for (const file of walk(ROUTES)) {
		const name = file.split('/').pop()!;
		const id = '/' + relative(ROUTES, file).split('/').slice(0, -1).join('/');
		const routeId = id === '/' ? '/' : id;
		if (name === '+server.ts' || name === '+server.js') {
			const src = readFileSync(file, 'utf8');
			const methods = new Set([...src.matchAll(METHOD_RE)].map((m) => m[1]));
			for (const m of src.matchAll(/export\s*\{([^}]*)\}/g))
				for (const part of m[1].split(','))
					methods.add(
						part
							.trim()
							.split(/\s+as\s+/)
							.pop()!
					);
			for (const method of methods)
				if (method === 'fallback') probes.push({ id: routeId, method: 'PATCH', kind: 'endpoint' });
				else if (/^[A-Z]+$/.test(method)) probes.push({ id: routeId, method, kind: 'endpoint' });
		}
		if (/^\+page(\.server)?\.(ts|js|svelte)$/.test(name) && !pages.has(routeId)) {
			pages.add(routeId);
			probes.push({ id: routeId, method: 'GET', kind: 'page' });
		}
		if (/^\+page\.server\.(ts|js)$/.test(name) && /export\s+const\s+actions\b/.test(readFileSync(file, 'utf8')))
			probes.push({ id: routeId, method: 'POST', kind: 'action' });
	}
	return probes;
}

