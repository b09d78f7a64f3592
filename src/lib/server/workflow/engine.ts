import { entryNodes, getNodeType, graphSchema, reachableFrom, validateGraph, type Graph } from '$lib/workflow';
import { ApiError } from '../api';
import { decrypt } from '../crypto/enc';
import { decryptNodeConfigData } from '../crypto/secrets';
import { errorMessage, log } from '../log';
import type { Runtime, Service } from '../runtime';
import { getAgentsByIdOrName } from '../store/queries/agents';
import { getNodeConfigByIdOrName } from '../store/queries/nodeConfigs';
import { failOrphanRuns, getRun, getRunSteps } from '../store/queries/runs';
import { getSkillsByIdOrName } from '../store/queries/skills';
import { getVariableByKey } from '../store/queries/variables';
import { getVersion, latestVersionNumber } from '../store/queries/versions';
import { getWorkflow } from '../store/queries/workflows';
import type { RunSource, RunStatus, StepLog } from '../store/schema';
import { executors } from './executors';
import { newRunId } from './ids';
import { capValue, isTruncated, RunWriter } from './recorder';
import { RunEvents } from './runEvents';
import { RunRelay } from './runRelay';
import { holdInstanceLock, sweepOrphanRuns } from './orphans';
import type { AdvisoryLease } from '../store/db';
import { Runner, type RunOutcome, type StepRecord } from './runner';
import { shutdownSandbox } from './sandbox';
import { CancelledError, type ChatCallRequest, type ChatCallResult, type EngineHost, type Executor, type RunInfo } from './types';
import { isPlainObject } from './util';

export interface StartRunOptions {
	workflowId: string;
	/** A version number; 'draft' = the latest saved graph; 'active' = the published version, else the draft. */
	version?: number | 'draft' | 'active';
	source: RunSource;
	inputs?: unknown;
	/** What the trigger node emits (webhook request, cron payload). */
	payload?: unknown;
	triggerId?: string | null;
	/** The trigger node that starts the run (webhook and cron runs). */
	triggerNodeId?: string | null;
	/** Editor runs may start at one entry node. */
	entryNodeId?: string;
	parentRunId?: string;
	depth?: number;
	/** Cancels this run when it aborts (a parent run). */
	parentSignal?: AbortSignal;
	/** Rerun of an earlier run, reusing recorded outputs of the nodes that are not downstream of fromNode. */
	rerun?: { runId: string; fromNode?: string };
}

export interface RunResult {
	run_id: string;
	workflow_id: string;
	status: RunStatus;
	outputs: Record<string, unknown>;
	error: string | null;
}

export interface RunHandle {
	runId: string;
	workflowId: string;
	done: Promise<RunResult>;
	/** Resolves when the first `output` node of the run completes (or with the result at the end). */
	firstOutput: Promise<RunResult>;
}

export class RunStartError extends ApiError {
	constructor(status: number, message: string) {
		super(status, message);
		this.name = 'RunStartError';
	}
}

interface ActiveRun {
	controller: AbortController;
	done: Promise<RunResult>;
}

const VAR_CACHE_MS = 5_000;
/** Log lines kept per step (the rest are counted as dropped), and characters per line. */
const MAX_STEP_LOGS = 200;
const MAX_LOG_CHARS = 2000;
/** How often an instance looks for runs of instances that died (PostgreSQL). */
const ORPHAN_SWEEP_MS = 30_000;

/** The workflow runtime: starts runs, persists them, streams their events and cancels them (SPEC §8.2, §9). */
export class WorkflowEngine implements Service {
	readonly name = 'workflow-engine';
	readonly events = new RunEvents();
	/** Forwards watched runs' events to other instances and receives theirs. */
	relay!: RunRelay;
	private rt!: Runtime;
	private writer!: RunWriter;
	private active = new Map<string, ActiveRun>();
	private varCache = new Map<string, { value: string | undefined; until: number }>();
	/**
	 * Validated graphs by workflow: the draft and each version. Every save, publish and delete announces
	 * `triggers.changed` with the workflow id on all instances, which drops the entry.
	 */
	private graphCache = new Map<string, { activeVersion: number | null; latest: number | null; byVersion: Map<number, { graph: Graph; error: string | null }> }>();
	private stopping = false;
	/** PostgreSQL: held while this instance lives, so others can tell its open runs are not orphans (orphans.ts). */
	private instanceLease: AdvisoryLease | null = null;
	private sweeper: ReturnType<typeof setInterval> | null = null;
	/** Replaces executors by node type (tests, bench). */
	executorOverrides: Record<string, Executor> = {};

