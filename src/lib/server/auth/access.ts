import type { Role } from '../store/schema';

/**
 * The one role table (SPEC §4.2): (section, read | write) → minimum role, the same for a page and its
 * `/api/v1` counterpart. GET and HEAD are reads; every other method, including a page's form actions
 * (which POST to the page path), is a write.
 */
type Rule = { read: Role; write: Role };
const VIEW_ADMIN: Rule = { read: 'viewer', write: 'admin' };
const VIEW_EDIT: Rule = { read: 'viewer', write: 'editor' };
const EDIT: Rule = { read: 'editor', write: 'editor' };
const ADMIN: Rule = { read: 'admin', write: 'admin' };

const SECTIONS: Record<string, Rule> = {
	'': VIEW_ADMIN,
	docs: VIEW_ADMIN,
	usage: VIEW_ADMIN,
	info: VIEW_ADMIN,
	models: VIEW_ADMIN,
	'openapi.json': VIEW_ADMIN,
	providers: VIEW_ADMIN,
	tokens: VIEW_ADMIN,
	'api-tokens': VIEW_ADMIN,
	workflows: VIEW_EDIT,
	triggers: VIEW_EDIT,
	skills: VIEW_EDIT,
	agents: VIEW_EDIT,
	variables: VIEW_EDIT,
	'node-configs': VIEW_EDIT,
	runs: EDIT,
	chat: EDIT,
	users: ADMIN,
	settings: ADMIN
};
const UNLISTED = VIEW_ADMIN;

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function hasRole(role: Role, minimum: Role): boolean {
	return RANK[role] >= RANK[minimum];
}

export const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/** Routes outside the session guard: token-authenticated, probes, the sign-in pages, build assets. */
const PUBLIC_FIRST = new Set(['gateway', 'webhooks', 'healthz', 'readyz', 'login', 'setup', 'logout']);

export interface RouteClass {
	/** Under /api: answers JSON (401/403) instead of redirects and error pages. */
	api: boolean;
	public: boolean;
	/** Sign-in pages: reachable without forward-auth so that a local account can always sign in. */
	signIn: boolean;
	section: string;
}

/**
 * Splits a path (without the base path) into what the guard needs. Decodes it the way SvelteKit
 * matches routes (`%2F` stays encoded), so `/api/v1/%75sers` is the users section, not an unlisted one.
 */
export function classify(path: string): RouteClass {
	let decoded: string;
	try {
		decoded = path.split('%25').map(decodeURI).join('%25');
	} catch {
		decoded = path;
	}
	const seg = decoded.split('/').filter(Boolean);
	const first = seg[0] ?? '';
	const isPublic =
		PUBLIC_FIRST.has(first) || (first === '_app' && (seg[1] === 'immutable' || (seg[1] === 'version.json' && seg.length === 2)));
	const api = first === 'api';
	const rest = api ? (seg[1] === 'v1' ? seg.slice(2) : ['\u0000unlisted']) : seg;
	let section = rest[0] ?? '';
	if (section === 'workflows' && (rest[2] === 'run' || rest[2] === 'runs')) section = 'runs';
	return { api, public: isPublic, signIn: first === 'login' || first === 'setup' || first === 'logout', section };
}

/** The minimum role for a method on a route section. */
export function requiredRole(section: string, method: string): Role {
	const rule = Object.hasOwn(SECTIONS, section) ? SECTIONS[section] : UNLISTED;
	return isRead(method) ? rule.read : rule.write;
}
