import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node } from '../../fixtures/workflows';
import { startAt, type AtServer } from '../../helpers/server';

const config = { server: { admin_token: 'adm' } };
let a: AtServer;
let b: AtServer;
let A: ReturnType<typeof api>;

beforeAll(async () => {
	a = await startAt({ config });
	b = await startAt({ config, dataLocation: a.dataLocation });
	A = api(a.url, 'adm');
});

afterAll(async () => {
	await b?.stop();
	await a?.destroy();
});

interface Received {
	event: string;
	data: Record<string, unknown>;
	at: number;
}

/** Reads an SSE stream as it arrives, stamping each event with its arrival time. */
async function collect(url: string): Promise<Received[]> {
	const res = await fetch(url, { headers: { authorization: 'Bearer adm' } });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	const out: Received[] = [];
	const reader = res.body!.getReader();
	const dec = new TextDecoder();
	let buf = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		buf += dec.decode(value, { stream: true });
		let i: number;
		while ((i = buf.indexOf('\n\n')) >= 0) {
			const block = buf.slice(0, i);
			buf = buf.slice(i + 2);
			const ev = /^event: (.*)$/m.exec(block)?.[1];
			const data = /^data: (.*)$/m.exec(block)?.[1];
			if (ev && data) out.push({ event: ev, data: JSON.parse(data), at: Date.now() });
		}
	}
	return out;
}

describe('run events across instances (PostgreSQL)', () => {
	// SSE for a run executing on another instance used to be database polling only: no logs, seconds late.
	it('streams a run executing on instance A live from instance B, logs included, and ends with it', async () => {
		const id = await A.createWorkflow(
			'relay',
			graph(
				[
					node('in', 'input'),
					node('l1', 'log', { message: 'first {{ data.n }}' }),
					node('d', 'delay', { duration: '1200ms' }),
					node('big', 'script', { code: "return 'x'.repeat(20000)" }),
					node('l2', 'log', { message: 'second' }),
					node('o', 'output', { label: 'done' })
				],
				[edge('in.output', 'l1.data'), edge('l1.output', 'd.input'), edge('d.output', 'big.data'), edge('big.true', 'l2.data'), edge('l2.output', 'o.input')]
			)
		);
		const runId = await A.run(id, { n: 7 });
		const started = Date.now();
		const events = await collect(`${b.url}/api/v1/runs/${runId}/events`);
		const run = await A.getRun(runId);
		expect(run.status).toBe('succeeded');
		expect(run.instance_id).not.toBe('');
		expect(events.at(-1)!.event).toBe('end');

		const logs = events.filter((e) => e.event === 'log').map((e) => e.data.message);
		expect(logs).toEqual(['first 7', 'second']);
		const finished = (nodeId: string) => events.find((e) => e.event === 'step' && e.data.node_id === nodeId && e.data.status === 'succeeded');
		for (const n of ['in', 'l1', 'd', 'big', 'l2', 'o']) expect(finished(n), n).toBeTruthy();
		// Live: the first log reached B while the 1.2 s delay was still going.
		const first = events.find((e) => e.event === 'log')!;
		expect(first.at).toBeLessThan(finished('d')!.at - 600);
		expect(first.at - started).toBeLessThan(1000);
		// The 20 KB output does not fit a NOTIFY payload: it came partial, then whole from the database.
		const bigSteps = events.filter((e) => e.event === 'step' && e.data.node_id === 'big' && e.data.status === 'succeeded');
		expect(bigSteps.some((e) => e.data.partial === true)).toBe(true);
		expect(bigSteps.at(-1)!.data).toMatchObject({ outputs: { true: { result: 'x'.repeat(20000) } } });
		expect(events.filter((e) => e.event === 'run' && e.data.status === 'succeeded').length).toBe(1);
		// No step went back to an older state.
		const order = events.filter((e) => e.event === 'step' && e.data.node_id === 'd').map((e) => e.data.status);
		expect(order.indexOf('running')).toBeLessThan(order.indexOf('succeeded'));
		expect(order.lastIndexOf('running')).toBeLessThan(order.indexOf('succeeded'));
	});

	it('replays a finished run of the other instance from the database', async () => {
		const id = await A.createWorkflow('done', graph([node('in', 'input'), node('o', 'output', { label: 'v' })], [edge('in.output', 'o.input')]));
		const r = await A.runSync(id, { v: 1 });
		const events = await collect(`${b.url}/api/v1/runs/${r.json.run_id}/events`);
		expect(events.map((e) => e.event)).toEqual(['step', 'step', 'run', 'end']);
		expect(events[2].data).toMatchObject({ status: 'succeeded', outputs: { v: { v: 1 } } });
		expect((await fetch(`${b.url}/api/v1/runs/nope/events`, { headers: { authorization: 'Bearer adm' } })).status).toBe(404);
	});
});