	async start(rt: Runtime) {
		this.rt = rt;
		this.writer = new RunWriter(() => rt.db);
		this.relay = new RunRelay(rt.bus, this.events, (id) => this.active.has(id));
		this.events.tap = (e) => this.relay.forward(e);
		rt.bus.on('run.cancel', (p) => {
			const id = isPlainObject(p) && typeof p.run_id === 'string' ? p.run_id : null;
			if (id) this.cancelLocal(id, typeof (p as { reason?: unknown }).reason === 'string' ? String((p as { reason: string }).reason) : 'cancelled by a user');
		});
		rt.bus.on('variables.changed', () => this.varCache.clear());
		rt.bus.on('triggers.changed', (p) => {
			const id = isPlainObject(p) && typeof p.workflow_id === 'string' ? p.workflow_id : null;
			if (id) this.graphCache.delete(id);
			else this.graphCache.clear();
		});
		if (rt.store.kind === 'pglite') {
			// The embedded store has one instance: a run still open from an earlier process can never finish.
			const n = await failOrphanRuns(rt.db, 'the server stopped while this run was in progress');
			if (n) log.warn('marked runs of a previous process as failed', { runs: n });
		} else {
			this.instanceLease = await holdInstanceLock(rt.store, rt.instanceId);
			const sweep = () => sweepOrphanRuns(rt.store, rt.db, rt.instanceId).catch((e) => log.warn('orphan run sweep failed', { error: errorMessage(e) }));
			await sweep();
			this.sweeper = setInterval(() => void sweep(), ORPHAN_SWEEP_MS);
			this.sweeper.unref?.();
		}
	}

	async stop() {
		this.stopping = true;
		if (this.sweeper) clearInterval(this.sweeper);
		const pending = [...this.active.values()].map((a) => a.done);
		if (pending.length) {
			const grace = new Promise((r) => setTimeout(r, 10_000).unref());
			await Promise.race([Promise.allSettled(pending), grace]);
			for (const [id] of this.active) this.cancelLocal(id, 'the server is shutting down');
			await Promise.race([Promise.allSettled([...this.active.values()].map((a) => a.done)), new Promise((r) => setTimeout(r, 5_000).unref())]);
		}
		await this.writer?.stop();
		await this.relay?.drain();
		this.relay?.stop();
		await this.instanceLease?.release().catch(() => {});
		await shutdownSandbox().catch(() => {});
	}

	isActive(runId: string): boolean {
		return this.active.has(runId);
	}

	activeCount(): number {
		return this.active.size;
	}

	/** Cancels a run on whichever instance executes it (NOTIFY reaches the others). */
	async requestCancel(runId: string, reason = 'cancelled by a user') {
		await this.rt.bus.publish('run.cancel', { run_id: runId, reason });
	}

	private cancelLocal(runId: string, reason: string): boolean {
		const a = this.active.get(runId);
		if (!a) return false;
		a.controller.abort(new CancelledError(reason.startsWith('cancelled') ? reason : `cancelled: ${reason}`));
		return true;
	}

	/** Waits until pending run records are written (call before reading runs). */
	flush(): Promise<void> {
		return this.writer.flush();
	}

	/** Flushes pending writes when any are buffered (cheap otherwise), so reads see this instance's runs. */
	settled(): Promise<void> {
		return this.writer.idle() ? Promise.resolve() : this.writer.flush();
	}

	/** The graph a run uses, validated (cached per workflow version). Throws RunStartError. */
	private async resolveGraph(o: StartRunOptions): Promise<{ graph: Graph; version: number | null }> {
		let entry = this.graphCache.get(o.workflowId);
		if (!entry) {
			const wf = await getWorkflow(this.rt.db, o.workflowId);
			if (!wf) throw new RunStartError(404, `workflow "${o.workflowId}" not found`);
			const latest = (await latestVersionNumber(this.rt.db, wf.id)) || null;
			entry = { activeVersion: wf.activeVersion, latest, byVersion: new Map() };
			if (latest !== null) entry.byVersion.set(latest, checked(wf.graph));
			if (this.graphCache.size > 1000) this.graphCache.clear();
			this.graphCache.set(o.workflowId, entry);
		}
		const want = o.version ?? 'active';
		const n = typeof want === 'number' ? want : want === 'active' && entry.activeVersion != null ? entry.activeVersion : entry.latest;
		if (n === null) {
			const wf = await getWorkflow(this.rt.db, o.workflowId);
			const c = checked(wf?.graph ?? { nodes: [], edges: [] });
			if (c.error) throw new RunStartError(400, c.error);
			return { graph: c.graph, version: null };
		}
		let c = entry.byVersion.get(n);
		if (!c) {
			const v = await getVersion(this.rt.db, o.workflowId, n);
			if (!v) throw new RunStartError(404, `the workflow has no version ${n}`);
			c = checked(v.graph);
			entry.byVersion.set(n, c);
		}
		if (c.error) throw new RunStartError(400, c.error);
		return { graph: c.graph, version: n };
	}

