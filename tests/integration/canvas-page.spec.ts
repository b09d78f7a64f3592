import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/auth';
import { api, edge, graph, node } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;
let cookie = '';

beforeAll(async () => {
	at = await startAt({
		config: {
			server: { admin_token: 'adm' },
			store: { encryption_key: 'canvas-key' },
			providers: { acme: { type: 'openai', api_key: 'sk-provider-secret', base_url: 'http://127.0.0.1:9/v1/chat/completions', model: 'acme-small', models: ['acme-small', 'acme-large'] } }
		}
	});
	A = api(at.url, 'adm');
	expect((await A.post('/users', { username: 'canvas-admin', password: 'canvas-admin-password', role: 'admin' })).status).toBe(201);
	cookie = await login(at.url, 'canvas-admin', 'canvas-admin-password');
});
afterAll(async () => {
	await at?.destroy();
});

const page = async (path: string) => {
	const r = await fetch(`${at.url}${path}`, { headers: { cookie }, redirect: 'manual' });
	return { status: r.status, html: await r.text() };
};

describe(`the canvas page on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	// Fails when the canvas page is not server-rendered with the stored graph, its sizes and edges, and its pickers' data.
	it('server-renders the draft graph with every node, edge and the live provider registry', async () => {
		const id = await A.createWorkflow(
			'SSR',
			graph(
				[node('in', 'input'), node('llm', 'llm_call', { provider: 'acme', prompt: 'Summarise {{ prompt }}' }), node('out', 'output', { label: 'summary' })],
				[edge('in.output', 'llm.prompt'), edge('llm.response', 'out.input')]
			)
		);
		const { status, html } = await page(`/workflows/${id}`);
		expect(status).toBe(200);
		for (const n of ['in', 'llm', 'out']) expect(html).toMatch(new RegExp(`class="svelte-flow__node svelte-flow__node-[a-z_]+[^"]*"[^>]*data-id="${n}"|data-id="${n}"[^>]*class="svelte-flow__node`));
		expect(html).toContain('width:272px');
		expect(html.match(/svelte-flow__edge-path/g)).toHaveLength(2);
		expect(html).toContain('acme · acme-small');
		expect(html).toContain('Summarise {{ prompt }}');
		expect(html).toContain('"acme-large"');
		expect(html).not.toContain('sk-provider-secret');
	});

	// Fails when node labels, workflow names or note markdown reach the page as live HTML (SPEC §12: XSS rendered inert).
	it('renders names, labels and notes inert', async () => {
		const id = await A.createWorkflow(
			'<img src=x onerror=alert(1)>',
			graph(
				[
					node('t', 'template', { label: '<script>alert("label")</script>', template: '<b onmouseover=alert(2)>x</b>' }),
					node('n', 'sticky_note', { text: '<img src=x onerror=alert(3)> [click](javascript:alert(4))\n\n<iframe src="https://evil.test"></iframe>' })
				],
				[]
			)
		);
		const { status, html } = await page(`/workflows/${id}`);
		expect(status).toBe(200);
		expect(html).not.toMatch(/<img src=x onerror/i);
		expect(html).not.toMatch(/<script>alert\("label"\)/);
		expect(html).not.toMatch(/<b onmouseover/i);
		expect(html).not.toMatch(/<iframe/i);
		expect(html).not.toMatch(/href="javascript:/i);
		expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
	});

	// Fails when node-config secrets leak into the page (the form only needs names).
	it('lists email configurations without their secrets', async () => {
		const cfg = await A.post('/node-configs', { name: 'Ops mail', type: 'email', data: { host: 'smtp.example.test', username: 'u', password: 'smtp-secret-xyz', from: 'at@example.test' } });
		expect(cfg.status).toBe(201);
		const id = await A.createWorkflow('mail', graph([node('m', 'email', { config_id: cfg.json.id, to: 'a@example.test' })], []));
		const { html } = await page(`/workflows/${id}`);
		expect(html).toContain('Ops mail');
		expect(html).not.toContain('smtp-secret-xyz');
		expect(html).not.toContain('smtp.example.test');
	});

	// Fails when ?run=<id> does not show the run's node statuses, or shows a run of another workflow.
	it('shows a past run of this workflow on the canvas, and ignores runs of other workflows', async () => {
		const g = graph([node('in', 'input'), node('t', 'template', { template: 'hi {{ input.name }}' }), node('o', 'output', { label: 'x' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')]);
		const id = await A.createWorkflow('runs', g);
		const other = await A.createWorkflow('other', g);
		const ok = await A.runSync(id, { name: 'Ada' });
		expect(ok.status).toBe(200);
		const runId = ok.json.run_id as string;
		const { html } = await page(`/workflows/${id}?run=${runId}`);
		expect(html).toMatch(/data-node-type="template"[^>]*data-status="succeeded"/);
		expect(html).toContain('hi Ada');
		const foreign = await page(`/workflows/${other}?run=${runId}`);
		expect(foreign.status).toBe(200);
		expect(foreign.html).not.toContain('data-status="succeeded"');
	});

	// Fails when an unknown workflow renders an empty canvas instead of a 404.
	it('answers 404 for an unknown workflow', async () => {
		expect((await page('/workflows/01HNOPE0000000000000000000')).status).toBe(404);
	});
});
