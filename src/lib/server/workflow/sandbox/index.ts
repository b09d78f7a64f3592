/**
 * User JavaScript in QuickJS (SPEC §8.4), evaluated in a small pool of worker threads so that a
 * busy script never blocks the main event loop.
 *
 * Each evaluation gets a fresh QuickJS runtime and context with a time limit (interrupt handler,
 * default 5 s, covering time spent awaiting host calls), a memory limit (default 64 MB) and no
 * `process`, `require`, file system or environment. Guest globals: the given `globals` (the
 * node's inputs by port name, `inputs`, `args`…, passed as JSON), `getVar(key)` → Promise,
 * `log.info/warn/error` (and `console.*` as aliases), `http.get(url, {headers})`,
 * `http.delete(url, opts)`, `http.post/put/patch(url, body, opts)` → Promise<{status, ok, headers,
 * body}> (body parsed when the response is JSON; a non-string request body is sent as JSON),
 * `JSON`, `atob`, `btoa`. Host calls are answered on the main thread by `opts.host`.
 *
 * Modes: 'expression' evaluates one expression (`input.length > 3`); 'function' evaluates a
 * function body that may `return` and `await`. The result must be JSON-serialisable; an
 * `undefined` result is returned as `undefined`.
 *
 * A worker that does not answer within 1 s after the deadline (or a cancel) is terminated and
 * replaced.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { wrapUserCode } from './wrap';
import { WORKER_SOURCE } from './workerSource';

export { safeHttpHost, type SafeHttpHostOptions } from './http';

export type LogLevel = 'info' | 'warn' | 'error';

export interface SandboxLog {
	level: LogLevel;
	message: string;
}

export interface SandboxHttpRequest {
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: string;
}

export interface SandboxHttpResponse {
	status: number;
	headers: Record<string, string>;
	/** Text of the response body. */
	body: string;
}

export interface SandboxHost {
	getVar?(key: string): Promise<string | undefined>;
	/** `signal` aborts when the evaluation ends (finished, timed out or cancelled). */
	http?(req: SandboxHttpRequest, ctx: { signal: AbortSignal }): Promise<SandboxHttpResponse>;
	log?(level: LogLevel, message: string): void;
}

export interface RunScriptOptions {
	mode: 'expression' | 'function';
	globals: Record<string, unknown>;
	timeoutMs?: number;
	memoryBytes?: number;
	host?: SandboxHost;
	signal?: AbortSignal;
}

export type RunScriptResult =
	| { ok: true; value: unknown; logs: SandboxLog[] }
	| { ok: false; error: string; logs: SandboxLog[]; kind: 'timeout' | 'memory' | 'cancelled' | 'error' };

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024;
const GRACE_MS = 1000;
/** Host calls (getVar, http) one evaluation may make, and HTTP requests it may have in flight. */
export const MAX_HOST_CALLS = 1000;
export const MAX_CONCURRENT_HTTP = 8;

type WorkerMessage =
	| { type: 'host'; runId: number; callId: number; op: string; args: string }
	| { type: 'log'; runId: number; level: LogLevel; message: string }
	| { type: 'done'; runId: number; ok: true; value?: string; retire?: boolean }
	| { type: 'done'; runId: number; ok: false; kind: 'timeout' | 'memory' | 'cancelled' | 'error'; error: string; fatal?: boolean; retire?: boolean };

interface Job {
	runId: number;
	code: string;
	globalsJson: string;
	timeoutMs: number;
	memoryBytes: number;
	host: SandboxHost;
	signal?: AbortSignal;
	logs: SandboxLog[];
	resolve: (r: RunScriptResult) => void;
	hostAbort: AbortController;
	hostCalls: number;
	httpActive: number;
	httpWaiting: (() => void)[];
}

interface Slot {
	worker: Worker;
	cancelFlag: Int32Array;
	job: Job | null;
	killTimer: ReturnType<typeof setTimeout> | null;
	onAbort: (() => void) | null;
}

let quickjsPath: string | undefined;
function resolveQuickjs(): string {
	quickjsPath ??= createRequire(import.meta.url).resolve('quickjs-emscripten');
	return quickjsPath;
}

let poolSize = Math.max(1, Math.min(2, availableParallelism()));
const slots: Slot[] = [];
const queue: Job[] = [];
let nextRunId = 1;
let spawned = 0;
let retired = 0;
/** The tail of what workers wrote to stderr (QuickJS/emscripten print aborts there), for tests. */
let workerStderr = '';
const STDERR_KEPT = 16 * 1024;

/** Sets the number of worker threads (default: 2, or 1 on a single core). */
export function configureSandbox(opts: { poolSize?: number }): void {
	if (opts.poolSize !== undefined) poolSize = Math.max(1, Math.floor(opts.poolSize));
	retireExtra();
}

/** Terminates idle workers beyond the pool size (busy ones retire when they finish). */
function retireExtra(): void {
	for (const slot of [...slots]) {
		if (slots.length <= poolSize) return;
		if (slot.job) continue;
		slots.splice(slots.indexOf(slot), 1);
		slot.worker.removeAllListeners('exit');
		void slot.worker.terminate();
	}
}

