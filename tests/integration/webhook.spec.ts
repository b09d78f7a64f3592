import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;

beforeAll(async () => {
	at = await startAt({
		config: {
			server: { admin_token: 'adm' },
			gateway: {
				auth_tokens: [
					{ token: 'sk-hooks', name: 'hooks', allowed_webhooks: ['private-hook'] },
					{ token: 'sk-models', name: 'models', allowed_models: ['x/y'] },
					{ token: 'sk-all', name: 'all' }
				]
			}
		}
	});
	A = api(at.url, 'adm');
});

afterAll(async () => {
	await at?.destroy();
});

function hookGraph(alias: string, isPublic: boolean, template = 'got {{ input.body.name }} via {{ input.method }}') {
	return graph(
		[node('hook', 'http_trigger', { alias, public: isPublic }), node('t', 'template', { template }), node('o', 'output', { label: 'reply' })],
		[edge('hook.output', 't.input'), edge('t.output', 'o.input')]
	);
}

const hook = (path: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(`${at.url}/webhooks/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe(`webhooks on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('creates a trigger row for the webhook node on save and answers ?sync=true with the outputs', async () => {
		const id = await A.createWorkflow('public hook', hookGraph('public-hook', true));
		const triggers = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string; alias: string; type: string; node_id: string; public: boolean; webhook_path: string }[];
		expect(triggers).toEqual([expect.objectContaining({ type: 'http', alias: 'public-hook', node_id: 'hook', public: true, webhook_path: '/webhooks/public-hook' })]);
		const wf = (await A.get(`/workflows/${id}`)).json as { graph: { nodes: { id: string; data: { trigger_id?: string } }[] } };
		expect(wf.graph.nodes.find((n) => n.id === 'hook')!.data.trigger_id).toBe(triggers[0].id);

		const r = await hook('public-hook?sync=true&x=1', { name: 'Ada' });
		expect(r.status).toBe(200);
		const body = await r.json();
		expect(body).toMatchObject({ status: 'succeeded', outputs: { reply: 'got Ada via POST' } });
		const run = await A.getRun(body.run_id);
		expect(run.source).toBe('webhook');
		expect(run.inputs).toMatchObject({ method: 'POST', query: { x: '1' }, body: { name: 'Ada' }, trigger_id: triggers[0].id, headers: expect.objectContaining({ 'content-type': 'application/json' }) });
		// By trigger id too, and async → 202 with the run id.
		const async = await hook(triggers[0].id, { name: 'Bob' });
		expect(async.status).toBe(202);
		const done = await A.waitRun((await async.json()).run_id);
		expect(done.outputs).toEqual({ reply: 'got Bob via POST' });
		expect((await hook('no-such-hook', {})).status).toBe(404);
	});

	it('requires a gateway token allowed for a non-public webhook, and never stores the token', async () => {
		await A.createWorkflow('private hook', hookGraph('private-hook', false));
		const none = await hook('private-hook?sync=true', { name: 'x' });
		expect(none.status).toBe(401);
		expect((await hook('private-hook?sync=true', { name: 'x' }, { authorization: 'Bearer sk-wrong' })).status).toBe(401);
		expect((await hook('private-hook?sync=true', { name: 'x' }, { authorization: 'Bearer sk-models' })).status).toBe(403);
		const ok = await hook('private-hook?sync=true', { name: 'Cy' }, { authorization: 'Bearer sk-hooks' });
		expect(ok.status).toBe(200);
		const body = await ok.json();
		expect(body.outputs).toEqual({ reply: 'got Cy via POST' });
		expect((await hook('private-hook?sync=true', { name: 'Di' }, { authorization: 'Bearer sk-all' })).status).toBe(200);
		const run = await A.getRun(body.run_id);
		expect(JSON.stringify(run)).not.toContain('sk-hooks');
	});

	it('checks the HMAC signature and the body limit set on the trigger', async () => {
		const id = await A.createWorkflow('signed hook', hookGraph('signed-hook', true));
		const [t] = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string }[];
		const put = await A.put(`/triggers/${t.id}`, { config: { secret: 'shh', body_limit: 64 } });
		expect(put.status).toBe(200);
		expect(put.json).toMatchObject({ has_secret: true, config: { secret: '***', body_limit: 64 } });
		const raw = JSON.stringify({ name: 'Eve' });
		const sig = 'sha256=' + createHmac('sha256', 'shh').update(raw).digest('hex');
		expect((await hook('signed-hook?sync=true', raw)).status).toBe(401);
		expect((await hook('signed-hook?sync=true', raw, { 'x-at-signature': 'sha256=' + '0'.repeat(64) })).status).toBe(401);
		const good = await hook('signed-hook?sync=true', raw, { 'x-at-signature': sig });
		expect(good.status).toBe(200);
		expect((await good.json()).outputs).toEqual({ reply: 'got Eve via POST' });
		const gh = await hook('signed-hook?sync=true', raw, { 'x-hub-signature-256': sig });
		expect(gh.status).toBe(200);
		const big = JSON.stringify({ name: 'x'.repeat(100) });
		const tooBig = await hook('signed-hook?sync=true', big, { 'x-at-signature': 'sha256=' + createHmac('sha256', 'shh').update(big).digest('hex') });
		expect(tooBig.status).toBe(413);
		expect((await tooBig.json()).message).toContain('64 bytes');
		// Saving "***" back keeps the stored secret.
		await A.put(`/triggers/${t.id}`, { config: { secret: '***' } });
		expect((await hook('signed-hook?sync=true', raw, { 'x-at-signature': sig })).status).toBe(200);
		// Disabled → 403.
		await A.put(`/triggers/${t.id}`, { enabled: false });
		expect((await hook('signed-hook?sync=true', raw, { 'x-at-signature': sig })).status).toBe(403);
	});

	it('runs the active version; a save keeps the trigger row and removing the node deletes it', async () => {
		const id = await A.createWorkflow('versioned hook', hookGraph('ver-hook', true, 'v1'));
		await A.put(`/workflows/${id}/active-version`, { version: 1 });
		await A.put(`/workflows/${id}`, { graph: hookGraph('ver-hook', true, 'v2') });
		const r = await hook('ver-hook?sync=true', {});
		expect((await r.json()).outputs).toEqual({ reply: 'v1' });
		const before = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string }[];
		await A.put(`/workflows/${id}/active-version`, { version: 2 });
		expect((await (await hook('ver-hook?sync=true', {})).json()).outputs).toEqual({ reply: 'v2' });
		const after = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string }[];
		expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
		// A trigger created through the API for no node survives saves.
		const extra = await A.post(`/workflows/${id}/triggers`, { type: 'http', alias: 'api-made', public: true });
		expect(extra.status).toBe(201);
		await A.put(`/workflows/${id}`, { graph: graph([node('in', 'input'), node('o', 'output')], [edge('in.output', 'o.input')]) });
		const left = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string; alias: string }[];
		expect(left.map((t) => t.alias)).toEqual(['api-made']);
		// An alias taken by another workflow is refused.
		const clash = await A.post('/workflows', { name: 'clash', graph: hookGraph('public-hook', true) });
		expect(clash.status).toBe(409);
		expect(clash.json.message).toContain('public-hook');
	});

	it('validates trigger bodies', async () => {
		const id = await A.createWorkflow('trig api', graph([node('in', 'input')], []));
		expect((await A.post(`/workflows/${id}/triggers`, { type: 'cron', config: { schedule: 'not a cron' } })).status).toBe(400);
		expect((await A.post(`/workflows/${id}/triggers`, { type: 'smoke' })).status).toBe(400);
		const cron = await A.post(`/workflows/${id}/triggers`, { type: 'cron', config: { schedule: '0 9 * * 1', timezone: 'Europe/Berlin' }, enabled: false });
		expect(cron.status).toBe(201);
		expect(cron.json).toMatchObject({ type: 'cron', enabled: false, config: { schedule: '0 9 * * 1', timezone: 'Europe/Berlin' } });
		const enabled = await A.put(`/triggers/${cron.json.id}`, { enabled: true });
		expect(enabled.json.next_run_at).toEqual(expect.any(String));
		expect(new Date(enabled.json.next_run_at as string).getUTCDay()).toBe(1);
		expect((await A.get('/triggers')).json.triggers).toEqual(expect.arrayContaining([expect.objectContaining({ id: cron.json.id })]));
		expect((await A.del(`/triggers/${cron.json.id}`)).status).toBe(204);
		expect((await A.get(`/triggers/${cron.json.id}`)).status).toBe(404);
	});
});
