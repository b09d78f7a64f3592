import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, formPost, login } from '../helpers/auth';
import { discover, type Probe } from '../helpers/routes';
import { startAt, type AtServer } from '../helpers/server';

/**
 * Every route in src/routes against every identity (SPEC §12: an unauthenticated or wrong-role
 * request to any page, form action or API is refused and changes nothing). The expected roles are
 * written here from the decided role table, independently of src/lib/server/auth/access.ts.
 * A new route fails this test until it is listed below.
 */
type Role = 'viewer' | 'editor' | 'admin';
type Need = Role | 'public';
const VIEW_ADMIN: [Need, Need] = ['viewer', 'admin'];
const VIEW_EDIT: [Need, Need] = ['viewer', 'editor'];
const EDIT: [Need, Need] = ['editor', 'editor'];
const ADMIN: [Need, Need] = ['admin', 'admin'];
const PUBLIC: [Need, Need] = ['public', 'public'];

/** route id → [minimum role to read (GET/HEAD), minimum role to write (everything else)] */
const EXPECTED: Record<string, [Need, Need]> = {
	'/(app)': VIEW_ADMIN,
	'/(app)/chat': EDIT,
	'/(app)/docs': VIEW_ADMIN,
	'/(app)/usage': VIEW_ADMIN,
	'/(app)/agents': VIEW_EDIT,
	'/(app)/node-configs': VIEW_EDIT,
	'/(app)/runs': EDIT,
	'/(app)/runs/[id]': EDIT,
	'/(app)/skills': VIEW_EDIT,
	'/(app)/skills/[id]': VIEW_EDIT,
	'/(app)/triggers': VIEW_EDIT,
	'/(app)/variables': VIEW_EDIT,
	'/(app)/workflows': VIEW_EDIT,
	'/(app)/workflows/[id]': VIEW_EDIT,
	'/(app)/workflows/[id]/export': VIEW_EDIT,
	'/(app)/providers': VIEW_ADMIN,
	'/(app)/providers/new': VIEW_ADMIN,
	'/(app)/providers/[key]': VIEW_ADMIN,
	'/(app)/settings': ADMIN,
	'/(app)/tokens': VIEW_ADMIN,
	'/(app)/users': ADMIN,
	'/(auth)/login': PUBLIC,
	'/(auth)/setup': PUBLIC,
	'/(auth)/logout': PUBLIC,
	'/api/v1/agents': VIEW_EDIT,
	'/api/v1/api-tokens': VIEW_ADMIN,
	'/api/v1/api-tokens/[id]': VIEW_ADMIN,
	'/api/v1/api-tokens/[id]/usage': VIEW_ADMIN,
	'/api/v1/info': VIEW_ADMIN,
	'/api/v1/openapi.json': VIEW_ADMIN,
	'/api/v1/prices': VIEW_ADMIN,
	'/api/v1/prices/[...model]': VIEW_ADMIN,
	'/api/v1/providers': VIEW_ADMIN,
	'/api/v1/providers/[key]': VIEW_ADMIN,
	'/api/v1/providers/[key]/test': VIEW_ADMIN,
	'/api/v1/providers/discover-models': VIEW_ADMIN,
	'/api/v1/settings': ADMIN,
	'/api/v1/settings/rotate-key': ADMIN,
	'/api/v1/agents/[id]': VIEW_EDIT,
	'/api/v1/chat/completions': EDIT,
	'/api/v1/models': VIEW_ADMIN,
	'/api/v1/node-configs': VIEW_EDIT,
	'/api/v1/node-configs/[id]': VIEW_EDIT,
	'/api/v1/runs': EDIT,
	'/api/v1/runs/[id]': EDIT,
	'/api/v1/runs/[id]/cancel': EDIT,
	'/api/v1/runs/[id]/events': EDIT,
	'/api/v1/runs/[id]/rerun': EDIT,
	'/api/v1/skills': VIEW_EDIT,
	'/api/v1/skills/[id]': VIEW_EDIT,
	'/api/v1/skills/test-handler': VIEW_EDIT,
	'/api/v1/triggers': VIEW_EDIT,
	'/api/v1/triggers/[id]': VIEW_EDIT,
	'/api/v1/usage': VIEW_ADMIN,
	'/api/v1/users': ADMIN,
	'/api/v1/users/[id]': ADMIN,
	'/api/v1/variables': VIEW_EDIT,
	'/api/v1/variables/[id]': VIEW_EDIT,
	'/api/v1/workflows': VIEW_EDIT,
	'/api/v1/workflows/[id]': VIEW_EDIT,
	'/api/v1/workflows/[id]/active-version': VIEW_EDIT,
	'/api/v1/workflows/[id]/run': EDIT,
	'/api/v1/workflows/[id]/runs': EDIT,
	'/api/v1/workflows/[id]/triggers': VIEW_EDIT,
	'/api/v1/workflows/[id]/versions': VIEW_EDIT,
	'/api/v1/workflows/[id]/versions/[n]': VIEW_EDIT,
	'/gateway/proxy/[key]/[...path]': PUBLIC,
	'/gateway/v1/chat/completions': PUBLIC,
	'/gateway/v1/embeddings': PUBLIC,
	'/gateway/v1/health': PUBLIC,
	'/gateway/v1/models': PUBLIC,
	'/gateway/v1/models/[...id]': PUBLIC,
	'/gateway/v1/providers/[key]/[...path]': PUBLIC,
	'/healthz': PUBLIC,
	'/readyz': PUBLIC,
	'/webhooks/[id]': PUBLIC
};

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
/** A concrete URL path for a route id: groups dropped, params filled with ids that do not exist. */
function pathOf(id: string): string {
	const segs = id
		.split('/')
		.filter((s) => s && !/^\(.*\)$/.test(s) && !/^\[\[.*\]\]$/.test(s))
		.map((s) => (s.startsWith('[...') ? 'a/b' : s.startsWith('[') ? 'nope-1' : s));
	return '/' + segs.join('/');
}

