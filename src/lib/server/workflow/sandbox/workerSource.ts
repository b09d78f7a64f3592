/**
 * Source of a sandbox worker thread, started with `new Worker(WORKER_SOURCE, { eval: true })`.
 *
 * Kept as a plain CommonJS string so it runs unchanged under vitest (from src) and in the bundled
 * production build: it loads quickjs-emscripten with `require(workerData.quickjsPath)`, an absolute
 * path resolved on the main side. The WASM module is loaded once per worker; every evaluation gets
 * a fresh runtime and context (own memory limit and interrupt handler).
 *
 * Messages in:  {type:'run', runId, code, globalsJson, timeoutMs, memoryBytes}
 *               {type:'hostResult', callId, ok, value?, error?}   {type:'cancel', runId}
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

async function run(msg) {
	const QuickJS = await modP;
	const runId = msg.runId;
	const deadline = Date.now() + msg.timeoutMs;
	let cancelled = false;
	let wake = null;
	const isCancelled = () => cancelled || Atomics.load(cancelFlag, 0) === runId;
	const overTime = () => Date.now() > deadline;
	current = { runId, cancel: () => { cancelled = true; if (wake) wake(); } };
	let logCount = 0;
	const deferreds = new Set();
	const myCalls = new Set();
	const rt = QuickJS.newRuntime();
	let ctx = null;
	let outcome;
	try {
		rt.setMemoryLimit(msg.memoryBytes);
		rt.setMaxStackSize(1024 * 1024);
		rt.setInterruptHandler(() => overTime() || isCancelled());
		ctx = rt.newContext();
		const c = ctx;
		const logFn = c.newFunction('__log', (levelH, msgH) => {
			if (logCount > MAX_LOGS) return;
			logCount++;
			const level = c.getString(levelH);
			let message = logCount > MAX_LOGS ? 'further log lines dropped (at most ' + MAX_LOGS + ')' : c.getString(msgH);
			if (message.length > MAX_LOG_CHARS) message = message.slice(0, MAX_LOG_CHARS) + '…';
			parentPort.postMessage({ type: 'log', runId, level: logCount > MAX_LOGS ? 'warn' : level, message });
		});
		const hostFn = c.newFunction('__host', (opH, argsH) => {
			const op = c.getString(opH);
			const args = c.getString(argsH);
			const d = c.newPromise();
			deferreds.add(d);
			const callId = nextCallId++;
			myCalls.add(callId);
			pendingHost.set(callId, (res) => {
				myCalls.delete(callId);
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
				deferreds.delete(d);
				d.dispose();
				if (wake) wake();
			});
			parentPort.postMessage({ type: 'host', runId, callId, op, args });
			return d.handle;
		});
		const globalsH = c.newString(msg.globalsJson);
		c.setProp(c.global, '__log', logFn);
		c.setProp(c.global, '__host', hostFn);
		c.setProp(c.global, '__globals', globalsH);
		logFn.dispose();
		hostFn.dispose();
		globalsH.dispose();
		const pre = c.evalCode(PRELUDE, 'prelude.js');
		if (pre.error) {
			const e = c.dump(pre.error);
			pre.error.dispose();
			throw new Error('prelude: ' + errorText(e));
		}
		pre.value.dispose();
		outcome = await evaluate(c, rt, msg.code, () => myCalls.size > 0, (fn) => { wake = fn; }, overTime, isCancelled, deadline);
	} catch (err) {
		outcome = { ok: false, error: errorText(err) };
	} finally {
		for (const id of myCalls) pendingHost.delete(id);
		for (const d of deferreds) if (d.alive) d.dispose();
		current = null;
		try {
			if (ctx) ctx.dispose();
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
