/**
 * Executes one run of a graph (SPEC §8.2).
 *
 * Scheduling is event-driven: a node is considered when one of its incoming edges settles. Edges are
 * `active` (carrying the value of their source port) or `inactive`. A node whose incoming edges are all
 * settled runs when at least one is active and is skipped otherwise; a skipped node settles all its
 * outgoing edges inactive, so skipping propagates. Nodes without incoming edges (entries, resources)
 * run at once. Independent branches therefore run concurrently, bounded by a per-run semaphore.
 *
 * Loops: the nodes reachable from a loop's `item` port form its body, executed in a child scope once
 * per element (bounded by the loop's concurrency). Edges from outside into the body are settled
 * before the loop starts (the loop waits for them). `done` fires once with each iteration's result in
 * order: the value of the body's last node (a leaf), or an object keyed by leaf when there are several.
 */
import {
	describeNode,
	getNodeType,
	inputPorts,
	nodesToRun,
	outputPorts,
	reachableFrom,
	type Graph,
	type GraphEdge,
	type GraphNode,
	type NodeTypeDef
} from '$lib/workflow';
import { runScript } from './sandbox';
import { renderFields, renderTemplate } from './templates';
import { errorMessage } from '../log';
import type { StepStatus } from '../store/schema';
import { CancelledError, type EngineHost, type Executor, type LogLevel, type NodeContext, type NodeResult, type RunInfo } from './types';
import { abortReason, isPlainObject, Semaphore, sleep, whenAborted } from './util';

export interface StepRecord {
	nodeId: string;
	nodeType: string;
	status: StepStatus;
	inputs: unknown;
	outputs: unknown;
	error: string | null;
	attempt: number;
	iteration: number;
	startedAt: Date;
	finishedAt: Date | null;
	/** Outputs reused from an earlier run (rerun). */
	reused?: boolean;
}

export interface RunSink {
	step(rec: StepRecord): void;
	/** A log line of a step (log node, script `log.*`, retry notices); iteration as in StepRecord. */
	log(nodeId: string, level: LogLevel, message: string, iteration: number): void;
}

export interface RunnerOptions {
	run: RunInfo;
	host: EngineHost;
	executors: Record<string, Executor>;
	entryIds: string[];
	signal: AbortSignal;
	maxConcurrency: number;
	maxSteps: number;
	sink: RunSink;
	/** Rerun: recorded outputs (active ports) of nodes that are not re-executed. */
	reuse?: Map<string, { outputs: Record<string, unknown>; inputs: unknown }>;
	/** Called each time an `output` node of the main scope contributes (sync `early=true`). */
	onOutput?: (outputs: Record<string, unknown>) => void;
}

export interface RunOutcome {
	status: 'succeeded' | 'failed' | 'cancelled';
	outputs: Record<string, unknown>;
	error: string | null;
}

interface EdgeState {
	active: boolean;
	value?: unknown;
}

class Scope {
	readonly edges = new Map<string, EdgeState>();
	readonly state = new Map<string, 'pending' | 'running' | 'done'>();
	/** Outputs of the nodes that ran here (for iteration results). */
	readonly results = new Map<string, { outputs: Record<string, unknown>; inputs: Record<string, unknown> }>();

	constructor(
		readonly nodes: Set<string>,
		readonly parent: Scope | null,
		readonly iteration: number
	) {
		for (const id of nodes) this.state.set(id, 'pending');
	}

	lookup(edgeId: string): EdgeState | undefined {
		return this.edges.get(edgeId) ?? this.parent?.lookup(edgeId);
	}
}

class RunFailure extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RunFailure';
	}
}

class TimeoutError extends Error {
	constructor(seconds: number) {
		super(`timed out after ${seconds}s`);
		this.name = 'TimeoutError';
	}
}

