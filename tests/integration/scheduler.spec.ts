import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, maxOverlap, node, sleep, type RunJson } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

const config = { server: { admin_token: 'adm' } };
let at: AtServer;
let A: ReturnType<typeof api>;
const extra: AtServer[] = [];

beforeAll(async () => {
	at = await startAt({ config });
	A = api(at.url, 'adm');
});

afterAll(async () => {
	for (const s of extra) await s.stop();
	await at?.destroy();
});

async function cronRuns(workflowId: string): Promise<RunJson[]> {
	return ((await A.get(`/workflows/${workflowId}/runs?source=cron&limit=500`)).json.runs as RunJson[]).reverse();
}

describe(`cron scheduler on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('fires a */1 * * * * * trigger once per second on one instance, with its payload', async () => {
		// On PostgreSQL a second instance shares the database: only the lock holder may schedule.
		if (at.store === 'postgres') extra.push(await startAt({ config, dataLocation: at.dataLocation }));
		const id = await A.createWorkflow(
			'every second',
			graph(
				[node('cron', 'cron_trigger', { schedule: '*/1 * * * * *', timezone: 'Europe/Paris', payload: { hello: 'world' } }), node('o', 'output', { label: 'tick' })],
				[edge('cron.output', 'o.input')]
			)
		);
		await sleep(4500);
		const runs = await cronRuns(id);
		expect(runs.length).toBeGreaterThanOrEqual(3);
		expect(runs.length).toBeLessThanOrEqual(6);
		const seconds = runs.map((r) => Math.floor(Date.parse(r.started_at) / 1000));
		expect(new Set(seconds).size).toBe(seconds.length);
		expect(new Set(runs.map((r) => r.instance_id)).size).toBe(1);
		const first = await A.getRun(runs[0].id);
		expect(first.status).toBe('succeeded');
		expect(first.outputs).toEqual({ tick: { hello: 'world', trigger_id: expect.any(String), triggered_at: expect.any(String), schedule: '*/1 * * * * *' } });
		const [t] = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string; last_status: string; last_run_at: string; next_run_at: string }[];
		expect(t.last_status).toBe('succeeded');
		expect(t.next_run_at).toEqual(expect.any(String));
		// Disabling stops the ticks.
		await A.put(`/triggers/${t.id}`, { enabled: false });
		await sleep(300);
		const n = (await cronRuns(id)).length;
		await sleep(1600);
		expect((await cronRuns(id)).length).toBe(n);
	});

	it('keeps runs in flight when the workflow is saved, and skips overlapping ticks', async () => {
		const g = (label: string) =>
			graph(
				[node('cron', 'cron_trigger', { schedule: '*/1 * * * * *' }), node('d', 'delay', { duration: '1500ms', label }), node('o', 'output', { label: 'done' })],
				[edge('cron.output', 'd.input'), edge('d.output', 'o.input')]
			);
		const id = await A.createWorkflow('slow cron', g('first'));
		let running: RunJson | undefined;
		for (let i = 0; i < 40 && !running; i++) {
			running = (await cronRuns(id)).find((r) => r.status === 'running');
			if (!running) await sleep(100);
		}
		expect(running).toBeDefined();
		const saved = await A.put(`/workflows/${id}`, { graph: g('second') });
		expect(saved.status).toBe(200);
		const finished = await A.waitRun(running!.id);
		expect(finished.status).toBe('succeeded');
		await sleep(2500);
		const [t] = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { id: string }[];
		await A.del(`/triggers/${t.id}`);
		await sleep(200);
		const runs = await cronRuns(id);
		for (const r of runs) await A.waitRun(r.id);
		const all = await cronRuns(id);
		expect(all.every((r) => r.status === 'succeeded')).toBe(true);
		// protect: a tick while the previous run of the trigger is going is skipped, so runs never overlap.
		expect(maxOverlap(all.map((r) => ({ start: Date.parse(r.started_at), end: Date.parse(r.finished_at!) - 1 })))).toBe(1);
		expect(all.length).toBeLessThanOrEqual(3);
	});

	it('disables only the trigger with an invalid schedule; the others keep firing', async () => {
		const id = await A.createWorkflow(
			'mixed',
			graph(
				[
					node('bad', 'cron_trigger', { schedule: '99 * * * * *' }),
					node('good', 'cron_trigger', { schedule: '*/1 * * * * *' }),
					node('zone', 'cron_trigger', { schedule: '* * * * *', timezone: 'Mars/Olympus' }),
					node('o1', 'output', { label: 'x' }),
					node('o2', 'output', { label: 'y' }),
					node('o3', 'output', { label: 'z' })
				],
				[edge('bad.output', 'o1.input'), edge('good.output', 'o2.input'), edge('zone.output', 'o3.input')]
			)
		);
		const triggers = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { node_id: string; enabled: boolean; last_error: string | null }[];
		const by = (n: string) => triggers.find((t) => t.node_id === n)!;
		expect(by('bad')).toMatchObject({ enabled: false, last_error: expect.stringContaining('99 * * * * *') });
		expect(by('zone')).toMatchObject({ enabled: false, last_error: expect.stringContaining('Mars/Olympus') });
		expect(by('good')).toMatchObject({ enabled: true, last_error: null });
		await sleep(2600);
		const runs = await cronRuns(id);
		expect(runs.length).toBeGreaterThanOrEqual(2);
		expect(runs.every((r) => r.trigger_id === (triggers.find((t) => t.node_id === 'good') as unknown as { id: string }).id)).toBe(true);
		// Fixing the schedule on save re-enables the trigger.
		const fixed = await A.put(`/workflows/${id}`, {
			graph: graph(
				[node('bad', 'cron_trigger', { schedule: '0 0 1 1 *' }), node('o', 'output', { label: 'x' })],
				[edge('bad.output', 'o.input')]
			)
		});
		expect(fixed.status).toBe(200);
		const after = (await A.get(`/workflows/${id}/triggers`)).json.triggers as { node_id: string; enabled: boolean; last_error: string | null }[];
		expect(after).toEqual([expect.objectContaining({ node_id: 'bad', enabled: true, last_error: null })]);
	});

	it('delivers a cancel request to the instance that executes the run (over NOTIFY on PostgreSQL)', async () => {
		const id = await A.createWorkflow('long', graph([node('in', 'input'), node('d', 'delay', { duration: 30 }), node('o', 'output')], [edge('in.output', 'd.input'), edge('d.output', 'o.input')]));
		const runId = await A.run(id);
		// The request goes to another instance when there is one; the run executes on the first.
		const other = api((extra[0] ?? at).url, 'adm');
		await sleep(300);
		const t0 = Date.now();
		expect((await other.post(`/runs/${runId}/cancel`)).status).toBe(202);
		const run = await A.waitRun(runId, 5000);
		expect(run.status).toBe('cancelled');
		expect(Date.now() - t0).toBeLessThan(3000);
		expect(run.instance_id).toEqual(expect.any(String));
	});

	it('hands the scheduler to another instance when the leader stops (PostgreSQL), or keeps it on the only one (PGlite)', async () => {
		const id = await A.createWorkflow('failover', graph([node('cron', 'cron_trigger', { schedule: '*/1 * * * * *' }), node('o', 'output')], [edge('cron.output', 'o.input')]));
		await sleep(1500);
		const before = await cronRuns(id);
		expect(before.length).toBeGreaterThanOrEqual(1);
		const leader = before.at(-1)!.instance_id;
		if (at.store !== 'postgres') {
			expect(before.every((r) => r.instance_id === leader)).toBe(true);
			return;
		}
		const survivor = [at, ...extra].find((s) => !s.logs().includes(`"instance":"${leader}"`))!;
		const dying = [at, ...extra].find((s) => s !== survivor)!;
		await dying.stop();
		const S = api(survivor.url, 'adm');
		await sleep(6000);
		const runs = ((await S.get(`/workflows/${id}/runs?source=cron&limit=500`)).json.runs as RunJson[]).filter((r) => r.instance_id !== leader);
		expect(runs.length).toBeGreaterThanOrEqual(1);
	});
});