	async startRun(o: StartRunOptions): Promise<RunHandle> {
		if (this.stopping) throw new RunStartError(503, 'the server is shutting down');
		let inputs = o.inputs ?? {};
		let payload = o.payload;
		let source = o.source;
		let triggerId = o.triggerId ?? null;
		let triggerNodeId = o.triggerNodeId ?? null;
		let version = o.version;
		let reuse: Map<string, { outputs: Record<string, unknown>; inputs: unknown }> | undefined;
		let rerunSteps: Awaited<ReturnType<typeof getRunSteps>> | undefined;
		if (o.rerun) {
			const old = await getRun(this.rt.db, o.rerun.runId);
			if (!old) throw new RunStartError(404, `run "${o.rerun.runId}" not found`);
			if (old.workflowId !== o.workflowId) throw new RunStartError(400, 'the run belongs to another workflow');
			inputs = old.inputs ?? {};
			source = old.source;
			triggerId = old.triggerId;
			if (source === 'webhook' || source === 'cron') payload = old.inputs;
			version = old.workflowVersion ?? 'draft';
			rerunSteps = await getRunSteps(this.rt.db, old.id);
		}
		const resolved = await this.resolveGraph({ ...o, version });
		const graph = resolved.graph;

		if (triggerId && !triggerNodeId && source !== 'api' && source !== 'editor') {
			const node = graph.nodes.find((n) => n.data?.trigger_id === triggerId);
			if (node) triggerNodeId = node.id;
		}
		let entryIds: string[];
		if (source === 'editor') entryIds = entryNodes(graph, 'editor', o.entryNodeId);
		else if (source === 'webhook' || source === 'cron') {
			entryIds = triggerNodeId ? entryNodes(graph, source, triggerNodeId) : entryNodes(graph, source);
			if (!entryIds.length && !triggerNodeId) entryIds = entryNodes(graph, 'api');
			if (!entryIds.length)
				throw new RunStartError(409, `the trigger's node "${triggerNodeId}" is not in version ${resolved.version ?? 'draft'} of the workflow; publish a version that contains it`);
		} else entryIds = entryNodes(graph, 'api');
		if (!entryIds.length)
			throw new RunStartError(400, o.entryNodeId ? `"${o.entryNodeId}" is not an entry node` : 'the workflow has no input node to start from');

		if (rerunSteps && o.rerun?.fromNode) {
			const from = o.rerun.fromNode;
			if (!graph.nodes.some((n) => n.id === from)) throw new RunStartError(400, `from_node: no node "${from}" in this version`);
			const redo = reachableFrom(graph, [from]);
			for (const n of graph.nodes) {
				if (n.type !== 'loop' || redo.has(n.id)) continue;
				const items = graph.edges.filter((e) => e.source === n.id && e.source_handle === 'item').map((e) => e.target);
				if (reachableFrom(graph, items).has(from)) for (const x of reachableFrom(graph, [n.id])) redo.add(x);
			}
			reuse = new Map();
			for (const s of rerunSteps) {
				if (s.iteration !== -1 || redo.has(s.nodeId) || s.status !== 'succeeded' || !isPlainObject(s.outputs) || isTruncated(s.outputs)) continue;
				if (getNodeType(s.nodeType)?.entry === undefined && Object.values(s.outputs).some(isTruncated)) continue;
				const outputs = { ...s.outputs };
				if (s.nodeType === 'loop') delete outputs.count;
				reuse.set(s.nodeId, { outputs, inputs: s.inputs });
			}
		}

		const runId = newRunId();
		const startedAt = new Date();
		const controller = new AbortController();
		if (o.parentSignal) {
			if (o.parentSignal.aborted) controller.abort(o.parentSignal.reason);
			else o.parentSignal.addEventListener('abort', () => controller.abort(o.parentSignal!.reason), { once: true });
		}
		const storedInputs = source === 'webhook' || source === 'cron' ? (payload ?? inputs) : inputs;
		this.events.open(runId);
		const row = {
			id: runId,
			workflowId: o.workflowId,
			workflowVersion: resolved.version,
			parentRunId: o.parentRunId ?? null,
			triggerId,
			source,
			status: 'running' as RunStatus,
			inputs: capValue(storedInputs),
			startedAt,
			instanceId: this.rt.instanceId,
			rerunOf: o.rerun?.runId ?? null,
			rerunFrom: o.rerun?.fromNode ?? null
		};
		this.writer.run(row);
		const run: RunInfo = {
			id: runId,
			workflowId: o.workflowId,
			version: resolved.version,
			source,
			inputs,
			payload,
			triggerId,
			depth: o.depth ?? 0,
			graph
		};
		/** Log lines by step (node and iteration), stored with the step. */
		const logs = new Map<string, StepLog[]>();
		let resolveFirst!: (r: RunResult) => void;
		const firstOutput = new Promise<RunResult>((r) => (resolveFirst = r));
		const wf = this.rt.config.workflow;
		const runner = new Runner({
			run,
			host: this.host(runId),
			executors: { ...executors, ...this.executorOverrides } as Record<string, Executor>,
			entryIds,
			signal: controller.signal,
			maxConcurrency: wf.max_concurrency,
			maxSteps: wf.max_steps,
			reuse,
			sink: {
				step: (rec) => this.recordStep(runId, rec, logs.get(`${rec.nodeId}\0${rec.iteration}`)),
				log: (nodeId, level, message, iteration) => {
					const key = `${nodeId}\0${iteration}`;
					const lines = logs.get(key) ?? [];
					const time = new Date().toISOString();
					if (lines.length < MAX_STEP_LOGS) lines.push({ time, level, message: message.length > MAX_LOG_CHARS ? `${message.slice(0, MAX_LOG_CHARS)}…` : message });
					else if (lines.length === MAX_STEP_LOGS) lines.push({ time, level: 'warn', message: `further log lines dropped (at most ${MAX_STEP_LOGS} per step)` });
					logs.set(key, lines);
					this.events.emit(runId, 'log', { node_id: nodeId, iteration, level, message });
				}
			},
			onOutput: (outputs) => resolveFirst({ run_id: runId, workflow_id: o.workflowId, status: 'running', outputs: { ...outputs }, error: null })
		});
		this.events.emit(runId, 'run', { status: 'running', workflow_id: o.workflowId, version: resolved.version, source });
		const done = (async (): Promise<RunResult> => {
			let outcome: RunOutcome;
			try {
				outcome = await runner.execute();
			} catch (e) {
				outcome = { status: 'failed', outputs: {}, error: `internal error: ${errorMessage(e)}` };
			}
			const finishedAt = new Date();
			this.writer.run({
				...row,
				status: outcome.status,
				outputs: capValue(outcome.outputs),
				error: outcome.error,
				finishedAt
			});
			// Written in the next batch, not awaited: reads on this instance flush first (readRun), so a
			// client sees its run; awaiting here would cap sync throughput at the database's commit rate.
			void this.writer.flush();
			this.active.delete(runId);
			const result: RunResult = { run_id: runId, workflow_id: o.workflowId, status: outcome.status, outputs: outcome.outputs, error: outcome.error };
			this.events.emit(runId, 'run', { status: outcome.status, error: outcome.error, outputs: capValue(outcome.outputs), finished_at: finishedAt.toISOString(), duration_ms: finishedAt.getTime() - startedAt.getTime() });
			this.events.finish(runId);
			resolveFirst(result);
			if (outcome.status === 'failed') log.info('workflow run failed', { run_id: runId, workflow_id: o.workflowId, error: outcome.error });
			return result;
		})();
		this.active.set(runId, { controller, done });
		return { runId, workflowId: o.workflowId, done, firstOutput };
	}