export class Runner {
	private readonly nodes = new Map<string, GraphNode>();
	private readonly defs = new Map<string, NodeTypeDef>();
	private readonly data = new Map<string, Record<string, unknown>>();
	private readonly toRun: Set<string>;
	private readonly incoming = new Map<string, GraphEdge[]>();
	private readonly outgoing = new Map<string, GraphEdge[]>();
	/** Full body (including nested bodies) of every loop. */
	private readonly bodies = new Map<string, Set<string>>();
	/** Nodes a scope of this loop executes itself (its body minus nested loops' bodies). */
	private readonly scopeNodes = new Map<string, Set<string>>();
	/** Edges from outside into a loop's body that must settle before the loop runs. */
	private readonly loopDeps = new Map<string, GraphEdge[]>();
	/** Loops to reconsider when a node (source of one of their loopDeps) finishes. */
	private readonly loopWaiters = new Map<string, string[]>();
	private readonly internal = new AbortController();
	private readonly sem: Semaphore;
	private readonly inflight = new Set<Promise<unknown>>();
	private steps = 0;
	private outputs: Record<string, unknown> = {};
	private failure: string | null = null;
	private readonly graph: Graph;

	/** Steps recorded as running and not ended yet, by node and iteration. */
	private readonly open = new Map<string, StepRecord>();

	constructor(private opts: RunnerOptions) {
		this.graph = opts.run.graph;
		const sink = opts.sink;
		this.opts = {
			...opts,
			sink: {
				log: (nodeId, level, message, iteration) => sink.log(nodeId, level, message, iteration),
				step: (rec) => {
					const key = `${rec.nodeId}\0${rec.iteration}`;
					if (rec.status === 'running') this.open.set(key, rec);
					else this.open.delete(key);
					sink.step(rec);
				}
			}
		};
		this.sem = new Semaphore(Math.max(1, opts.maxConcurrency));
		for (const n of this.graph.nodes) {
			const def = getNodeType(n.type);
			if (!def || def.visualOnly || this.nodes.has(n.id)) continue;
			this.nodes.set(n.id, n);
			this.defs.set(n.id, def);
		}
		this.toRun = nodesToRun(this.graph, opts.entryIds);
		for (const id of this.toRun) {
			this.incoming.set(id, []);
			this.outgoing.set(id, []);
		}
		for (const e of this.graph.edges) {
			if (!this.toRun.has(e.source) || !this.toRun.has(e.target)) continue;
			this.outgoing.get(e.source)!.push(e);
			this.incoming.get(e.target)!.push(e);
		}
		if (opts.signal.aborted) this.internal.abort(opts.signal.reason);
		else opts.signal.addEventListener('abort', () => this.internal.abort(opts.signal.reason), { once: true });
	}

	private describe(id: string): string {
		return describeNode(this.graph, this.nodes.get(id)!);
	}

	private computeLoops() {
		for (const id of this.toRun) {
			if (this.nodes.get(id)!.type !== 'loop') continue;
			const itemTargets = this.outgoing.get(id)!.filter((e) => e.source_handle === 'item').map((e) => e.target);
			const doneTargets = this.outgoing.get(id)!.filter((e) => e.source_handle === 'done').map((e) => e.target);
			const body = new Set([...reachableFrom(this.graph, itemTargets)].filter((n) => this.toRun.has(n)));
			const after = reachableFrom(this.graph, doneTargets);
			const both = [...body].find((n) => after.has(n));
			if (both) throw new RunFailure(`${this.describe(id)}: ${this.describe(both)} is reached from both "item" and "done"; connect the loop body's result through "done" only`);
			this.bodies.set(id, body);
		}
		const nested = new Set<string>();
		for (const [loop, body] of this.bodies) {
			const own = new Set(body);
			for (const [inner, innerBody] of this.bodies) if (inner !== loop && body.has(inner)) for (const n of innerBody) own.delete(n);
			this.scopeNodes.set(loop, own);
			for (const n of body) nested.add(n);
			const deps: GraphEdge[] = [];
			for (const n of body)
				for (const e of this.incoming.get(n)!) if (!body.has(e.source) && !(e.source === loop && e.source_handle === 'item')) deps.push(e);
			this.loopDeps.set(loop, deps);
			for (const e of deps) this.loopWaiters.set(e.source, [...(this.loopWaiters.get(e.source) ?? []), loop]);
		}
		return new Set([...this.toRun].filter((id) => !nested.has(id)));
	}