const isRead = (m: string) => m === 'GET' || m === 'HEAD';
const GUARD_401 = /authentication required/;

let at: AtServer;
const cookies = {} as Record<Role, string>;
const TOKEN = 'adm-routes';

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: TOKEN } } });
	for (const role of ['admin', 'editor', 'viewer'] as Role[]) {
		const created = await apiCall(at.url, { bearer: TOKEN }, 'POST', '/users', { username: `r-${role}`, password: `${role}-password`, role });
		expect(created.status).toBe(201);
		cookies[role] = await login(at.url, `r-${role}`, `${role}-password`);
	}
});
afterAll(() => at?.destroy());

async function send(probe: Probe, cookie?: string): Promise<{ status: number; location: string | null; body: string }> {
	const path = pathOf(probe.id);
	const ctrl = new AbortController();
	const timer = setTimeout(() => ctrl.abort(), 10_000);
	try {
		let res: Response;
		if (probe.kind === 'action') res = await formPost(at.url, path, {}, { cookie });
		else {
			const write = !isRead(probe.method);
			res = await fetch(`${at.url}${path}`, {
				method: probe.method,
				redirect: 'manual',
				signal: ctrl.signal,
				headers: {
					accept: probe.kind === 'page' ? 'text/html' : 'application/json',
					...(write ? { 'content-type': 'application/json' } : {}),
					...(cookie ? { cookie } : {})
				},
				body: write ? '{}' : undefined
			});
		}
		// Streams (run events) are judged by their status; the body is not awaited.
		const streaming = (res.headers.get('content-type') ?? '').includes('text/event-stream');
		const body = streaming ? '' : await res.text();
		return { status: res.status, location: res.headers.get('location'), body };
	} finally {
		clearTimeout(timer);
		ctrl.abort();
	}
}

describe('every route is guarded by role', () => {
	it('lists every route in this test’s role table (add new routes to EXPECTED)', () => {
		const ids = [...new Set(discover().map((p) => p.id))].sort();
		const unlisted = ids.filter((id) => !(id in EXPECTED));
		const stale = Object.keys(EXPECTED).filter((id) => !ids.includes(id));
		expect({ unlisted, stale }).toEqual({ unlisted: [], stale: [] });
	});

	it('refuses unauthenticated requests, refuses lower roles with 403, and lets the right roles through', async () => {
		const probes = discover();
		expect(probes.length).toBeGreaterThan(40);
		const failures: string[] = [];
		for (const probe of probes) {
			const [read, write] = EXPECTED[probe.id] ?? ['admin', 'admin'];
			const need = isRead(probe.method) ? read : write;
			const label = `${probe.method} ${pathOf(probe.id)} (${probe.kind}, needs ${need})`;
			const anon = await send(probe);
			if (need === 'public') {
				const refused = (anon.status === 303 && /\/(login\?redirectTo=|setup)/.test(anon.location ?? '')) || (anon.status === 401 && GUARD_401.test(anon.body));
				if (refused) failures.push(`${label}: public route refused by the session guard (${anon.status})`);
				continue;
			}
			const api = probe.kind === 'endpoint' && pathOf(probe.id).startsWith('/api/');
			if (api ? anon.status !== 401 || !GUARD_401.test(anon.body) : anon.status !== 303 || !anon.location?.startsWith('/login?redirectTo='))
				failures.push(`${label}: unauthenticated answered ${anon.status} ${anon.location ?? ''}`);
			for (const role of ['viewer', 'editor', 'admin'] as Role[]) {
				const r = await send(probe, cookies[role]);
				const allowed = RANK[role] >= RANK[need];
				if (allowed && (r.status === 401 || r.status === 403)) failures.push(`${label}: ${role} refused with ${r.status} ${r.body.slice(0, 120)}`);
				if (!allowed && r.status !== 403) failures.push(`${label}: ${role} not refused (${r.status})`);
			}
		}
		expect(failures).toEqual([]);
	});

	// Each client of a refused page request must get the form it can show: page, JSON, or ActionResult.
	it('answers a refused page with a 403 error page, a refused data request with JSON, and a refused form action with an ActionResult', async () => {
		const page = await fetch(`${at.url}/users`, { headers: { accept: 'text/html', cookie: cookies.viewer } });
		expect(page.status).toBe(403);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		expect(await page.text()).toContain('this needs the admin role (your role is viewer)');
		const data = await fetch(`${at.url}/users/__data.json`, { headers: { cookie: cookies.editor } });
		expect(data.status).toBe(403);
		expect(await data.json()).toEqual({ message: 'forbidden: this needs the admin role (your role is editor)' });
		const action = await formPost(at.url, '/', { x: '1' }, { cookie: cookies.viewer, accept: 'application/json' });
		expect(action.status).toBe(403);
		expect(await action.json()).toEqual({ type: 'error', error: { message: 'forbidden: this needs the admin role (your role is viewer)' } });
	});
});
