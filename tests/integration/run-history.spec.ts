import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node, type RunJson } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;
let okWf = '';
let badWf = '';
let hookWf = '';
let parentWf = '';
const ids: Record<string, string[]> = { ok: [], bad: [], editor: [], hook: [] };

interface Summary extends Omit<RunJson, 'steps' | 'inputs' | 'outputs'> {
	workflow_name: string | null;
}
interface Page {
	runs: Summary[];
	count: number;
	next_cursor: string | null;
}

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: 'adm' } } });
	A = api(at.url, 'adm');
	okWf = await A.createWorkflow('History OK', graph([node('in', 'input'), node('t', 'template', { template: 'hi {{ input.n }}' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')]));
	badWf = await A.createWorkflow('History bad', graph([node('in', 'input'), node('c', 'conditional', { expression: 'input.missing.deeper' }), node('o', 'output')], [edge('in.output', 'c.input'), edge('c.true', 'o.input')]));
	hookWf = await A.createWorkflow(
		'History hook',
		graph(
			[node('hook', 'http_trigger', { alias: 'history-hook', public: true }), node('o', 'output', { label: 'got' }), node('cron', 'cron_trigger', { schedule: '0 9 * * *', timezone: 'America/New_York' }), node('o2', 'output')],
			[edge('hook.output', 'o.input'), edge('cron.output', 'o2.input')]
		)
	);
	parentWf = await A.createWorkflow('History parent', graph([node('in', 'input'), node('call', 'workflow_call', { workflow_id: okWf }), node('o', 'output', { label: 'child' })], [edge('in.output', 'call.inputs'), edge('call.output', 'o.input')]));
	for (let i = 0; i < 5; i++) ids.ok.push((await A.runSync(okWf, { n: i })).json.run_id as string);
	for (let i = 0; i < 2; i++) ids.bad.push((await A.runSync(badWf, {})).json.run_id as string);
	ids.editor.push((await A.call('POST', `/api/v1/workflows/${okWf}/run?sync=true`, { inputs: { n: 9 }, source: 'editor' })).json.run_id as string);
	const hook = await fetch(`${at.url}/webhooks/history-hook?sync=true`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
	expect(hook.status).toBe(200);
	ids.hook.push((await hook.json()).run_id);
});

afterAll(async () => {
	await at?.destroy();
});

const page = async (query: string) => {
	const r = await A.get(`/runs${query}`);
	expect(r.status, JSON.stringify(r.json)).toBe(200);
	return r.json as unknown as Page;
};

describe('run history', () => {
	it('lists runs newest first with the workflow name, a total count, and no inputs or outputs', async () => {
		const all = await page('');
		expect(all.count).toBe(5 + 2 + 1 + 1);
		expect(all.runs.map((r) => r.id)).toEqual([...all.runs.map((r) => r.id)].sort().reverse());
		const first = all.runs.find((r) => r.id === ids.ok[4])!;
		expect(first).toMatchObject({ workflow_id: okWf, workflow_name: 'History OK', status: 'succeeded', source: 'api', workflow_version: 1, error: null });
		expect(first.duration_ms).toBeGreaterThanOrEqual(0);
		expect(first).not.toHaveProperty('inputs');
		expect(first).not.toHaveProperty('outputs');
		const failed = await page('?status=failed');
		expect(failed.count).toBe(2);
		expect(failed.runs.map((r) => r.id).sort()).toEqual([...ids.bad].sort());
		expect(failed.runs[0].error).toContain('(conditional) failed');
		expect((await page(`?workflow_id=${okWf}&source=editor`)).runs.map((r) => r.id)).toEqual(ids.editor);
		expect((await page(`?workflow_id=${okWf}`)).count).toBe(6);
		expect((await A.get(`/workflows/${okWf}/runs?status=succeeded&source=api`)).json.count).toBe(5);
		const hook = await page('?source=webhook');
		expect(hook.runs).toEqual([expect.objectContaining({ id: ids.hook[0], workflow_name: 'History hook', trigger_id: expect.any(String) })]);
		expect((await page(`?trigger_id=${hook.runs[0].trigger_id}`)).runs.map((r) => r.id)).toEqual(ids.hook);
	});

	it('pages with cursor until next_cursor is null, each run once, and filters by time', async () => {
		const seen: string[] = [];
		let cursor: string | null = '';
		let pages = 0;
		while (cursor !== null) {
			const p: Page = await page(`?workflow_id=${okWf}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
			expect(p.count).toBe(6);
			expect(p.runs.length).toBeLessThanOrEqual(2);
			seen.push(...p.runs.map((r) => r.id));
			cursor = p.next_cursor;
			pages++;
		}
		expect(pages).toBe(3);
		expect(seen).toEqual([...ids.editor, ...[...ids.ok].reverse()]);
		expect((await page(`?workflow_id=${okWf}&limit=2&before=${seen[1]}`)).runs.map((r) => r.id)).toEqual(seen.slice(2, 4));

		const all = await page(`?workflow_id=${okWf}`);
		const oldest = all.runs.at(-1)!.started_at;
		const newest = all.runs[0].started_at;
		expect((await page(`?workflow_id=${okWf}&from=${encodeURIComponent(newest)}`)).runs.map((r) => r.id)).toContain(all.runs[0].id);
		expect((await page(`?workflow_id=${okWf}&to=${encodeURIComponent(oldest)}`)).count).toBe(0);
		expect((await page(`?workflow_id=${okWf}&from=2000-01-01&to=2100-01-01`)).count).toBe(6);
		expect((await page('?from=2100-01-01')).count).toBe(0);
	});

	it('refuses bad filters with a message naming the field', async () => {
		const cases: [string, RegExp][] = [
			['?status=done', /^status: must be one of queued, running, succeeded, failed, cancelled/],
			['?source=cli', /^source: must be one of/],
			['?from=yesterday', /^from: must be an RFC 3339 time/],
			['?from=2026-02-01&to=2026-01-01', /^to: must be later than from/],
			['?limit=0', /^limit:/],
			['?limit=many', /^limit: must be a number/]
		];
		for (const [q, message] of cases) {
			const r = await A.get(`/runs${q}`);
			expect(r.status, q).toBe(400);
			expect(r.json.message, q).toMatch(message);
		}
	});

	it('returns a run with its steps and durations, its child runs, and on request the graph of its version', async () => {
		const parent = await A.runSync(parentWf, { n: 1 });
		expect(parent.json.status).toBe('succeeded');
		const r = await A.get(`/runs/${parent.json.run_id}`);
		const run = r.json as unknown as RunJson & { workflow_name: string; children: Summary[]; graph?: unknown };
		expect(run.workflow_name).toBe('History parent');
		expect(run.steps.map((s) => s.node_id).sort()).toEqual(['call', 'in', 'o']);
		for (const s of run.steps) expect(s).toMatchObject({ status: 'succeeded', duration_ms: expect.any(Number), attempt: 1, iteration: -1 });
		expect(run.children).toEqual([expect.objectContaining({ workflow_id: okWf, workflow_name: 'History OK', source: 'workflow', parent_run_id: parent.json.run_id, status: 'succeeded' })]);
		expect(run).not.toHaveProperty('graph');
		expect((await page(`?parent_run_id=${parent.json.run_id}`)).runs.map((c) => c.id)).toEqual([run.children[0].id]);
		const withGraph = (await A.get(`/runs/${parent.json.run_id}?include=graph`)).json as { graph: { nodes: { id: string }[] } };
		expect(withGraph.graph.nodes.map((n) => n.id)).toEqual(['in', 'call', 'o']);
		expect((await A.get(`/runs/${parent.json.run_id}?include=everything`)).status).toBe(400);
		expect((await A.get('/runs/nope')).status).toBe(404);
	});
});

describe('trigger overview', () => {
	interface TriggerView {
		id: string;
		type: string;
		workflow_id: string;
		workflow_name: string;
		enabled: boolean;
		webhook_path?: string;
		schedule?: string;
		timezone?: string;
		next_run_at: string | null;
		next_runs: string[];
		last_run_id: string | null;
		last_status: string | null;
		last_run_at: string | null;
	}
	const list = async (q = '') => (await A.get(`/triggers${q}`)).json.triggers as unknown as TriggerView[];

	it('lists every trigger with workflow name, webhook path, last run and timezone-aware next fire times', async () => {
		const all = await list();
		const hook = all.find((t) => t.type === 'http' && t.workflow_id === hookWf)!;
		expect(hook).toMatchObject({ workflow_name: 'History hook', webhook_path: '/webhooks/history-hook', enabled: true, last_run_id: ids.hook[0], last_status: 'succeeded', next_runs: [], next_run_at: null });
		expect(hook.last_run_at).toEqual(expect.any(String));
		const cron = all.find((t) => t.type === 'cron' && t.workflow_id === hookWf)!;
		expect(cron).toMatchObject({ workflow_name: 'History hook', schedule: '0 9 * * *', timezone: 'America/New_York', last_run_id: null });
		expect(cron.next_runs.length).toBe(5);
		expect(cron.next_run_at).toBe(cron.next_runs[0]);
		const hourInNewYork = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });
		for (const t of cron.next_runs) expect(Number(hourInNewYork.format(new Date(t)))).toBe(9);
		const times = cron.next_runs.map((t) => Date.parse(t));
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(23 * 3600_000);
		expect(times[0]).toBeGreaterThan(Date.now());
		expect((await list('?type=cron')).every((t) => t.type === 'cron')).toBe(true);
		expect((await list(`?workflow_id=${okWf}`)).length).toBe(0);
		expect((await A.get('/triggers?type=smtp')).status).toBe(400);
	});

	it('disables and enables a trigger with PUT; a disabled schedule has no next fire time', async () => {
		const cron = (await list('?type=cron')).find((t) => t.workflow_id === hookWf)!;
		const off = await A.put(`/triggers/${cron.id}`, { enabled: false });
		expect(off.status).toBe(200);
		expect(off.json).toMatchObject({ enabled: false, next_runs: [], next_run_at: null, workflow_name: 'History hook' });
		expect((await A.get(`/triggers/${cron.id}`)).json.enabled).toBe(false);
		const on = await A.put(`/triggers/${cron.id}`, { enabled: true });
		expect((on.json.next_runs as string[]).length).toBe(5);
		const hook = (await list('?type=http')).find((t) => t.workflow_id === hookWf)!;
		await A.put(`/triggers/${hook.id}`, { enabled: false });
		expect((await fetch(`${at.url}/webhooks/history-hook`, { method: 'POST', body: '{}' })).status).toBe(403);
		await A.put(`/triggers/${hook.id}`, { enabled: true });
		expect((await fetch(`${at.url}/webhooks/history-hook?sync=true`, { method: 'POST', body: '{}' })).status).toBe(200);
		expect((await A.put('/triggers/nope', { enabled: true })).status).toBe(404);
	});
});