function spawn(): Slot {
	const cancelBuffer = new SharedArrayBuffer(4);
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { quickjsPath: resolveQuickjs(), cancelBuffer },
		env: {},
		stderr: true,
		resourceLimits: { maxOldGenerationSizeMb: 256 }
	});
	worker.stderr.on('data', (chunk: Buffer) => {
		process.stderr.write(chunk);
		workerStderr = (workerStderr + chunk.toString()).slice(-STDERR_KEPT);
	});
	const slot: Slot = { worker, cancelFlag: new Int32Array(cancelBuffer), job: null, killTimer: null, onAbort: null };
	worker.unref();
	worker.on('message', (m: WorkerMessage) => onMessage(slot, m));
	worker.on('error', (err) => replace(slot, `sandbox worker failed: ${err.message}`));
	worker.on('exit', (code) => replace(slot, `sandbox worker exited (code ${code})`));
	slots.push(slot);
	spawned++;
	return slot;
}

function finish(slot: Slot, result: RunScriptResult): void {
	const job = slot.job;
	if (!job) return;
	slot.job = null;
	if (slot.killTimer) clearTimeout(slot.killTimer);
	slot.killTimer = null;
	if (slot.onAbort) job.signal?.removeEventListener('abort', slot.onAbort);
	slot.onAbort = null;
	job.hostAbort.abort();
	for (const wake of job.httpWaiting.splice(0)) wake();
	slot.worker.unref();
	job.resolve(result);
	retireExtra();
	pump();
}

/** Takes the slot out of the pool once its current job is answered; its worker is terminated. */
function retireAfter(slot: Slot): void {
	const i = slots.indexOf(slot);
	if (i < 0) return;
	slots.splice(i, 1);
	retired++;
	slot.worker.removeAllListeners('exit');
	slot.worker.on('error', () => {});
	const job = slot.job;
	const stop = () => void slot.worker.terminate();
	if (job) {
		const resolve = job.resolve;
		job.resolve = (r) => {
			stop();
			resolve(r);
		};
	} else stop();
}

/** Ends the slot's job (if any) with `error` and swaps the worker for a fresh one. */
function replace(slot: Slot, error: string, kind: 'timeout' | 'cancelled' | 'error' = 'error'): void {
	const i = slots.indexOf(slot);
	if (i < 0) return;
	slots.splice(i, 1);
	slot.worker.removeAllListeners('exit');
	slot.worker.removeAllListeners('message');
	slot.worker.on('error', () => {});
	void slot.worker.terminate();
	const job = slot.job;
	if (job) finish(slot, { ok: false, kind, error, logs: job.logs });
	pump();
}

function onMessage(slot: Slot, m: WorkerMessage): void {
	const job = slot.job;
	if (!job || m.runId !== job.runId) return;
	if (m.type === 'log') {
		const entry = { level: m.level, message: m.message };
		job.logs.push(entry);
		try {
			job.host.log?.(entry.level, entry.message);
		} catch {
			// A failing log sink must not fail the script.
		}
	} else if (m.type === 'host') {
		void answerHost(job, m.op, m.args).then((answer) => {
			if (slot.job === job) slot.worker.postMessage({ type: 'hostResult', callId: m.callId, ...answer });
		});
	} else if (m.type === 'done') {
		if (m.retire) retireAfter(slot);
		if (m.ok) {
			let value: unknown;
			try {
				value = m.value === undefined ? undefined : JSON.parse(m.value);
			} catch {
				finish(slot, { ok: false, kind: 'error', error: 'the result is not valid JSON', logs: job.logs });
				return;
			}
			finish(slot, { ok: true, value, logs: job.logs });
		} else if (m.fatal) replace(slot, m.error);
		else finish(slot, { ok: false, kind: m.kind, error: m.error, logs: job.logs });
	}
}

async function answerHost(job: Job, op: string, argsJson: string): Promise<{ ok: true; value: string } | { ok: false; error: string }> {
	if (++job.hostCalls > MAX_HOST_CALLS) return { ok: false, error: `too many host calls (at most ${MAX_HOST_CALLS} per evaluation)` };
	try {
		const args: unknown = JSON.parse(argsJson);
		if (op === 'getVar') {
			if (!job.host.getVar) return { ok: false, error: 'getVar is not available here' };
			const key = Array.isArray(args) ? String(args[0]) : '';
			const v = await job.host.getVar(key);
			return { ok: true, value: JSON.stringify(v ?? null) };
		}
		if (op === 'http') {
			if (!job.host.http) return { ok: false, error: 'http is not available here' };
			const a = args as SandboxHttpRequest;
			if (job.httpActive >= MAX_CONCURRENT_HTTP) await new Promise<void>((r) => job.httpWaiting.push(r));
			job.httpActive++;
			try {
				if (job.hostAbort.signal.aborted) return { ok: false, error: 'cancelled' };
				const res = await job.host.http(
					{ method: String(a.method), url: String(a.url), headers: a.headers ?? {}, ...(a.body === undefined ? {} : { body: String(a.body) }) },
					{ signal: job.hostAbort.signal }
				);
				return { ok: true, value: JSON.stringify({ status: res.status, headers: res.headers, body: res.body }) };
			} finally {
				job.httpActive--;
				job.httpWaiting.shift()?.();
			}
		}
		return { ok: false, error: `unknown host call "${op}"` };
	} catch (err) {
		return { ok: false, error: err instanceof Error ? err.message : String(err) };
	}
}

