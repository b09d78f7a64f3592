import { parse } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, formPost, login } from '../helpers/auth';
import { api, edge, graph, node, step } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

/**
 * The run page /runs/[id] through the real handle chain, signed in as an editor (runs need the
 * editor role): its server render, the cancel and rerun form actions (as `use:enhance` posts them,
 * and as plain form posts), and what reruns record (rerun_of, rerun_from, reused steps).
 */
let at: AtServer;
let A: ReturnType<typeof api>;
let cookie = '';
let simple = '';
let slow = '';

type Form = { valid: boolean; message?: { type: string; text: string } };
type ActionResult = { type: string; status: number; location?: string; form?: Form };

async function action(path: string, name: string, fields: Record<string, string> = {}): Promise<ActionResult> {
	const res = await formPost(at.url, `${path}?/${name}`, fields, { cookie, accept: 'application/json', headers: { 'x-sveltekit-action': 'true' } });
	const json = (await res.json()) as { type: string; status: number; location?: string; data?: string };
	const data = json.data ? (parse(json.data) as { form?: Form }) : undefined;
	return { type: json.type, status: json.status, location: json.location, form: data?.form };
}

async function html(path: string): Promise<{ status: number; body: string }> {
	const res = await fetch(`${at.url}${path}`, { headers: { accept: 'text/html', cookie }, redirect: 'manual' });
	return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: 'adm' } } });
	A = api(at.url, 'adm');
	const created = await apiCall(at.url, { bearer: 'adm' }, 'POST', '/users', { username: 'run-editor', password: 'run-editor-password', role: 'editor' });
	expect(created.status).toBe(201);
	cookie = await login(at.url, 'run-editor', 'run-editor-password');
	simple = await A.createWorkflow(
		'Run page <b>simple</b>',
		graph(
			[node('in', 'input'), node('t', 'template', { label: '<img src=x onerror=alert(1)>', template: 'hi {{ input.name }}' }), node('o', 'output', { label: 'greeting' })],
			[edge('in.output', 't.input'), edge('t.output', 'o.input')]
		)
	);
	slow = await A.createWorkflow('Run page slow', graph([node('in', 'input'), node('d', 'delay', { duration: '30s' }), node('o', 'output')], [edge('in.output', 'd.input'), edge('d.output', 'o.input')]));
});
afterAll(async () => {
	await at?.destroy();
});

