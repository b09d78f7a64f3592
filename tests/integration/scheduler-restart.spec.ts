import { afterAll, expect, it } from 'vitest';
import { api, edge, graph, node, sleep, type RunJson } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

const config = { server: { admin_token: 'adm' } };
const servers: AtServer[] = [];
afterAll(async () => {
	for (const s of servers.slice(1)) await s.stop();
	await servers[0]?.destroy();
});

// SPEC §8.6: ticks missed while no instance ran are not replayed — no burst of catch-up runs at start.
it('does not replay cron ticks missed while the server was down', async () => {
	const first = await startAt({ config });
	servers.push(first);
	const id = await api(first.url, 'adm').createWorkflow('ticks', graph([node('cron', 'cron_trigger', { schedule: '*/1 * * * * *' }), node('o', 'output')], [edge('cron.output', 'o.input')]));
	await sleep(1500);
	await first.stop();
	const stoppedAt = Date.now();
	await sleep(4000);
	const restartedAt = Date.now();
	const second = await startAt({ config, dataLocation: first.dataLocation });
	servers.push(second);
	await sleep(1500);
	const A = api(second.url, 'adm');
	const runs = (await A.get(`/workflows/${id}/runs?source=cron&limit=500`)).json.runs as unknown as RunJson[];
	const starts = runs.map((r) => Date.parse(r.started_at));
	expect(starts.filter((t) => t < stoppedAt).length).toBeGreaterThanOrEqual(1);
	expect(starts.filter((t) => t >= stoppedAt && t < restartedAt)).toEqual([]);
	const after = starts.filter((t) => t >= restartedAt);
	expect(after.length).toBeGreaterThanOrEqual(1);
	expect(after.length).toBeLessThanOrEqual(4);
	expect(new Set(after.map((t) => Math.floor(t / 1000))).size).toBe(after.length);
});
