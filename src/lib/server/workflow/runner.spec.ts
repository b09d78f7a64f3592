import { describe, expect, it } from 'vitest';
import { graphSchema, type Graph } from '$lib/workflow';
import { executors } from './executors';
import { retryDelayMs, Runner, type StepRecord } from './runner';
import type { EngineHost, Executor, RunInfo } from './types';
import { sleep } from './util';

const host: EngineHost = {
	instanceId: 'test',
	config: { execEnabled: false, allowHosts: [], maxDepth: 8 },
	getVar: async (k) => (k === 'K' ? 'v' : undefined),
	chat: async () => {
		throw new Error('no LLM in unit tests');
	},
	runChild: async () => {
		throw new Error('no child runs in unit tests');
	},
	loaders: { skills: async () => [], agents: async () => [], nodeConfig: async () => undefined }
};

function g(nodes: [string, string, Record<string, unknown>?][], edges: string[]): Graph {
	return graphSchema.parse({
		nodes: nodes.map(([id, type, data]) => ({ id, type, data: data ?? {} })),
		edges: edges.map((e, i) => {
			const [from, to] = e.split(' -> ');
			const [source, source_handle] = from.split('.');
			const [target, target_handle] = to.split('.');
			return { id: `e${i}`, source, source_handle, target, target_handle };
		})
	});
}

async function run(graph: Graph, opts: { inputs?: unknown; overrides?: Record<string, Executor>; signal?: AbortSignal; maxConcurrency?: number; maxSteps?: number; reuse?: Map<string, { outputs: Record<string, unknown>; inputs: unknown }> } = {}) {
	const steps: StepRecord[] = [];
	const info: RunInfo = { id: 'r1', workflowId: 'w1', version: 1, source: 'api', inputs: opts.inputs ?? {}, payload: undefined, triggerId: null, depth: 0, graph };
	const runner = new Runner({
		run: info,
		host,
		executors: { ...executors, ...opts.overrides } as Record<string, Executor>,
		entryIds: graph.nodes.filter((n) => n.type === 'input').map((n) => n.id),
		signal: opts.signal ?? new AbortController().signal,
		maxConcurrency: opts.maxConcurrency ?? 8,
		maxSteps: opts.maxSteps ?? 1000,
		reuse: opts.reuse,
		sink: { step: (r) => steps.push(r), log: () => {} }
	});
	const outcome = await runner.execute();
	const last = (id: string, it = -1) => steps.filter((s) => s.nodeId === id && s.iteration === it).at(-1);
	return { outcome, steps, last };
}

