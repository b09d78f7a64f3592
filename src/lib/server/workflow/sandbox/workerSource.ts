/**
 * Source of a sandbox worker thread, started with `new Worker(WORKER_SOURCE, { eval: true })`.
 *
 * Kept as a plain CommonJS string so it runs unchanged under vitest (from src) and in the bundled
 * production build: it loads quickjs-emscripten with `require(workerData.quickjsPath)`, an absolute
 * path resolved on the main side. The WASM module is loaded once per worker; every evaluation gets
 * a fresh runtime and context (own memory limit and interrupt handler), prepared while the worker
 * is idle. The guest globals (log, console, getVar, http, atob, btoa) are native functions, so a
 * fresh context needs no guest-side setup code to be compiled.
 *
 * Messages in:  {type:'run', runId, code, globalsJson, timeoutMs, memoryBytes}
 *               {type:'hostResult', callId, ok, value?, error?}   {type:'cancel', runId}   {type:'stall', ms}   {type:'break'}
 * Messages out: {type:'host', runId, callId, op, args}   {type:'log', runId, level, message}
 *               {type:'done', runId, ok, value?, error?, kind?, fatal?, retire?}   (kind: 'timeout'|'memory'|'cancelled'|'error';
 *               fatal: the worker is unusable and must be replaced, the result is a sandbox failure;
 *               retire: the result stands, but the worker must be replaced — its engine could not free the runtime)
 * `cancelBuffer` (shared Int32Array[1]) holds the runId to cancel, read by the interrupt handler
 * while guest code runs synchronously. Host answers carry JSON text.
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { newQuickJSWASMModule } = require(workerData.quickjsPath);
const cancelFlag = new Int32Array(workerData.cancelBuffer);
const MAX_LOGS = 1000;
const MAX_LOG_CHARS = 8192;
const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const HTTP_METHODS = ['get', 'delete', 'post', 'put', 'patch'];
const modP = newQuickJSWASMModule();
const pendingHost = new Map();
let nextCallId = 1;
let current = null;

parentPort.on('message', (msg) => {
	if (msg.type === 'run') {
		run(msg).catch((err) => {
			// Only the engine itself failing lands here (loading the module, creating a runtime): this
			// worker cannot run anything any more, so it exits and the pool starts a fresh one.
			parentPort.postMessage({ type: 'done', runId: msg.runId, ok: false, kind: 'error', fatal: true, error: 'sandbox failure: ' + (err && err.message ? err.message : String(err)) });
			setImmediate(() => process.exit(1));
		});
	} else if (msg.type === 'hostResult') {
		const cb = pendingHost.get(msg.callId);
		if (cb) {
			pendingHost.delete(msg.callId);
			cb(msg);
		}
	} else if (msg.type === 'cancel') {
		if (current && current.runId === msg.runId) current.cancel();
	} else if (msg.type === 'break') {
		// Simulates an engine that can no longer create runtimes (tests of worker replacement).
		warm = null;
		broken = true;
	} else if (msg.type === 'stall') {
		// Simulates a stuck worker (tests of the watchdog).
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, msg.ms);
	}
});

function errorText(e) {
	// QuickJS throws null when it cannot even allocate its "out of memory" error.
	if (e === null) return 'the script failed with null (thrown by the script, or the memory limit was reached)';
	if (e && typeof e === 'object' && typeof e.message === 'string') return (e.name && e.name !== 'Error' ? e.name + ': ' : '') + e.message;
	if (typeof e === 'string') return e;
	try {
		const s = JSON.stringify(e);
		return s === undefined ? String(e) : s;
	} catch (_) {
		return String(e);
	}
}

// A guest value as plain data (undefined for functions and undefined).
function toHost(c, h) {
	if (!h) return undefined;
	const t = c.typeof(h);
	if (t === 'undefined' || t === 'function' || t === 'symbol') return undefined;
	return c.dump(h);
}

// A log argument as text: strings as they are, errors as "Name: message", the rest as JSON.
function logText(c, h) {
	const t = c.typeof(h);
	if (t === 'string') return c.getString(h);
	if (t === 'undefined' || t === 'function' || t === 'symbol') return t === 'undefined' ? 'undefined' : '[' + t + ']';
	let v;
	try {
		v = c.dump(h);
	} catch (_) {
		return '[unprintable]';
	}
	if (v && typeof v === 'object' && typeof v.message === 'string' && typeof v.stack === 'string' && 'name' in v) return errorText(v);
	if (typeof v === 'string') return v;
	try {
		const s = JSON.stringify(v);
		return s === undefined ? String(v) : s;
	} catch (_) {
		return String(v);
	}
}

// A runtime + context with the guest globals installed, waiting for its run. The state object is
// filled when the run starts; the native functions read it.
let broken = false;
function prepare(QuickJS) {
	if (broken) throw new Error('the engine is broken');
	const state = { runId: 0, logCount: 0, deferreds: new Set(), calls: new Set(), wake: null, handles: [] };
	const rt = QuickJS.newRuntime();
	let ctx = null;
	try {
		rt.setMaxStackSize(1024 * 1024);
		ctx = rt.newContext();
		const c = ctx;
		const keep = (h) => {
			state.handles.push(h);
			return h;
		};
		const jsonH = keep(c.getProp(c.global, 'JSON'));
		state.parse = keep(c.getProp(jsonH, 'parse'));
		state.stringify = keep(c.getProp(jsonH, 'stringify'));
		const objectH = keep(c.getProp(c.global, 'Object'));
		state.assign = keep(c.getProp(objectH, 'assign'));

		// JSON text → guest value handle (caller disposes).
		const fromJson = (text) => {
			const s = c.newString(text);
			try {
				return c.unwrapResult(c.callFunction(state.parse, c.undefined, s));
			} finally {
				s.dispose();
			}
		};
		// Calls the host; returns a guest promise settled with convert(answer JSON text).
		const hostCall = (op, args, convert) => {
			const d = c.newPromise();
			state.deferreds.add(d);
			const callId = nextCallId++;
			state.calls.add(callId);
			pendingHost.set(callId, (res) => {
				state.calls.delete(callId);
				if (!d.alive) return;
				let h = null;
				try {
					if (!res.ok) throw new Error(String(res.error));
					h = convert(res.value);
					d.resolve(h);
				} catch (err) {
					const e = c.newError(err && err.message ? err.message : String(err));
					d.reject(e);
					e.dispose();
				} finally {
					if (h && h.alive) h.dispose();
				}
				state.deferreds.delete(d);
				d.dispose();
				if (state.wake) state.wake();
			});
			parentPort.postMessage({ type: 'host', runId: state.runId, callId, op, args: JSON.stringify(args) });
			return d.handle;
		};
		const fn = (obj, name, impl) => {
			const f = c.newFunction(name, impl);
			c.setProp(obj, name, f);
			f.dispose();
		};
		const logger = (level) =>
			function (...args) {
				if (state.logCount > MAX_LOGS) return;
				state.logCount++;
				const over = state.logCount > MAX_LOGS;
				let message = over ? 'further log lines dropped (at most ' + MAX_LOGS + ')' : args.map((h) => logText(c, h)).join(' ');
				if (message.length > MAX_LOG_CHARS) message = message.slice(0, MAX_LOG_CHARS) + '…';
				parentPort.postMessage({ type: 'log', runId: state.runId, level: over ? 'warn' : level, message });
			};
		const logH = c.newObject();
		for (const level of ['info', 'warn', 'error']) fn(logH, level, logger(level));
		c.setProp(c.global, 'log', logH);
		logH.dispose();
		const consoleH = c.newObject();
		for (const [name, level] of [['log', 'info'], ['info', 'info'], ['debug', 'info'], ['warn', 'warn'], ['error', 'error']]) fn(consoleH, name, logger(level));
		c.setProp(c.global, 'console', consoleH);
		consoleH.dispose();

		fn(c.global, 'getVar', (keyH) => {
			const key = keyH && c.typeof(keyH) === 'string' ? c.getString(keyH) : String(toHost(c, keyH));
			return hostCall('getVar', [key], (text) => {
				const v = JSON.parse(text);
				return v === null || v === undefined ? c.undefined : c.newString(String(v));
			});
		});

		const httpH = c.newObject();
		for (const method of HTTP_METHODS) {
			const hasBody = method === 'post' || method === 'put' || method === 'patch';
			fn(httpH, method, (urlH, aH, bH) => {
				const url = urlH && c.typeof(urlH) === 'string' ? c.getString(urlH) : String(toHost(c, urlH));
				const opts = toHost(c, hasBody ? bH : aH) || {};
				const body = hasBody ? toHost(c, aH) : undefined;
				const headers = {};
				const given = opts && typeof opts === 'object' && opts.headers && typeof opts.headers === 'object' ? opts.headers : {};
				for (const k of Object.keys(given)) headers[k] = String(given[k]);
				let payload;
				if (body !== undefined && body !== null) {
					if (typeof body === 'string') payload = body;
					else {
						payload = JSON.stringify(body);
						if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
					}
				}
				return hostCall('http', { method: method.toUpperCase(), url, headers, body: payload }, (text) => {
					const res = JSON.parse(text);
					let type = '';
					for (const k of Object.keys(res.headers || {})) if (k.toLowerCase() === 'content-type') type = String(res.headers[k]);
					let parsed = res.body;
					if (/json/i.test(type) && typeof parsed === 'string' && parsed !== '') {
						try {
							parsed = JSON.parse(parsed);
						} catch (_) {
							parsed = res.body;
						}
					}
					return fromJson(JSON.stringify({ status: res.status, ok: res.status >= 200 && res.status < 300, headers: res.headers, body: parsed }));
				});
			});
		}
		c.setProp(c.global, 'http', httpH);
		httpH.dispose();

		fn(c.global, 'btoa', (h) => {
			const s = h ? (c.typeof(h) === 'string' ? c.getString(h) : String(toHost(c, h))) : 'undefined';
			for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw new Error('btoa: the string contains characters outside of the Latin1 range');
			return c.newString(Buffer.from(s, 'latin1').toString('base64'));
		});
		fn(c.global, 'atob', (h) => {
			const s = (h ? (c.typeof(h) === 'string' ? c.getString(h) : String(toHost(c, h))) : '').replace(/[\t\n\f\r ]+/g, '');
			if (!B64_RE.test(s) || s.replace(/=+$/, '').length % 4 === 1) throw new Error('atob: the string is not correctly encoded');
			return c.newString(Buffer.from(s, 'base64').toString('latin1'));
		});
		state.fromJson = fromJson;
		return { rt, ctx, state };
	} catch (err) {
		for (const h of state.handles) if (h.alive) h.dispose();
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
	let retire = false;
	try {
		rt.setMemoryLimit(msg.memoryBytes);
		rt.setInterruptHandler(() => overTime() || isCancelled());
		if (msg.globalsJson !== '{}') {
			const g = state.fromJson(msg.globalsJson);
			try {
				ctx.unwrapResult(ctx.callFunction(state.assign, ctx.undefined, ctx.global, g)).dispose();
			} finally {
				g.dispose();
			}
		}
		outcome = await evaluate(ctx, rt, state, msg.code, overTime, isCancelled, deadline);
	} catch (err) {
		outcome = { ok: false, error: errorText(err) };
	} finally {
		for (const id of state.calls) pendingHost.delete(id);
		for (const d of state.deferreds) if (d.alive) d.dispose();
		current = null;
		// Promise jobs still queued (a script that keeps scheduling them, stopped by the time limit or a
		// cancel) hold objects that JS_FreeRuntime cannot free: it would fail an assertion and abort the
		// WASM module. Such a runtime is not freed; the worker retires instead and the pool starts a
		// fresh one.
		let pending = true;
		try {
			pending = rt.alive && rt.hasPendingJob();
		} catch (_) {
			pending = true;
		}
		if (pending) retire = true;
		else {
			try {
				for (const h of state.handles) if (h.alive) h.dispose();
				ctx.dispose();
				rt.dispose();
			} catch (_) {
				// The engine failed while freeing (e.g. after an out-of-memory abort): it is unusable now.
				retire = true;
			}
		}
	}
	let kind = 'error';
	let error = outcome.error;
	if (!outcome.ok) {
		if (isCancelled()) { kind = 'cancelled'; error = 'cancelled'; }
		else if (overTime() || /\binterrupted\b/.test(error)) { kind = 'timeout'; error = 'time limit exceeded (' + msg.timeoutMs + ' ms)'; }
		else if (/out of memory/i.test(error)) { kind = 'memory'; error = 'memory limit exceeded'; }
	}
	parentPort.postMessage(outcome.ok ? { type: 'done', runId, ok: true, value: outcome.value, retire } : { type: 'done', runId, ok: false, kind, error, retire });
	if (retire) {
		broken = true;
		warm = null;
		return;
	}
	setImmediate(prewarm);
}

// The settled value as JSON text (undefined when the script returned undefined or a function).
function resultJson(c, state, v) {
	const t = c.typeof(v);
	if (t === 'undefined') return { ok: true, value: undefined };
	const r = c.callFunction(state.stringify, c.undefined, v);
	if (r.error) return { ok: false, error: 'TypeError: the result is not JSON-serialisable: ' + safeDump(c, r.error).replace(/^[A-Za-z]*Error: /, '') };
	try {
		return { ok: true, value: c.typeof(r.value) === 'string' ? c.getString(r.value) : undefined };
	} finally {
		r.value.dispose();
	}
}

async function evaluate(c, rt, state, code, overTime, isCancelled, deadline) {
	const res = c.evalCode(code, 'script.js');
	if (res.error) return { ok: false, error: safeDump(c, res.error) };
	const promise = res.value;
	try {
		for (;;) {
			const jobs = rt.executePendingJobs();
			if (jobs.error) return { ok: false, error: safeDump(c, jobs.error) };
			const st = c.getPromiseState(promise);
			if (st.type === 'fulfilled') {
				try {
					return resultJson(c, state, st.value);
				} finally {
					if (st.value !== promise) st.value.dispose();
				}
			}
			if (st.type === 'rejected') return { ok: false, error: safeDump(c, st.error) };
			if (isCancelled()) return { ok: false, error: 'cancelled' };
			if (overTime()) return { ok: false, error: 'interrupted' };
			if (state.calls.size === 0) return { ok: false, error: 'the script did not finish: it awaits a promise that never settles' };
			await new Promise((resolve) => {
				const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
				state.wake = () => { clearTimeout(timer); resolve(); };
			});
			state.wake = null;
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