	private recordStep(runId: string, rec: StepRecord, logs?: StepLog[]) {
		const inputs = capValue(rec.inputs);
		const outputs = capValue(rec.outputs);
		this.writer.step({
			runId,
			nodeId: rec.nodeId,
			nodeType: rec.nodeType,
			status: rec.status,
			inputs,
			outputs,
			error: rec.error,
			logs: logs?.length ? [...logs] : null,
			attempt: rec.attempt,
			iteration: rec.iteration,
			startedAt: rec.startedAt,
			finishedAt: rec.finishedAt,
			reused: rec.reused ?? false
		});
		this.events.emit(runId, 'step', {
			node_id: rec.nodeId,
			node_type: rec.nodeType,
			status: rec.status,
			attempt: rec.attempt,
			iteration: rec.iteration,
			error: rec.error,
			inputs,
			outputs,
			reused: rec.reused ?? false,
			started_at: rec.startedAt.toISOString(),
			finished_at: rec.finishedAt?.toISOString() ?? null,
			duration_ms: rec.finishedAt ? rec.finishedAt.getTime() - rec.startedAt.getTime() : null
		});
	}

	async getVar(key: string): Promise<string | undefined> {
		const now = Date.now();
		const hit = this.varCache.get(key);
		if (hit && hit.until > now) return hit.value;
		const row = await getVariableByKey(this.rt.db, key);
		const value = row ? (row.secret ? decrypt(row.value, this.rt.key) : row.value) : undefined;
		if (this.varCache.size > 10_000) this.varCache.clear();
		this.varCache.set(key, { value, until: now + VAR_CACHE_MS });
		return value;
	}