	async execute(): Promise<RunOutcome> {
		try {
			const main = new Scope(this.computeLoops(), null, -1);
			await this.runScope(main);
			return { status: 'succeeded', outputs: this.outputs, error: null };
		} catch (e) {
			const cancelled = this.opts.signal.aborted;
			if (!this.failure) this.failure = cancelled ? cancelMessage(this.opts.signal) : errorMessage(e);
			if (!this.internal.signal.aborted) this.internal.abort(new CancelledError(`cancelled: ${this.failure}`));
			await this.settle();
			this.closeOpenSteps(cancelled ? this.failure : 'the run ended before this step finished');
			return { status: cancelled ? 'cancelled' : 'failed', outputs: this.outputs, error: this.failure };
		}
	}

	/** No step stays `running` in a finished run: whatever is still open is recorded as failed. */
	private closeOpenSteps(message: string) {
		const finishedAt = new Date();
		for (const rec of [...this.open.values()]) this.opts.sink.step({ ...rec, status: 'failed', error: message, finishedAt });
	}

	/** Waits (bounded) for nodes still running after a failure to record their end. */
	private async settle() {
		const deadline = sleep(3000).catch(() => {});
		await Promise.race([Promise.allSettled([...this.inflight]), deadline]);
	}

	private track<T>(p: Promise<T>): Promise<T> {
		this.inflight.add(p);
		p.finally(() => this.inflight.delete(p)).catch(() => {});
		return p;
	}

