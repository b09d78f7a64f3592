import { readFileSync } from 'node:fs';
import { parse } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

/**
 * The resource pages' form actions and loads through the real handle chain (superforms posts as
 * `use:enhance` sends them), and the services they share with the API.
 */
let at: AtServer;
let A: ReturnType<typeof api>;
let cookie = '';

const PASSWORD = 'pages-admin-password-1';

/** A session for the pages when this build has sign-in; none when pages are not behind a session guard. */
async function signIn(url: string): Promise<string> {
	const probe = await fetch(`${url}/setup`, { redirect: 'manual' });
	if (probe.status === 404) return '';
	const res = await fetch(`${url}/setup`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, accept: 'text/html' },
		body: new URLSearchParams({ username: 'pages-admin', password: PASSWORD, confirm: PASSWORD }).toString()
	});
	const line = res.headers.getSetCookie().find((c) => c.startsWith('at_session='));
	expect(line, 'setup signs the first admin in').toBeTruthy();
	return line!.split(';')[0];
}

type Form = { valid: boolean; errors: Record<string, string[] | undefined>; message?: { type: string; text: string; data?: Record<string, unknown> } };
/** `data` is the devalue text (for "never contains" checks), `form` the superform decoded from it. */
type ActionResult = { type: string; status: number; location?: string; data: string; form?: Form };