describe('Runner', () => {
	it('skips nodes whose incoming edges are all inactive, and runs a join when one input is active', async () => {
		const graph = g(
			[['in', 'input'], ['sw', 'switch', { cases: [{ name: 'a', expression: 'input.k === "a"' }] }], ['ta', 'template', { template: 'A' }], ['tb', 'template', { template: 'B' }], ['join', 'log', { message: 'j' }], ['o', 'output', { label: 'out' }]],
			['in.output -> sw.input', 'sw.a -> ta.input', 'sw.default -> tb.input', 'ta.output -> join.data', 'join.output -> o.input']
		);
		const a = await run(graph, { inputs: { k: 'a' } });
		expect(a.outcome).toEqual({ status: 'succeeded', outputs: { out: 'A' }, error: null });
		expect(a.last('tb')!.status).toBe('skipped');
		const b = await run(graph, { inputs: { k: 'b' } });
		expect(b.outcome.outputs).toEqual({});
		expect(['ta', 'join', 'o'].map((n) => b.last(n)!.status)).toEqual(['skipped', 'skipped', 'skipped']);
	});

	it('respects the per-run concurrency limit across branches', async () => {
		let inFlight = 0;
		let peak = 0;
		const slow: Executor = async (ctx) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await sleep(30, ctx.signal);
			inFlight--;
			return { outputs: { output: null } };
		};
		const nodes: [string, string, Record<string, unknown>?][] = [['in', 'input']];
		const edges: string[] = [];
		for (let i = 0; i < 6; i++) {
			nodes.push([`d${i}`, 'delay', { duration: 0 }]);
			edges.push(`in.output -> d${i}.input`);
		}
		const r = await run(g(nodes, edges), { overrides: { delay: slow }, maxConcurrency: 3 });
		expect(r.outcome.status).toBe('succeeded');
		expect(peak).toBe(3);
	});

	it('retries with the attempt recorded, routes failures of nodes with an error port, and fails the run otherwise', async () => {
		let calls = 0;
		const flaky: Executor = async () => {
			calls++;
			if (calls < 3) throw new Error(`boom ${calls}`);
			return { outputs: { success: 'ok', always: 'ok' } };
		};
		const graph = g([['in', 'input'], ['h', 'http_request', { url: 'http://x', retry: { count: 2, backoff: 0.001 } }], ['o', 'output', { label: 'r' }]], ['in.output -> h.data', 'h.success -> o.input']);
		const ok = await run(graph, { overrides: { http_request: flaky } });
		expect(ok.outcome.outputs).toEqual({ r: 'ok' });
		expect(ok.last('h')!.attempt).toBe(3);
		const always: Executor = async () => {
			throw new Error('down');
		};
		const routed = await run(g([['in', 'input'], ['h', 'http_request', { url: 'http://x' }], ['o', 'output', { label: 'e' }]], ['in.output -> h.data', 'h.error -> o.input']), { overrides: { http_request: always } });
		expect(routed.outcome).toMatchObject({ status: 'succeeded', outputs: { e: { error: 'down' } } });
		const failed = await run(g([['in', 'input'], ['t', 'template', { template: 'x', label: 'Render' }], ['o', 'output']], ['in.output -> t.input', 't.output -> o.input']), { overrides: { template: always } });
		expect(failed.outcome).toMatchObject({ status: 'failed', error: '#2 "Render" (template) failed: down' });
		expect(failed.last('o')).toBeUndefined();
	});

	it('loops with bounded concurrency and hands done the results in order', async () => {
		let inFlight = 0;
		let peak = 0;
		const work: Executor = async (ctx) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await sleep(10 + Math.random() * 20, ctx.signal);
			inFlight--;
			return { outputs: { output: `#${String(ctx.inputs.input)}` } };
		};
		const graph = g(
			[['in', 'input'], ['loop', 'loop', { expression: 'input', concurrency: 3 }], ['t', 'template'], ['o', 'output', { label: 'all' }]],
			['in.output -> loop.input', 'loop.item -> t.input', 'loop.done -> o.input']
		);
		const r = await run(graph, { inputs: [1, 2, 3, 4, 5, 6, 7], overrides: { template: work } });
		expect(r.outcome.outputs).toEqual({ all: ['#1', '#2', '#3', '#4', '#5', '#6', '#7'] });
		expect(peak).toBe(3);
		expect(r.steps.filter((s) => s.nodeId === 't' && s.status === 'succeeded').map((s) => s.iteration).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});

	it('cancels: running nodes see the abort and the run ends cancelled', async () => {
		const ac = new AbortController();
		const graph = g([['in', 'input'], ['d', 'delay', { duration: 60 }], ['o', 'output']], ['in.output -> d.input', 'd.output -> o.input']);
		setTimeout(() => ac.abort(new Error('cancelled by test')), 50);
		const t0 = Date.now();
		const r = await run(graph, { signal: ac.signal });
		expect(Date.now() - t0).toBeLessThan(1000);
		expect(r.outcome).toMatchObject({ status: 'cancelled', error: 'cancelled by test' });
		expect(r.last('d')!.status).toBe('failed');
	});

	it('reuses recorded outputs for a rerun instead of executing those nodes', async () => {
		let ran = 0;
		const counting: Executor = async () => {
			ran++;
			return { outputs: { output: 'fresh' } };
		};
		const graph = g([['in', 'input'], ['a', 'template'], ['b', 'log'], ['o', 'output', { label: 'v' }]], ['in.output -> a.input', 'a.output -> b.data', 'b.output -> o.input']);
		const r = await run(graph, { overrides: { template: counting }, reuse: new Map([['in', { outputs: { output: {} }, inputs: {} }], ['a', { outputs: { output: 'recorded' }, inputs: {} }]]) });
		expect(ran).toBe(0);
		expect(r.outcome.outputs).toEqual({ v: 'recorded' });
		expect(r.last('a')!.reused).toBe(true);
	});

	const down: Executor = async () => {
		throw new Error('connection refused');
	};

	// A failure routed to an error port nobody connected used to end the run "succeeded" with nothing done.
	it('routes a failure to the error port only when error or always is connected; otherwise stop_on_error decides', async () => {
		const onlySuccess = (extra: Record<string, unknown> = {}) =>
			g([['in', 'input'], ['h', 'http_request', { url: 'http://x', ...extra }], ['ok', 'output', { label: 'ok' }], ['side', 'output', { label: 'side' }]], ['in.output -> h.data', 'h.success -> ok.input', 'in.output -> side.input']);
		const failed = await run(onlySuccess(), { overrides: { http_request: down }, inputs: { a: 1 } });
		expect(failed.outcome).toMatchObject({ status: 'failed', error: '#2 (http_request) failed: connection refused' });
		const soft = await run(onlySuccess({ stop_on_error: false }), { overrides: { http_request: down }, inputs: { a: 1 } });
		expect(soft.outcome).toEqual({ status: 'succeeded', outputs: { side: { a: 1 } }, error: null });
		expect(soft.last('h')).toMatchObject({ status: 'failed', error: 'connection refused' });
		expect(soft.last('ok')!.status).toBe('skipped');
		const viaAlways = await run(g([['in', 'input'], ['h', 'http_request', { url: 'http://x' }], ['o', 'output', { label: 'any' }]], ['in.output -> h.data', 'h.always -> o.input']), { overrides: { http_request: down } });
		expect(viaAlways.outcome).toEqual({ status: 'succeeded', outputs: { any: { error: 'connection refused' } }, error: null });
	});

	it('with stop_on_error false hands the error to the always port of a node without an error port', async () => {
		const graph = g(
			[['in', 'input'], ['x', 'exec', { command: 'true', stop_on_error: false }], ['a', 'output', { label: 'always' }], ['t', 'output', { label: 'true' }]],
			['in.output -> x.data', 'x.always -> a.input', 'x.true -> t.input']
		);
		const r = await run(graph);
		expect(r.outcome).toEqual({ status: 'succeeded', outputs: { always: { error: expect.stringMatching(/exec nodes are disabled/) } }, error: null });
		expect(r.last('x')!.status).toBe('failed');
		expect(r.last('t')!.status).toBe('skipped');
	});

	it('treats an error a node reports on its error port (HTTP >= 400) as routed when connected, as a failure otherwise, and retries retryable ones', async () => {
		let calls = 0;
		const status = (codes: number[]): Executor =>
			async () => {
				const code = codes[Math.min(calls++, codes.length - 1)];
				const res = { status_code: code };
				return code < 400 ? { outputs: { success: res, always: res } } : { outputs: { error: res, always: res }, error: `GET http://x answered ${code}`, retryable: code >= 500 };
			};
		const routedGraph = g([['in', 'input'], ['h', 'http_request', { url: 'http://x' }], ['e', 'output', { label: 'e' }]], ['in.output -> h.data', 'h.error -> e.input']);
		const routed = await run(routedGraph, { overrides: { http_request: status([404]) } });
		expect(routed.outcome).toEqual({ status: 'succeeded', outputs: { e: { status_code: 404 } }, error: null });
		expect(routed.last('h')).toMatchObject({ status: 'failed', error: 'GET http://x answered 404', outputs: { error: { status_code: 404 } } });
		calls = 0;
		const unhandled = await run(g([['in', 'input'], ['h', 'http_request', { url: 'http://x' }], ['o', 'output']], ['in.output -> h.data', 'h.success -> o.input']), { overrides: { http_request: status([404]) } });
		expect(unhandled.outcome).toMatchObject({ status: 'failed', error: '#2 (http_request) failed: GET http://x answered 404' });
		calls = 0;
		const retried = await run(
			g([['in', 'input'], ['h', 'http_request', { url: 'http://x', retry: { count: 3, backoff: 0.001 } }], ['o', 'output', { label: 'ok' }]], ['in.output -> h.data', 'h.success -> o.input']),
			{ overrides: { http_request: status([503, 502, 200]) } }
		);
		expect(retried.outcome.outputs).toEqual({ ok: { status_code: 200 } });
		expect(retried.last('h')).toMatchObject({ status: 'succeeded', attempt: 3 });
		calls = 0;
		const notRetried = await run(
			g([['in', 'input'], ['h', 'http_request', { url: 'http://x', retry: { count: 3, backoff: 0.001 } }], ['o', 'output', { label: 'e' }]], ['in.output -> h.data', 'h.error -> o.input']),
			{ overrides: { http_request: status([404, 200]) } }
		);
		expect(notRetried.outcome.outputs).toEqual({ e: { status_code: 404 } });
		expect(notRetried.last('h')!.attempt).toBe(1);
	});

	it('waits retry.backoff seconds before the first retry and doubles the wait after that', async () => {
		const at: number[] = [];
		const failing: Executor = async () => {
			at.push(performance.now());
			throw new Error('nope');
		};
		const r = await run(g([['in', 'input'], ['t', 'template', { retry: { count: 2, backoff: 0.08 } }], ['o', 'output']], ['in.output -> t.input', 't.output -> o.input']), { overrides: { template: failing } });
		expect(r.outcome.status).toBe('failed');
		expect(r.last('t')!.attempt).toBe(3);
		expect(at.length).toBe(3);
		// Lower bounds only: timers never fire early, a loaded machine may make them late.
		expect(at[1] - at[0]).toBeGreaterThanOrEqual(75);
		expect(at[2] - at[1]).toBeGreaterThanOrEqual(155);
		expect(retryDelayMs(1, 1)).toBe(1000);
		expect(retryDelayMs(1, 4)).toBe(8000);
		expect(retryDelayMs(3000, 3)).toBe(3_600_000);
	});

	// A loop whose body failed stayed "running" in the history of a finished run.
	it('records a loop as failed when an iteration fails, and leaves no step running in a finished run', async () => {
		let n = 0;
		const third: Executor = async (ctx) => {
			if (++n === 3) throw new Error('bad item');
			await sleep(5, ctx.signal);
			return { outputs: { output: ctx.inputs.input } };
		};
		const graph = g(
			[['in', 'input'], ['loop', 'loop', { expression: 'input', concurrency: 2 }], ['t', 'template'], ['o', 'output']],
			['in.output -> loop.input', 'loop.item -> t.input', 'loop.done -> o.input']
		);
		const r = await run(graph, { inputs: [1, 2, 3, 4, 5, 6, 7, 8], overrides: { template: third } });
		expect(r.outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('(template) failed: bad item') });
		expect(r.last('loop')).toMatchObject({ status: 'failed', error: expect.stringContaining('an iteration failed') });
		expect(n).toBeLessThan(8);
		const final = new Map(r.steps.map((s) => [`${s.nodeId}/${s.iteration}`, s.status]));
		expect([...final.values()]).not.toContain('running');
	});

	it('fails the run at the step limit, recording the step that exceeded it', async () => {
		const graph = g(
			[['in', 'input'], ['loop', 'loop', { expression: 'input' }], ['t', 'template', { template: 'x' }], ['o', 'output']],
			['in.output -> loop.input', 'loop.item -> t.input', 'loop.done -> o.input']
		);
		const r = await run(graph, { inputs: Array.from({ length: 20 }, (_, i) => i), maxSteps: 10 });
		expect(r.outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/\(template\): the run exceeded its step limit of 10 \(workflow\.max_steps\)$/) });
		expect(r.steps.filter((s) => s.nodeId === 't' && s.status === 'failed' && s.error?.includes('step limit')).length).toBeGreaterThanOrEqual(1);
		expect(r.steps.filter((s) => s.nodeId === 't' && s.status === 'succeeded').length).toBeLessThanOrEqual(8);
		const final = new Map(r.steps.map((s) => [`${s.nodeId}/${s.iteration}`, s.status]));
		expect([...final.values()]).not.toContain('running');
	});
});