	private runScope(scope: Scope): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			let pending = scope.nodes.size;
			let failed = false;
			if (pending === 0) return resolve();
			const consider = (id: string) => {
				if (failed || scope.state.get(id) !== 'pending') return;
				const inc = this.incoming.get(id)!;
				const deps = this.loopDeps.get(id);
				let anyActive = false;
				for (const e of inc) {
					const st = scope.lookup(e.id);
					if (!st) return;
					if (st.active) anyActive = true;
				}
				if (deps) for (const e of deps) if (!scope.lookup(e.id)) return;
				scope.state.set(id, 'running');
				if (inc.length > 0 && !anyActive) {
					this.skip(scope, id);
					return done(id);
				}
				this.track(this.runNode(scope, id)).then(
					() => done(id),
					(e) => {
						failed = true;
						reject(e);
					}
				);
			};
			const done = (id: string) => {
				scope.state.set(id, 'done');
				pending--;
				for (const e of this.outgoing.get(id)!) if (scope.nodes.has(e.target)) consider(e.target);
				for (const loop of this.loopWaiters.get(id) ?? []) if (scope.nodes.has(loop)) consider(loop);
				if (pending === 0 && !failed) resolve();
			};
			for (const id of scope.nodes) consider(id);
		});
	}

	private settleEdges(scope: Scope, id: string, outputs: Record<string, unknown> | null) {
		for (const e of this.outgoing.get(id)!) {
			if (this.nodes.get(id)!.type === 'loop' && e.source_handle === 'item') continue;
			const active = !!outputs && Object.hasOwn(outputs, e.source_handle);
			scope.edges.set(e.id, active ? { active, value: outputs![e.source_handle] } : { active: false });
		}
	}

	private skip(scope: Scope, id: string) {
		const now = new Date();
		this.opts.sink.step(this.record(id, scope, { status: 'skipped', startedAt: now, finishedAt: now }));
		this.settleEdges(scope, id, null);
	}

	private record(id: string, scope: Scope, r: Partial<StepRecord> & Pick<StepRecord, 'status' | 'startedAt'>): StepRecord {
		return {
			nodeId: id,
			nodeType: this.nodes.get(id)!.type,
			inputs: null,
			outputs: null,
			error: null,
			attempt: 1,
			iteration: scope.iteration,
			finishedAt: null,
			...r
		};
	}

	private collectInputs(scope: Scope, id: string): Record<string, unknown> {
		const node = this.nodes.get(id)!;
		const inc = this.incoming.get(id)!;
		const inputs: Record<string, unknown> = {};
		for (const p of inputPorts(node)) {
			const edges = inc.filter((e) => e.target_handle === p.name);
			if (!edges.length) continue;
			const values: unknown[] = [];
			for (const e of edges) {
				const st = scope.lookup(e.id);
				if (st?.active) values.push(st.value);
			}
			if (p.many) inputs[p.name] = values;
			else if (values.length) inputs[p.name] = values[0];
		}
		return inputs;
	}

	private nodeData(id: string): Record<string, unknown> {
		let d = this.data.get(id);
		if (!d) {
			d = this.defs.get(id)!.dataSchema.parse(this.nodes.get(id)!.data ?? {});
			this.data.set(id, d);
		}
		return d;
	}

	private countStep(scope: Scope, id: string, inputs: Record<string, unknown>) {
		if (++this.steps <= this.opts.maxSteps) return;
		const message = `the run exceeded its step limit of ${this.opts.maxSteps} (workflow.max_steps)`;
		const now = new Date();
		this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, startedAt: now, finishedAt: now, error: message }));
		this.failure = `${this.describe(id)}: ${message}`;
		throw new RunFailure(this.failure);
	}

	/** Whether an edge of this run leaves the node's port. */
	private wired(id: string, port: string): boolean {
		return this.outgoing.get(id)!.some((e) => e.source_handle === port);
	}

	private async runNode(scope: Scope, id: string): Promise<void> {
		const node = this.nodes.get(id)!;
		const inputs = this.collectInputs(scope, id);
		const reused = scope.iteration === -1 ? this.opts.reuse?.get(id) : undefined;
		if (reused) {
			const now = new Date();
			this.opts.sink.step(this.record(id, scope, { status: 'succeeded', inputs: reused.inputs, outputs: reused.outputs, startedAt: now, finishedAt: now, reused: true }));
			this.afterSuccess(scope, id, reused.outputs, inputs);
			return;
		}
		this.countStep(scope, id, inputs);
		if (node.type === 'loop') return this.runLoop(scope, id, inputs);
		const data = this.nodeData(id);
		const retry = isPlainObject(data.retry) ? data.retry : {};
		const retries = typeof retry.count === 'number' ? retry.count : 0;
		const backoff = typeof retry.backoff === 'number' ? retry.backoff : 1;
		const timeout = typeof data.timeout === 'number' && data.timeout > 0 ? data.timeout : null;
		const startedAt = new Date();
		let attempt = 1;
		this.opts.sink.step(this.record(id, scope, { status: 'running', inputs, startedAt, attempt }));
		for (;;) {
			let result: NodeResult | undefined;
			let thrown: unknown;
			let threw = false;
			try {
				result = await this.attempt(scope, id, data, inputs, attempt, timeout);
			} catch (e) {
				threw = true;
				thrown = e;
			}
			if (threw && this.internal.signal.aborted) {
				const msg = this.opts.signal.aborted ? cancelMessage(this.opts.signal) : 'cancelled: the run failed elsewhere';
				this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, startedAt, attempt, error: msg, finishedAt: new Date() }));
				throw thrown;
			}
			const problem = threw ? errorMessage(thrown) : result!.error;
			if (problem !== undefined && (threw || result!.retryable) && attempt <= retries) {
				this.opts.sink.log(id, 'warn', `attempt ${attempt} failed: ${problem}; retrying`, scope.iteration);
				try {
					await sleep(retryDelayMs(backoff, attempt), this.internal.signal);
				} catch (abort) {
					this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, startedAt, attempt, error: errorMessage(abort), finishedAt: new Date() }));
					throw abort;
				}
				attempt++;
				this.opts.sink.step(this.record(id, scope, { status: 'running', inputs, startedAt, attempt }));
				continue;
			}
			if (threw) return this.afterFailure(scope, id, data, inputs, startedAt, attempt, problem!);
			if (problem !== undefined) return this.afterReportedError(scope, id, data, inputs, startedAt, attempt, result!.outputs, problem);
			this.opts.sink.step(this.record(id, scope, { status: 'succeeded', inputs, outputs: result!.outputs, startedAt, attempt, finishedAt: new Date() }));
			this.afterSuccess(scope, id, result!.outputs, inputs);
			return;
		}
	}

	/** A node that answered on its error port (HTTP ≥ 400): routed when the error is handled, else a failure. */
	private afterReportedError(
		scope: Scope,
		id: string,
		data: Record<string, unknown>,
		inputs: Record<string, unknown>,
		startedAt: Date,
		attempt: number,
		outputs: Record<string, unknown>,
		message: string
	) {
		if (!this.wired(id, 'error') && !this.wired(id, 'always')) return this.afterFailure(scope, id, data, inputs, startedAt, attempt, message);
		this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, outputs, startedAt, attempt, error: message, finishedAt: new Date() }));
		scope.results.set(id, { outputs, inputs });
		this.settleEdges(scope, id, outputs);
	}

	private afterSuccess(scope: Scope, id: string, outputs: Record<string, unknown>, inputs: Record<string, unknown>) {
		scope.results.set(id, { outputs, inputs });
		const node = this.nodes.get(id)!;
		if (node.type === 'output' && scope.iteration === -1) {
			const label = typeof node.data?.label === 'string' ? node.data.label.trim() : '';
			const value = inputs.input;
			if (label) this.outputs[label] = value;
			else if (isPlainObject(value)) Object.assign(this.outputs, value);
			else this.outputs[id] = value;
			this.opts.onOutput?.(this.outputs);
		}
		this.settleEdges(scope, id, outputs);
	}

	/**
	 * A failed node (after its retries). The failure is handled when the node has an `error` port and
	 * its `error` or `always` port is connected: `error` and `always` carry `{error}` and the run goes
	 * on. Otherwise `stop_on_error` (default true) fails the run; with false the failure is recorded,
	 * `always` (when the node has one) carries `{error}`, the other ports stay inactive (their
	 * downstream is skipped) and the run goes on.
	 */
	private afterFailure(scope: Scope, id: string, data: Record<string, unknown>, inputs: Record<string, unknown>, startedAt: Date, attempt: number, message: string) {
		const node = this.nodes.get(id)!;
		const ports = outputPorts(node).map((p) => p.name);
		const continueWith = (outputs: Record<string, unknown> | null) => {
			this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, outputs, startedAt, attempt, error: message, finishedAt: new Date() }));
			if (outputs) scope.results.set(id, { outputs, inputs });
			this.settleEdges(scope, id, outputs);
		};
		if (ports.includes('error') && (this.wired(id, 'error') || this.wired(id, 'always'))) {
			const outputs: Record<string, unknown> = { error: { error: message } };
			if (ports.includes('always')) outputs.always = { error: message };
			return continueWith(outputs);
		}
		if (data.stop_on_error === false) return continueWith(ports.includes('always') ? { always: { error: message } } : null);
		this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, startedAt, attempt, error: message, finishedAt: new Date() }));
		this.failure = `${this.describe(id)} failed: ${message}`;
		throw new RunFailure(this.failure);
	}

	private async attempt(scope: Scope, id: string, data: Record<string, unknown>, inputs: Record<string, unknown>, attempt: number, timeout: number | null): Promise<NodeResult> {
		const node = this.nodes.get(id)!;
		const executor = this.opts.executors[node.type];
		if (!executor) throw new Error(`no executor for node type "${node.type}"`);
		await this.sem.acquire(this.internal.signal);
		const ac = new AbortController();
		const onAbort = () => ac.abort(this.internal.signal.reason);
		this.internal.signal.addEventListener('abort', onAbort, { once: true });
		const timer = timeout ? setTimeout(() => ac.abort(new TimeoutError(timeout)), timeout * 1000) : null;
		const aborted = whenAborted(ac.signal);
		try {
			const ctx = this.context(scope, id, data, inputs, attempt, ac.signal);
			return await Promise.race([executor(ctx), aborted.promise]);
		} finally {
			aborted.off();
			if (timer) clearTimeout(timer);
			this.internal.signal.removeEventListener('abort', onAbort);
			this.sem.release();
		}
	}

	private context(scope: Scope, id: string, data: Record<string, unknown>, inputs: Record<string, unknown>, attempt: number, signal: AbortSignal): NodeContext {
		const node = this.nodes.get(id)!;
		const def = this.defs.get(id)!;
		const sc: Record<string, unknown> = { ...inputs, inputs };
		const getVar = (k: string) => this.opts.host.getVar(k);
		return {
			node,
			data,
			inputs,
			signal,
			attempt,
			iteration: scope.iteration,
			run: this.opts.run,
			host: this.opts.host,
			scope: sc,
			render: (t) => renderTemplate(t, sc, { getVar }),
			renderData: () => renderFields(data, def.templated, sc, { getVar }),
			log: (level, message) => this.opts.sink.log(id, level, message, scope.iteration)
		};
	}

	private async runLoop(scope: Scope, id: string, inputs: Record<string, unknown>) {
		const data = this.nodeData(id);
		const startedAt = new Date();
		this.opts.sink.step(this.record(id, scope, { status: 'running', inputs, startedAt }));
		const fail = (message: string) => {
			this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, startedAt, error: message, finishedAt: new Date() }));
			if (data.stop_on_error === false) {
				this.settleEdges(scope, id, null);
				return;
			}
			this.failure = `${this.describe(id)} failed: ${message}`;
			throw new RunFailure(this.failure);
		};
		let items: unknown;
		await this.sem.acquire(this.internal.signal);
		try {
			const r = await runScript(String(data.expression ?? 'input'), {
				mode: 'expression',
				globals: { ...inputs, inputs },
				signal: this.internal.signal,
				host: { getVar: (k) => this.opts.host.getVar(k), log: (level, m) => this.opts.sink.log(id, level, m, scope.iteration) }
			});
			if (!r.ok) {
				if (this.internal.signal.aborted) throw abortReason(this.internal.signal);
				return fail(r.error);
			}
			items = r.value;
		} finally {
			this.sem.release();
		}
		if (!Array.isArray(items)) return fail(`the expression must return an array (got ${items === null ? 'null' : typeof items})`);
		const list = items;
		const concurrency = Math.max(1, typeof data.concurrency === 'number' ? data.concurrency : 4);
		const body = this.scopeNodes.get(id)!;
		const itemEdges = this.outgoing.get(id)!.filter((e) => e.source_handle === 'item');
		const results: unknown[] = new Array(list.length);
		let next = 0;
		let broken = false;
		const worker = async () => {
			while (next < list.length && !broken) {
				const i = next++;
				const iteration = scope.iteration < 0 ? i : (scope.iteration + 1) * 100_000 + i;
				const child = new Scope(body, scope, iteration);
				for (const e of itemEdges) child.edges.set(e.id, { active: true, value: list[i] });
				try {
					await this.runScope(child);
				} catch (e) {
					broken = true;
					throw e;
				}
				results[i] = this.iterationResult(child, body);
			}
		};
		try {
			await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
		} catch (e) {
			const message = this.opts.signal.aborted ? cancelMessage(this.opts.signal) : `an iteration failed: ${errorMessage(e)}`;
			this.opts.sink.step(this.record(id, scope, { status: 'failed', inputs, startedAt, error: message, finishedAt: new Date() }));
			throw e;
		}
		const outputs = { done: results };
		this.opts.sink.step(this.record(id, scope, { status: 'succeeded', inputs, outputs: { done: results, count: list.length }, startedAt, finishedAt: new Date() }));
		this.afterSuccess(scope, id, outputs, inputs);
	}

	/** The value of the body's leaves that ran: one leaf → its value; several → keyed by label or id. */
	private iterationResult(child: Scope, body: Set<string>): unknown {
		const leaves = [...body].filter((n) => !this.outgoing.get(n)!.some((e) => body.has(e.target)) && child.results.has(n));
		const valueOf = (n: string) => {
			const r = child.results.get(n)!;
			const node = this.nodes.get(n)!;
			if (node.type === 'output') return r.inputs.input;
			const ports = outputPorts(node).map((p) => p.name);
			const first = ports.find((p) => Object.hasOwn(r.outputs, p) && p !== 'always') ?? ports.find((p) => Object.hasOwn(r.outputs, p));
			return first === undefined ? null : r.outputs[first];
		};
		if (leaves.length === 0) return null;
		if (leaves.length === 1) return valueOf(leaves[0]);
		const out: Record<string, unknown> = {};
		for (const n of leaves) {
			const label = this.nodes.get(n)!.data?.label;
			out[typeof label === 'string' && label.trim() ? label.trim() : n] = valueOf(n);
		}
		return out;
	}
}

/** Seconds of `retry.backoff` before the first retry, doubling on each further one; at most an hour per wait. */
export function retryDelayMs(backoffSeconds: number, attempt: number): number {
	return Math.min(backoffSeconds * 2 ** (attempt - 1), 3600) * 1000;
}

function cancelMessage(signal: AbortSignal): string {
	const r: unknown = signal.reason;
	const m = r instanceof Error ? r.message : typeof r === 'string' ? r : '';
	return m && m !== 'cancelled' ? (m.startsWith('cancelled') ? m : `cancelled: ${m}`) : 'cancelled';
}