/** Posts a form action the way `use:enhance` does and returns SvelteKit's action result. */
async function action(path: string, name: string, fields: Record<string, string | string[]>): Promise<ActionResult> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
	const res = await fetch(`${at.url}${path}?/${name}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: at.url, accept: 'application/json', 'x-sveltekit-action': 'true', ...(cookie ? { cookie } : {}) },
		body: body.toString()
	});
	const text = await res.text();
	const json = JSON.parse(text) as { type: string; status: number; location?: string; data?: string };
	const data = json.data ? (parse(json.data) as { form?: Form }) : undefined;
	return { type: json.type, status: json.status, location: json.location, data: json.data ?? '', form: data?.form };
}

async function html(path: string): Promise<string> {
	const res = await fetch(`${at.url}${path}`, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
	expect(res.status, path).toBe(200);
	return res.text();
}

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: 'adm' }, store: { encryption_key: 'pages-key' }, workflow: { exec: { enabled: false } } } });
	A = api(at.url, 'adm');
	cookie = await signIn(at.url);
});
afterAll(async () => {
	await at?.destroy();
});

describe(`resource pages on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('variables: a secret is never echoed or rendered, a blank save keeps it, and bad input is refused with field errors', async () => {
		const secret = 'sk-page-secret-8f2c';
		const created = await action('/variables', 'save', { id: '', key: 'PAGE_KEY', value: secret, description: 'from the page', secret: 'on' });
		expect(created).toMatchObject({ type: 'success', status: 200 });
		expect(created.data).toContain('Saved PAGE_KEY.');
		expect(created.data).not.toContain(secret);
		const v = (await A.get('/variables')).json.variables as { id: string; key: string; value: string; has_value: boolean }[];
		const row = v.find((x) => x.key === 'PAGE_KEY')!;
		expect(row).toMatchObject({ value: '***', has_value: true });
		for (const p of ['/variables', `/variables?edit=${row.id}`]) expect(await html(p)).not.toContain(secret);

		// Blank value: kept (getVar still reads it); the description changes.
		const kept = await action('/variables', 'save', { id: row.id, key: 'PAGE_KEY', value: '', description: 'rotated', secret: 'on' });
		expect(kept.type).toBe('success');
		const wf = await A.createWorkflow('reads the secret', graph([node('in', 'input'), node('t', 'template', { template: '{{ "PAGE_KEY" | getVar }}' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')]));
		expect((await A.runSync(wf)).json.outputs).toEqual({ v: secret });

		// Making it plain needs a new value: the error is on the value field.
		const plain = await action('/variables', 'save', { id: row.id, key: 'PAGE_KEY', value: '', description: 'rotated' });
		expect(plain).toMatchObject({ type: 'failure', status: 400 });
		expect(plain.form!.errors.value).toEqual(['give a new value when a secret variable stops being secret']);
		expect(plain.form!.message).toEqual({ type: 'error', text: 'Check the highlighted fields.' });
		const bad = await action('/variables', 'save', { id: '', key: '9lives', value: 'x' });
		expect(bad).toMatchObject({ type: 'failure', status: 400 });
		expect(bad.form!.errors.key![0]).toContain('not starting with a digit');
		const dup = await action('/variables', 'save', { id: '', key: 'PAGE_KEY', value: 'x' });
		expect(dup).toMatchObject({ type: 'failure', status: 409 });
		expect(dup.form!.errors.key).toEqual(['this name is already taken']);

		expect((await action('/variables', 'delete', { id: row.id })).type).toBe('success');
		expect((await action('/variables', 'delete', { id: row.id })).status).toBe(404);
		expect((await A.runSync(wf)).json.outputs).toEqual({ v: '' });
	});

	it('node configs: the SMTP password is write-only on the page and kept by a blank save', async () => {
		const pw = 'smtp-page-pass-41';
		const fields = { id: '', name: 'Page mail', host: 'smtp.example.test', port: '587', username: 'mailer', password: pw, from: 'at@example.test', tls: 'starttls' };
		const created = await action('/node-configs', 'save', fields);
		expect(created.type).toBe('success');
		expect(created.data).not.toContain(pw);
		const c = ((await A.get('/node-configs')).json.node_configs as { id: string; name: string; data: Record<string, unknown> }[]).find((x) => x.name === 'Page mail')!;
		expect(c.data).toMatchObject({ has_password: true, port: 587, tls: 'starttls' });
		expect(await html(`/node-configs?edit=${c.id}`)).not.toContain(pw);

		const edited = await action('/node-configs', 'save', { ...fields, id: c.id, password: '', port: '465', tls: 'tls' });
		expect(edited.type).toBe('success');
		expect((await A.get(`/node-configs/${c.id}`)).json.data).toMatchObject({ has_password: true, port: 465, tls: 'tls' });
		const missing = await action('/node-configs', 'save', { ...fields, host: '', name: 'Other' });
		expect(missing).toMatchObject({ type: 'failure', status: 400 });
		expect(missing.form!.errors.host).toEqual(['an SMTP host is required']);
		expect((await action('/node-configs', 'delete', { id: c.id })).type).toBe('success');
		expect((await A.get(`/node-configs/${c.id}`)).status).toBe(404);
	});

	it('workflows: AT graphs import unchanged and export back, clashes and broken graphs are refused, copies drop aliases, the list shows versions and the last run', async () => {
		const fixture = JSON.parse(readFileSync('src/lib/workflow/fixtures/valid-full.json', 'utf8')) as { nodes: { type: string; data: Record<string, unknown> }[]; edges: unknown[] };
		const imported = await action('/workflows', 'import', { name: 'From AT', json: JSON.stringify(fixture) });
		expect(imported).toMatchObject({ type: 'redirect', status: 303 });
		const id = imported.location!.split('/').at(-1)!;
		const exported = await fetch(`${at.url}/workflows/${id}/export`, { headers: cookie ? { cookie } : {} });
		expect(exported.headers.get('content-disposition')).toBe('attachment; filename="from-at.json"');
		const file = (await exported.json()) as { name: string; graph: typeof fixture };
		expect(file.name).toBe('From AT');
		const strip = (g: typeof fixture) => ({ ...g, nodes: g.nodes.map((n) => ({ ...n, data: Object.fromEntries(Object.entries(n.data).filter(([k]) => k !== 'trigger_id')) })) });
		expect(strip(file.graph)).toEqual(fixture);

		const clash = await action('/workflows', 'import', { name: '', json: JSON.stringify(file) });
		expect(clash).toMatchObject({ type: 'failure', status: 409 });
		expect(clash.form!.errors.json![0]).toMatch(/^alias "my-hook" is already used by another webhook/);
		const broken = await action('/workflows', 'import', { name: '', json: '{"nodes":[{"id":"a","type":"teleport"}]}' });
		expect(broken).toMatchObject({ type: 'failure', status: 400 });
		expect(broken.form!.errors.json).toEqual(['#1 (teleport): unknown node type "teleport"']);
		expect((await action('/workflows', 'import', { name: '', json: '' })).status).toBe(400);

		const dup = await action('/workflows', 'duplicate', { id });
		expect(dup.form!.message).toEqual({ type: 'success', text: 'Duplicated as “From AT (copy)”.' });
		const list = (await A.get('/workflows')).json.workflows as { id: string; name: string }[];
		const copy = list.find((w) => w.name === 'From AT (copy)')!;
		const copied = (await A.get(`/workflows/${copy.id}`)).json.graph as typeof fixture;
		expect(copied.nodes.find((n) => n.type === 'http_trigger')!.data.alias).toBeUndefined();

		const g = graph([node('in', 'input'), node('o', 'output', { label: 'x' })], [edge('in.output', 'o.input')]);
		const simple = await action('/workflows', 'create', { name: 'Listed', description: 'shows versions' });
		expect(simple.type).toBe('redirect');
		const sid = simple.location!.split('/').at(-1)!;
		expect((await A.put(`/workflows/${sid}`, { graph: g })).status).toBe(200);
		expect((await A.put(`/workflows/${sid}/active-version`, { version: 2 })).status).toBe(200);
		expect((await A.put(`/workflows/${sid}`, { graph: g })).status).toBe(200);
		expect((await A.runSync(sid, { a: 1 })).status).toBe(200);
		const page = await html('/workflows?q=listed');
		expect(page).toContain('v2 live');
		expect(page).toContain('v3 draft');
		expect(page).toContain('succeeded');
		expect(page).not.toContain('From AT');

		expect((await action('/workflows', 'delete', { id: copy.id })).type).toBe('success');
		expect((await A.get(`/workflows/${copy.id}`)).status).toBe(404);
	});

	it('skills: tools are added, renamed and tested from the page; bash handlers stay off unless exec is enabled', async () => {
		const created = await action('/skills', 'create', { name: 'Page skill', description: 'd', system_prompt: '' });
		expect(created.type).toBe('redirect');
		const path = created.location!.split('?')[0];
		const tool = { previous_name: '', name: 'lookup', description: 'Looks up', input_schema: '{"type":"object","properties":{"id":{"type":"string"}}}', handler: 'return { id: args.id };', handler_type: 'js' };
		const added = await action(path, 'saveTool', tool);
		expect(added).toMatchObject({ type: 'redirect', location: `${path}?tool=lookup` });
		expect((await action(path, 'saveTool', tool)).form!.errors.name).toEqual(['the skill already has a tool called "lookup"']);
		expect((await action(path, 'saveTool', { ...tool, name: 'other', input_schema: '{"type": ' })).form!.errors.input_schema![0]).toContain('The input schema is not valid JSON');
		const renamed = await action(path, 'saveTool', { ...tool, previous_name: 'lookup', name: 'find' });
		expect(renamed.location).toBe(`${path}?tool=find`);
		const id = path.split('/').at(-1)!;
		expect(((await A.get(`/skills/${id}`)).json.tools as { name: string }[]).map((t) => t.name)).toEqual(['find']);

		const ran = await action(path, 'test', { handler: 'log.info("hi"); return args.n * 2;', handler_type: 'js', args: '{"n": 21}' });
		expect(ran.type).toBe('success');
		expect(ran.form!.message).toMatchObject({ type: 'success', data: { result: 42, error: null, duration_ms: expect.any(Number), logs: [{ level: 'info', message: 'hi' }] } });
		const thrown = await action(path, 'test', { handler: 'throw new Error("nope")', handler_type: 'js', args: '{}' });
		expect(thrown.form!.message).toMatchObject({ type: 'error', data: { result: null, error: expect.stringContaining('nope') } });
		const bash = await action(path, 'test', { handler: 'echo hi', handler_type: 'bash', args: '{}' });
		expect(bash.form!.message!.data!.error).toContain('bash handlers are disabled on this server');
		expect((await action(path, 'test', { handler: 'return 1', handler_type: 'js', args: '[1]' })).status).toBe(400);

		expect((await action(path, 'deleteTool', { name: 'find' })).type).toBe('redirect');
		expect((await A.get(`/skills/${id}`)).json.tools).toEqual([]);
		expect((await action(path, 'delete', {})).location).toBe('/skills');
		expect((await A.get(`/skills/${id}`)).status).toBe(404);
	});

	it('agents: MCP URLs one per line, skills by id; invalid URLs refused', async () => {
		const skill = await A.post('/skills', { name: 'For agents', tools: [] });
		const fields = { id: '', name: 'Page agent', description: '', provider: 'openai', model: 'gpt-4o', system_prompt: 'hi', skills: [skill.json.id as string], mcp_urls: 'https://a.example/mcp\n\n  https://b.example/mcp  ', max_iterations: '4', tool_timeout: '20' };
		expect((await action('/agents', 'save', fields)).type).toBe('success');
		const a = ((await A.get('/agents')).json.agents as Record<string, unknown>[]).find((x) => x.name === 'Page agent')!;
		expect(a).toMatchObject({ provider: 'openai', model: 'gpt-4o', skills: [skill.json.id], mcp_urls: ['https://a.example/mcp', 'https://b.example/mcp'], max_iterations: 4, tool_timeout: 20 });
		const bad = await action('/agents', 'save', { ...fields, id: a.id as string, mcp_urls: 'ftp://x' });
		expect(bad).toMatchObject({ type: 'failure', status: 400 });
		expect(bad.form!.errors.mcp_urls).toEqual(['not an http(s) URL: ftp://x']);
		expect((await action('/agents', 'delete', { id: a.id as string })).type).toBe('success');
	});

	it('triggers: the switch disables and enables a webhook; the runs page drops invalid filters, filters by workflow and pages by cursor', async () => {
		const wf = await A.createWorkflow('hooked', graph([node('h', 'http_trigger', { alias: 'page-hook', public: true }), node('o', 'output', { label: 'x' })], [edge('h.output', 'o.input')]));
		const t = ((await A.get(`/workflows/${wf}/triggers`)).json.triggers as { id: string }[])[0];
		const off = await action('/triggers', 'toggle', { id: t.id, enabled: 'false' });
		expect(off.form!.message).toEqual({ type: 'success', text: 'Webhook of hooked disabled.' });
		expect((await A.get(`/triggers/${t.id}`)).json.enabled).toBe(false);
		expect((await fetch(`${at.url}/webhooks/page-hook`, { method: 'POST', body: '{}' })).status).toBe(403);
		expect((await action('/triggers', 'toggle', { id: t.id, enabled: 'true' })).form!.message!.text).toBe('Webhook of hooked enabled.');
		expect((await fetch(`${at.url}/webhooks/page-hook?sync=true`, { method: 'POST', body: '{}' })).status).toBe(200);
		expect((await action('/triggers', 'toggle', { id: 'nope', enabled: 'true' })).status).toBe(404);
		expect(await html('/triggers')).toContain(`${at.url}/webhooks/page-hook`);

		const runs = await html(`/runs?workflow_id=${wf}&status=bogus`);
		expect(runs).toContain('Some filters were ignored: status: must be one of');
		expect(runs).toMatch(/1 run<\/p>/);
		expect(await html('/runs?range=custom&from=2000-01-01T00:00&to=2000-01-02T00:00')).toContain('No runs match these filters');

		// 50 runs a page: the 51st is on page 2, reached through the "Older" cursor link.
		const many = await A.createWorkflow('many runs', graph([node('in', 'input'), node('o', 'output', { label: 'x' })], [edge('in.output', 'o.input')]));
		for (let i = 0; i < 51; i++) expect((await A.runSync(many, { i })).status).toBe(200);
		const first = await html(`/runs?workflow_id=${many}`);
		expect(first).toMatch(/51 runs<\/p>/);
		expect(first.match(/data-testid="run-row"/g)).toHaveLength(50);
		const older = /href="([^"]*cursor=[^"]*)"/.exec(first)![1].replaceAll('&amp;', '&');
		const second = await html(older);
		expect(second.match(/data-testid="run-row"/g)).toHaveLength(1);
		expect(second).toContain('Page 2');
	});
});
