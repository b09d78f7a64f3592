/**
 * Source of a sandbox worker thread, started with `new Worker(WORKER_SOURCE, { eval: true })`.
 *
 * Kept as a plain CommonJS string so it runs unchanged under vitest (from src) and in the bundled
 * production build: it loads quickjs-emscripten with `require(workerData.quickjsPath)`, an absolute
 * path resolved on the main side. The WASM module is loaded once per worker; every evaluation gets
 * a fresh runtime and context (own memory limit and interrupt handler), prepared while the worker
 * is idle so that a run only pays for its own code.
 *
 * Messages in:  {type:'run', runId, code, globalsJson, timeoutMs, memoryBytes}
 *               {type:'hostResult', callId, ok, value?, error?}   {type:'cancel', runId}   {type:'stall', ms}
 * Messages out: {type:'host', runId, callId, op, args}   {type:'log', runId, level, message}
 *               {type:'done', runId, ok, value?, error?, kind?}   (kind: 'timeout'|'memory'|'cancelled'|'error')
 * `cancelBuffer` (shared Int32Array[1]) holds the runId to cancel, read by the interrupt handler
 * while guest code runs synchronously.
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { newQuickJSWASMModule } = require(workerData.quickjsPath);
const cancelFlag = new Int32Array(workerData.cancelBuffer);
const PRELUDE = workerData.prelude;
const MAX_LOGS = 1000;
const MAX_LOG_CHARS = 8192;
const modP = newQuickJSWASMModule();
const pendingHost = new Map();
let nextCallId = 1;
let current = null;

parentPort.on('message', (msg) => {
	if (msg.type === 'run') {
		run(msg).catch((err) => {
			parentPort.postMessage({ type: 'done', runId: msg.runId, ok: false, kind: 'error', error: 'sandbox failure: ' + (err && err.message ? err.message : String(err)) });
		});
	} else if (msg.type === 'hostResult') {
		const cb = pendingHost.get(msg.callId);
		if (cb) {
			pendingHost.delete(msg.callId);
			cb(msg);
		}
	} else if (msg.type === 'cancel') {
		if (current && current.runId === msg.runId) current.cancel();
	} else if (msg.type === 'stall') {
		// Simulates a stuck worker (tests of the watchdog).
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, msg.ms);
	}
});

function errorText(e) {
	if (e && typeof e === 'object' && typeof e.message === 'string') return (e.name && e.name !== 'Error' ? e.name + ': ' : '') + e.message;
	if (typeof e === 'string') return e;
	try {
		const s = JSON.stringify(e);
		return s === undefined ? String(e) : s;
	} catch (_) {
		return String(e);
	}
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

// A runtime + context with the prelude evaluated, waiting for its run. The state object is filled when the
// run starts; the native functions read it.
function prepare(QuickJS) {
	const state = { runId: 0, logCount: 0, deferreds: new Set(), calls: new Set(), wake: null };
	const rt = QuickJS.newRuntime();
	let ctx = null;
	try {
		rt.setMaxStackSize(1024 * 1024);
		ctx = rt.newContext();
		const c = ctx;
		const fns = {
			__log: (levelH, msgH) => {
				if (state.logCount > MAX_LOGS) return;
				state.logCount++;
				const over = state.logCount > MAX_LOGS;
				let message = over ? 'further log lines dropped (at most ' + MAX_LOGS + ')' : c.getString(msgH);
				if (message.length > MAX_LOG_CHARS) message = message.slice(0, MAX_LOG_CHARS) + '…';
				parentPort.postMessage({ type: 'log', runId: state.runId, level: over ? 'warn' : c.getString(levelH), message });
			},
			__host: (opH, argsH) => {
				const op = c.getString(opH);
				const args = c.getString(argsH);
				const d = c.newPromise();
				state.deferreds.add(d);
				const callId = nextCallId++;
				state.calls.add(callId);
				pendingHost.set(callId, (res) => {
					state.calls.delete(callId);
					if (!d.alive) return;
					if (res.ok) {
						const h = c.newString(res.value === undefined ? '' : res.value);
						d.resolve(h);
						h.dispose();
					} else {
						const e = c.newError(String(res.error));
						d.reject(e);
						e.dispose();
					}
					state.deferreds.delete(d);
					d.dispose();
					if (state.wake) state.wake();
				});
				parentPort.postMessage({ type: 'host', runId: state.runId, callId, op, args });
				return d.handle;
			},
			__btoa: (h) => {
				const s = c.getString(h);
				for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw new Error('btoa: the string contains characters outside of the Latin1 range');
				return c.newString(Buffer.from(s, 'latin1').toString('base64'));
			},
			__atob: (h) => {
				const s = c.getString(h).replace(/[\t\n\f\r ]+/g, '');
				if (!B64_RE.test(s) || s.replace(/=+$/, '').length % 4 === 1) throw new Error('atob: the string is not correctly encoded');
				return c.newString(Buffer.from(s, 'base64').toString('latin1'));
			}
		};
		for (const name of Object.keys(fns)) {
			const f = c.newFunction(name, fns[name]);
			c.setProp(c.global, name, f);
			f.dispose();
		}
		const pre = c.evalCode(PRELUDE, 'prelude.js');
		if (pre.error) {
			const e = c.dump(pre.error);
			pre.error.dispose();
			throw new Error('prelude: ' + errorText(e));
		}
		pre.value.dispose();
		return { rt, ctx, state };
	} catch (err) {
		if (ctx) ctx.dispose();
		rt.dispose();
		throw err;
	}
}

let warm = null;
function prewarm() {
	if (warm || current) return;
	modP.then((QuickJS) => {
		if (!warm && !current) warm = prepare(QuickJS);
	}).catch(() => {});
}
prewarm();

async function run(msg) {
	const QuickJS = await modP;
	const runId = msg.runId;
	const deadline = Date.now() + msg.timeoutMs;
	let cancelled = false;
	const isCancelled = () => cancelled || Atomics.load(cancelFlag, 0) === runId;
	const overTime = () => Date.now() > deadline;
	const w = warm || prepare(QuickJS);
	warm = null;
	const { rt, ctx, state } = w;
	state.runId = runId;
	current = { runId, cancel: () => { cancelled = true; if (state.wake) state.wake(); } };
	let outcome;
	try {
		rt.setMemoryLimit(msg.memoryBytes);
		rt.setInterruptHandler(() => overTime() || isCancelled());
		const globalsH = ctx.newString(msg.globalsJson);
		ctx.setProp(ctx.global, '__globals', globalsH);
		globalsH.dispose();
		outcome = await evaluate(ctx, rt, msg.code, () => state.calls.size > 0, (fn) => { state.wake = fn; }, overTime, isCancelled, deadline);
	} catch (err) {
		outcome = { ok: false, error: errorText(err) };
	} finally {
		for (const id of state.calls) pendingHost.delete(id);
		for (const d of state.deferreds) if (d.alive) d.dispose();
		current = null;
		try {
			ctx.dispose();
			rt.dispose();
		} catch (_) {
			// A runtime that cannot be freed (e.g. after an out-of-memory abort) is left to the GC.
		}
	}
	let kind = 'error';
	let error = outcome.error;
	if (!outcome.ok) {
		if (isCancelled()) { kind = 'cancelled'; error = 'cancelled'; }
		else if (overTime() || /\binterrupted\b/.test(error)) { kind = 'timeout'; error = 'time limit exceeded (' + msg.timeoutMs + ' ms)'; }
		else if (/out of memory/i.test(error)) { kind = 'memory'; error = 'memory limit exceeded'; }
	}
	parentPort.postMessage(outcome.ok ? { type: 'done', runId, ok: true, value: outcome.value } : { type: 'done', runId, ok: false, kind, error });
	setImmediate(prewarm);
}

async function evaluate(c, rt, code, hostBusy, setWake, overTime, isCancelled, deadline) {
	const res = c.evalCode(code, 'script.js');
	if (res.error) {
		const e = safeDump(c, res.error);
		return { ok: false, error: e };
	}
	const promise = res.value;
	try {
		for (;;) {
			const jobs = rt.executePendingJobs();
			if (jobs.error) {
				const e = safeDump(c, jobs.error);
				return { ok: false, error: e };
			}
			const state = c.getPromiseState(promise);
			if (state.type === 'fulfilled') {
				const v = state.value;
				try {
					const t = c.typeof(v);
					return { ok: true, value: t === 'string' ? c.getString(v) : undefined };
				} finally {
					if (v !== promise) v.dispose();
				}
			}
			if (state.type === 'rejected') return { ok: false, error: safeDump(c, state.error) };
			if (isCancelled()) return { ok: false, error: 'cancelled' };
			if (overTime()) return { ok: false, error: 'interrupted' };
			if (!hostBusy()) return { ok: false, error: 'the script did not finish: it awaits a promise that never settles' };
			await new Promise((resolve) => {
				const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
				setWake(() => { clearTimeout(timer); resolve(); });
			});
			setWake(null);
		}
	} finally {
		promise.dispose();
	}
}

function safeDump(c, handle) {
	try {
		return errorText(c.dump(handle));
	} catch (err) {
		return errorText(err);
	} finally {
		if (handle.alive) handle.dispose();
	}
}
`;