function pump(): void {
	while (queue.length) {
		let slot = slots.find((s) => !s.job);
		if (!slot && slots.length < poolSize) slot = spawn();
		if (!slot) return;
		start(slot, queue.shift()!);
	}
}

function start(slot: Slot, job: Job): void {
	if (job.signal?.aborted) {
		job.resolve({ ok: false, kind: 'cancelled', error: 'cancelled', logs: [] });
		return;
	}
	slot.job = job;
	slot.worker.ref();
	slot.killTimer = setTimeout(() => replace(slot, `time limit exceeded (${job.timeoutMs} ms)`, 'timeout'), job.timeoutMs + GRACE_MS);
	if (job.signal) {
		slot.onAbort = () => {
			Atomics.store(slot.cancelFlag, 0, job.runId);
			slot.worker.postMessage({ type: 'cancel', runId: job.runId });
			if (slot.killTimer) clearTimeout(slot.killTimer);
			slot.killTimer = setTimeout(() => replace(slot, 'cancelled', 'cancelled'), GRACE_MS);
		};
		job.signal.addEventListener('abort', slot.onAbort, { once: true });
	}
	slot.worker.postMessage({
		type: 'run',
		runId: job.runId,
		code: job.code,
		globalsJson: job.globalsJson,
		timeoutMs: job.timeoutMs,
		memoryBytes: job.memoryBytes
	});
}

/** Evaluates user JavaScript in the sandbox. Never throws; failures come back as `{ok: false}`. */
export function runScript(code: string, opts: RunScriptOptions): Promise<RunScriptResult> {
	let globalsJson: string;
	try {
		globalsJson = JSON.stringify(opts.globals ?? {}) ?? '{}';
	} catch (err) {
		return Promise.resolve({ ok: false, kind: 'error', error: `the inputs are not JSON-serialisable: ${(err as Error).message}`, logs: [] });
	}
	if (opts.signal?.aborted) return Promise.resolve({ ok: false, kind: 'cancelled', error: 'cancelled', logs: [] });
	return new Promise((resolve) => {
		queue.push({
			runId: nextRunId++,
			code: wrapUserCode(code, opts.mode),
			globalsJson,
			timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			memoryBytes: opts.memoryBytes ?? DEFAULT_MEMORY_BYTES,
			host: opts.host ?? {},
			signal: opts.signal,
			logs: [],
			resolve,
			hostAbort: new AbortController(),
			hostCalls: 0,
			httpActive: 0,
			httpWaiting: []
		});
		pump();
	});
}

/** Terminates every worker (pending evaluations fail with "sandbox shut down"). */
export async function shutdownSandbox(): Promise<void> {
	for (const job of queue.splice(0)) job.resolve({ ok: false, kind: 'error', error: 'sandbox shut down', logs: [] });
	const all = slots.splice(0);
	await Promise.all(
		all.map((slot) => {
			slot.worker.removeAllListeners('exit');
			const job = slot.job;
			slot.job = null;
			if (slot.killTimer) clearTimeout(slot.killTimer);
			job?.hostAbort.abort();
			for (const wake of job?.httpWaiting.splice(0) ?? []) wake();
			job?.resolve({ ok: false, kind: 'error', error: 'sandbox shut down', logs: job.logs });
			return slot.worker.terminate();
		})
	);
}

/** Blocks every idle worker's thread for `ms` (tests of the watchdog that replaces stuck workers). */
export function stallIdleWorkersForTest(ms: number): number {
	while (slots.length < poolSize) spawn();
	const idle = slots.filter((s) => !s.job);
	for (const s of idle) s.worker.postMessage({ type: 'stall', ms });
	return idle.length;
}

/** Makes every idle worker's engine fail from now on, as if its WASM module had aborted (tests). */
export function breakIdleWorkersForTest(): number {
	while (slots.length < poolSize) spawn();
	const idle = slots.filter((s) => !s.job);
	for (const s of idle) s.worker.postMessage({ type: 'break' });
	return idle.length;
}

/** Number of live workers (for tests). */
export function sandboxWorkerCount(): number {
	return slots.length;
}

/** What sandbox workers printed to stderr recently (tests). */
export function sandboxWorkerStderr(): string {
	return workerStderr;
}

/** Workers retired because their engine could not free a runtime cleanly (tests). */
export function sandboxWorkersRetired(): number {
	return retired;
}

/** Workers started since the process began (a replaced worker counts again). */
export function sandboxWorkersSpawned(): number {
	return spawned;
}
