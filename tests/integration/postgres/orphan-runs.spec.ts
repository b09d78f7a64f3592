import { afterAll, expect, it } from 'vitest';
import { api, edge, graph, node, sleep } from '../../fixtures/workflows';
import { startAt, type AtServer } from '../../helpers/server';

const config = { server: { admin_token: 'adm' } };
const started: AtServer[] = [];
afterAll(async () => {
	for (const s of started.slice(1)) await s.stop();
	await started[0]?.destroy();
});

// A run whose instance was killed stayed "running" forever: its SSE followers and cancel requests waited on nothing.
it('marks the open runs of an instance that died as failed, and leaves a live instance’s runs alone', async () => {
	const a = await startAt({ config });
	started.push(a);
	const b = await startAt({ config, dataLocation: a.dataLocation });
	started.push(b);
	const A = api(a.url, 'adm');
	const B = api(b.url, 'adm');
	const id = await A.createWorkflow('long', graph([node('in', 'input'), node('d', 'delay', { duration: 60 }), node('o', 'output')], [edge('in.output', 'd.input'), edge('d.output', 'o.input')]));
	const onA = await A.run(id);
	const onB = await B.run(id);
	await sleep(300);
	expect((await B.getRun(onA)).status).toBe('running');

	a.process.kill('SIGKILL');
	await new Promise((r) => a.process.once('exit', r));
	// A fresh instance sweeps at start (running ones do every 30 s).
	const c = await startAt({ config, dataLocation: a.dataLocation });
	started.push(c);
	const C = api(c.url, 'adm');
	const orphan = await C.getRun(onA);
	expect(orphan.status).toBe('failed');
	expect(orphan.error).toMatch(/^the instance running it \(.+\) stopped before the run finished$/);
	expect(orphan.finished_at).toEqual(expect.any(String));
	expect(orphan.steps.find((s) => s.node_id === 'd')).toMatchObject({ status: 'failed', error: orphan.error });
	expect((await C.getRun(onB)).status).toBe('running');
	expect((await B.post(`/runs/${onB}/cancel`)).status).toBe(202);
	expect((await B.waitRun(onB, 5000)).status).toBe('cancelled');
});