describe(`the run page on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	// Fails when the page is not server-rendered with the run's graph, statuses and outputs, or renders names as HTML.
	it('server-renders the run on its graph with step statuses, outputs and inert names', async () => {
		const r = await A.runSync(simple, { name: 'Ada' });
		expect(r.status).toBe(200);
		const runId = r.json.run_id as string;
		const { status, body } = await html(`/runs/${runId}`);
		expect(status).toBe(200);
		for (const id of ['in', 't', 'o']) expect(body).toMatch(new RegExp(`data-id="${id}"`));
		expect(body).toMatch(/data-node-type="template"[^>]*data-status="succeeded"/);
		expect(body).toMatch(/data-testid="step-row" data-node-id="t" data-status="succeeded"/);
		expect(body).toContain(runId);
		expect(body).toContain('hi Ada');
		expect(body).toContain(`href="/workflows/${simple}?run=${runId}"`);
		expect(body).not.toMatch(/<img src=x onerror/i);
		expect(body).not.toContain('<b>simple</b>');
		expect(body).toContain('&lt;img src=x onerror=alert(1)');
		expect((await html('/runs/01HNOPE0000000000000000000')).status).toBe(404);
	});

	// Fails when "Rerun from this node" does not start a rerun that reuses the steps before the node and records what it reran.
	it('reruns from a node (reusing the steps before it) and as a whole, and refuses an unknown node', async () => {
		const first = (await A.runSync(simple, { name: 'Bo' })).json.run_id as string;
		const fromNode = await action(`/runs/${first}`, 'rerun', { from_node: 't' });
		expect(fromNode.type).toBe('redirect');
		const again = /^\/runs\/([0-9A-Z]{26})$/.exec(fromNode.location ?? '')![1];
		expect(again).not.toBe(first);
		const rerun = (await A.waitRun(again)) as Awaited<ReturnType<typeof A.waitRun>> & { rerun_of: string; rerun_from: string | null; steps: { reused: boolean }[] };
		expect(rerun).toMatchObject({ status: 'succeeded', rerun_of: first, rerun_from: 't', outputs: { greeting: 'hi Bo' } });
		expect(step(rerun, 'in')).toMatchObject({ status: 'succeeded', reused: true });
		expect(step(rerun, 't')).toMatchObject({ status: 'succeeded', reused: false });
		expect(step(rerun, 'o')).toMatchObject({ reused: false });
		const page = await html(`/runs/${again}`);
		expect(page.body).toMatch(/data-node-type="input"[^>]*data-reused="true"/);
		expect(page.body).toContain(`href="/runs/${first}"`);
		// The stored first run is untouched: nothing of it was reused.
		expect((await A.getRun(first)).steps.every((s) => (s as { reused?: boolean }).reused === false)).toBe(true);

		const whole = await action(`/runs/${first}`, 'rerun', { from_node: '' });
		expect(whole.type).toBe('redirect');
		const wholeRun = (await A.waitRun(whole.location!.split('/').pop()!)) as unknown as { rerun_of: string; rerun_from: string | null; steps: { reused: boolean }[] };
		expect(wholeRun).toMatchObject({ rerun_of: first, rerun_from: null });
		expect(wholeRun.steps.some((s) => s.reused)).toBe(false);

		const bad = await action(`/runs/${first}`, 'rerun', { from_node: 'nope' });
		expect(bad).toMatchObject({ type: 'failure', status: 400 });
		expect(bad.form?.message).toEqual({ type: 'error', text: 'from_node: no node "nope" in this version' });
		const gone = await action('/runs/01HNOPE0000000000000000000', 'rerun', {});
		expect(gone).toMatchObject({ type: 'failure', status: 404 });

		// Without JavaScript the form post answers with the redirect itself.
		const plain = await formPost(at.url, `/runs/${first}?/rerun`, { from_node: '' }, { cookie });
		expect(plain.status).toBe(303);
		expect(plain.headers.get('location')).toMatch(/^\/runs\/[0-9A-Z]{26}$/);
	});

	// Fails when the Cancel action does not stop a running run, or claims to cancel one that is over.
	it('cancels a running run and refuses to cancel a finished one', async () => {
		const runId = await A.run(slow, {});
		const ok = await action(`/runs/${runId}`, 'cancel');
		expect(ok).toMatchObject({ type: 'success', status: 200 });
		expect(ok.form?.message).toEqual({ type: 'success', text: 'Stopping the run…' });
		const run = await A.waitRun(runId, 10_000);
		expect(run.status).toBe('cancelled');
		expect(run.error).toContain('cancelled by run-editor');
		const again = await action(`/runs/${runId}`, 'cancel');
		expect(again).toMatchObject({ type: 'failure', status: 409 });
		expect(again.form?.message?.text).toBe('the run is already cancelled');
		const page = await html(`/runs/${runId}`);
		expect(page.body).toContain('data-testid="run-cancelled"');
		expect(page.body).toContain('cancelled by run-editor');
		// The API shares the service: same answers.
		expect((await A.post(`/runs/${runId}/cancel`)).status).toBe(409);
		expect((await A.post('/runs/01HNOPE0000000000000000000/cancel')).json).toEqual({ message: 'run not found' });
	});

	// Fails when a webhook or child run's page does not say where the run came from.
	it('names the trigger of a webhook run and the parent of a child run', async () => {
		const hook = await A.createWorkflow('Run page hook', graph([node('h', 'http_trigger', { alias: 'run-page-hook', public: true }), node('o', 'output', { label: 'got' })], [edge('h.output', 'o.input')]));
		expect(hook).toBeTruthy();
		const res = await fetch(`${at.url}/webhooks/run-page-hook?sync=true`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
		expect(res.status).toBe(200);
		const hookRun = (await res.json()).run_id as string;
		expect((await html(`/runs/${hookRun}`)).body).toContain('POST /webhooks/run-page-hook');

		const parent = await A.createWorkflow('Run page parent', graph([node('in', 'input'), node('call', 'workflow_call', { workflow_id: simple }), node('o', 'output')], [edge('in.output', 'call.inputs'), edge('call.output', 'o.input')]));
		const p = await A.runSync(parent, { name: 'Cy' });
		expect(p.json.status).toBe('succeeded');
		const parentPage = await html(`/runs/${p.json.run_id}`);
		const child = (await A.getRun(p.json.run_id as string)) as unknown as { children: { id: string }[] };
		expect(parentPage.body).toContain('data-testid="child-runs"');
		expect(parentPage.body).toContain(`href="/runs/${child.children[0].id}"`);
		const childPage = await html(`/runs/${child.children[0].id}`);
		expect(childPage.body).toContain(`href="/runs/${p.json.run_id}"`);
		expect(childPage.body).toContain('called by Run page parent');
	});
});