	private host(runId: string): EngineHost {
		const cfg = this.rt.config.workflow;
		return {
			instanceId: this.rt.instanceId,
			config: { execEnabled: cfg.exec.enabled, allowHosts: cfg.http.allow_hosts, maxDepth: cfg.max_depth },
			getVar: (k) => this.getVar(k),
			chat: (req, signal) => this.chat(runId, req, signal),
			runChild: async (req) => {
				const h = await this.startRun({
					workflowId: req.workflowId,
					version: 'active',
					source: 'workflow',
					inputs: req.inputs,
					parentRunId: req.parentRunId,
					depth: req.depth,
					parentSignal: req.signal
				});
				const r = await h.done;
				return { runId: r.run_id, status: r.status, outputs: r.outputs, error: r.error };
			},
			loaders: {
				skills: async (refs) =>
					(await getSkillsByIdOrName(this.rt.db, refs)).map((s) => ({ id: s.id, name: s.name, description: s.description, system_prompt: s.systemPrompt, tools: s.tools })),
				agents: async (refs) =>
					(await getAgentsByIdOrName(this.rt.db, refs)).map((a) => ({
						id: a.id,
						name: a.name,
						description: a.description,
						provider: a.provider,
						model: a.model,
						system_prompt: a.systemPrompt,
						skills: a.skills,
						mcp_urls: a.mcpUrls,
						max_iterations: a.maxIterations,
						tool_timeout: a.toolTimeout
					})),
				nodeConfig: async (ref) => {
					const row = ref ? await getNodeConfigByIdOrName(this.rt.db, ref) : undefined;
					return row ? { id: row.id, name: row.name, type: row.type, data: decryptNodeConfigData(row.type, row.data, this.rt.key) } : undefined;
				}
			}
		};
	}

	/** One chat completion through the gateway's provider layer, usage recorded with source `workflow`. */
	private async chat(runId: string, req: ChatCallRequest, signal: AbortSignal): Promise<ChatCallResult> {
		const { chatService } = await import('../gateway');
		const body: Record<string, unknown> = {
			model: req.model ? `${req.provider}/${req.model}` : req.provider,
			messages: req.messages,
			stream: false
		};
		if (req.temperature != null) body.temperature = req.temperature;
		if (req.max_tokens != null) body.max_tokens = req.max_tokens;
		if (req.response_format === 'json') body.response_format = { type: 'json_object' };
		if (req.tools?.length) body.tools = req.tools;
		const res = await chatService().complete(body as Parameters<ReturnType<typeof chatService>['complete']>[0], {
			requestId: `run-${runId}`,
			source: 'workflow',
			signal
		});
		const text = await res.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			throw new Error(`the model answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
		}
		if (!res.ok) {
			const msg = isPlainObject(json) && isPlainObject(json.error) && typeof json.error.message === 'string' ? json.error.message : text.slice(0, 300);
			throw new Error(`the model call failed (${res.status}): ${msg}`);
		}
		const j = json as { model?: string; choices?: { message?: ChatCallResult['message']; finish_reason?: string | null }[]; usage?: ChatCallResult['usage'] };
		const choice = j.choices?.[0];
		if (!choice?.message) throw new Error('the model answered without a choice');
		return {
			message: { role: 'assistant', content: choice.message.content ?? null, tool_calls: choice.message.tool_calls?.length ? choice.message.tool_calls : undefined },
			usage: j.usage ?? null,
			model: j.model ?? String(body.model),
			finish_reason: choice.finish_reason ?? null
		};
	}
}

function checked(raw: unknown): { graph: Graph; error: string | null } {
	const v = validateGraph(raw);
	if (!v.ok) return { graph: { nodes: [], edges: [] }, error: `the workflow is not valid: ${v.errors.map((e) => e.message).join('; ')}` };
	return { graph: graphSchema.parse(raw), error: null };
}
