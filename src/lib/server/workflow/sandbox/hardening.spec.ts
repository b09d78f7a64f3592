import { afterAll, describe, expect, it } from 'vitest';
import { breakIdleWorkersForTest, runScript, sandboxWorkerStderr, sandboxWorkersRetired, sandboxWorkersSpawned, shutdownSandbox } from './index';

afterAll(async () => {
	await shutdownSandbox();
});

const fn = (code: string, extra: Partial<Parameters<typeof runScript>[1]> = {}) => runScript(code, { mode: 'function', globals: {}, ...extra });

describe('sandbox against hostile scripts', () => {
	it('cannot catch its way out of the time limit', async () => {
		const r = await fn('for (;;) { try { while (true) {} } catch (e) {} }', { timeoutMs: 200 });
		expect(r).toMatchObject({ ok: false, kind: 'timeout' });
	});

	it('stops an endless chain of microtasks', async () => {
		const r = await fn('for (;;) await null;', { timeoutMs: 200 });
		expect(r).toMatchObject({ ok: false, kind: 'timeout' });
		const r2 = await fn('const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});', { timeoutMs: 200 });
		expect(r2).toMatchObject({ ok: false, kind: 'timeout' });
	});

	// Freeing a QuickJS runtime with promise jobs still queued aborted the WASM module and printed
	// "Aborted(Assertion failed: list_empty(&rt->gc_obj_list))"; the worker must retire quietly instead.
	it('retires the worker of a script stopped with promise jobs still queued, without an engine abort', async () => {
		const spin = 'const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});';
		const retired = sandboxWorkersRetired();
		expect(await fn(spin, { timeoutMs: 150 })).toMatchObject({ ok: false, kind: 'timeout', error: 'time limit exceeded (150 ms)' });
		expect(await fn('for (;;) { Promise.resolve().then(() => 0); }', { timeoutMs: 150 })).toMatchObject({ ok: false, kind: 'timeout' });
		const ac = new AbortController();
		setTimeout(() => ac.abort(), 100);
		expect(await fn(spin, { signal: ac.signal })).toMatchObject({ ok: false, kind: 'cancelled' });
		// Each stopped spin retires its worker; on a very loaded machine the watchdog may terminate one first.
		expect(sandboxWorkersRetired() - retired).toBeGreaterThanOrEqual(1);
		expect(await runScript('6 * 7', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 42 });
		// Worker stderr arrives asynchronously; give it a moment before checking nothing was printed.
		await new Promise((r) => setTimeout(r, 100));
		expect(sandboxWorkerStderr()).not.toMatch(/Aborted|Assertion failed/);
	});

	it('reports unbounded recursion as an error and stays usable', async () => {
		const r = await fn('function f(n) { return f(n + 1) + 1; } return f(0);');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/stack|recursion/i);
		expect(await runScript('40 + 2', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 42 });
	});

	it('keeps a memory bomb that swallows its errors within the limits', async () => {
		const started = Date.now();
		const r = await fn('const keep = []; for (;;) { try { keep.push("x".repeat(1 << 20) + keep.length); } catch (e) {} }', { timeoutMs: 1000, memoryBytes: 16 * 1024 * 1024 });
		expect(r).toMatchObject({ ok: false, kind: 'timeout' });
		// QuickJS polls its interrupt handler every few thousand loop iterations; when each iteration is
		// a megabyte-sized allocation attempt the watchdog (deadline + 1 s) may be what ends it.
		expect(Date.now() - started).toBeLessThan(3000);
		expect(await runScript('"still" + " fine"', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 'still fine' });
	});

	it('names a null failure, which QuickJS also produces when memory runs out inside promise jobs', async () => {
		const r = await fn('const a = []; let p = Promise.resolve(); for (let i = 0; i < 1e7; i++) p = p.then(() => a.push(new Array(1000))); return await p;', { memoryBytes: 8 * 1024 * 1024, timeoutMs: 3000 });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.kind === 'memory' || r.error === 'the script failed with null (thrown by the script, or the memory limit was reached)', JSON.stringify(r)).toBe(true);
		expect(await fn('throw null')).toMatchObject({ ok: false, kind: 'error', error: 'the script failed with null (thrown by the script, or the memory limit was reached)' });
		expect(await fn('await Promise.resolve(); throw null;')).toMatchObject({ ok: false, kind: 'error', error: 'the script failed with null (thrown by the script, or the memory limit was reached)' });
		expect(await fn('throw "null"')).toMatchObject({ ok: false, kind: 'error', error: 'null' });
	});

	it('sees no host objects through constructors, prototypes or the global object', async () => {
		const r = await fn(`
			const F = (function () {}).constructor;
			const names = Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith('__') && n !== '__proto__');
			return {
				viaFunction: F('return typeof process + typeof require + typeof module + typeof Buffer')(),
				viaAsync: typeof (async () => {}).constructor('return process'),
				leftovers: names,
				importFn: typeof import.meta
			};
		`);
		// import.meta is a syntax error outside modules; the script must fail to compile, not reach the host.
		expect(r.ok).toBe(false);
		const r2 = await fn(`
			const F = (function () {}).constructor;
			return {
				viaFunction: F('return typeof process + typeof require + typeof module + typeof Buffer')(),
				leftovers: Object.getOwnPropertyNames(globalThis).filter((n) => /^__(host|log|globals|atob|btoa)/.test(n))
			};
		`);
		expect(r2).toMatchObject({ ok: true, value: { viaFunction: 'undefinedundefinedundefinedundefined', leftovers: [] } });
		const r3 = await fn('try { return await import("fs"); } catch (e) { return "no: " + e.message; }');
		expect(r3.ok ? r3.value : r3.error).toMatch(/no|not|module|import/i);
	});

	it('does not let one evaluation tamper with the next', async () => {
		await fn('Object.prototype.polluted = 1; Array.prototype.push = null; JSON.parse = () => "evil"; globalThis.getVar = () => "evil";');
		const r = await fn('const a = []; a.push(1); return [({}).polluted, a, JSON.parse("2"), typeof getVar("x").then];', { host: { getVar: async () => 'ok' } });
		expect(r).toMatchObject({ ok: true, value: [null, [1], 2, 'function'] });
	});

	it('returns JSON values faithfully and maps non-JSON numbers like JSON.stringify', async () => {
		const r = await fn('return { n: 1.5, big: 2 ** 53, neg: -0, nan: NaN, inf: Infinity, s: "é😀", nested: [[{}]], nul: null, und: undefined };');
		expect(r).toMatchObject({ ok: true, value: { n: 1.5, big: 2 ** 53, neg: 0, nan: null, inf: null, s: 'é😀', nested: [[{}]], nul: null } });
		if (r.ok) expect(Object.keys(r.value as object)).not.toContain('und');
		expect(await runScript('null', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: null });
		expect(await runScript('"x".repeat(100000).length', { mode: 'expression', globals: {} })).toMatchObject({ ok: true, value: 100000 });
	});

	it('passes inputs in without sharing them: mutations stay inside', async () => {
		const input = { list: [1, 2], text: 'a' };
		const r = await fn('input.list.push(3); input.text = "changed"; return input;', { globals: { input } });
		expect(r).toMatchObject({ ok: true, value: { list: [1, 2, 3], text: 'changed' } });
		expect(input).toEqual({ list: [1, 2], text: 'a' });
	});

	it('answers quick scripts while another one spins', async () => {
		const spinning = fn('while (true) {}', { timeoutMs: 1500 });
		const started = Date.now();
		const quick = await runScript('1 + 1', { mode: 'expression', globals: {} });
		expect(quick).toMatchObject({ ok: true, value: 2 });
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await spinning).toMatchObject({ ok: false, kind: 'timeout' });
	});

	it('supports ordinary language features', async () => {
		const r = await fn(`
			class A { #x = 2; get x() { return this.#x; } }
			const m = new Map([[1, 'a']]);
			const { x } = new A();
			const d = new Date(Date.UTC(2024, 0, 2));
			return [x, m.get(1), [3, 1, 2].toSorted ? 'toSorted' : 'sort', d.toISOString(), 10n ** 3n === 1000n, /(?<y>\\d{4})/.exec('in 2024').groups.y, typeof Math.random()];
		`);
		expect(r.ok).toBe(true);
		if (r.ok) {
			const v = r.value as unknown[];
			expect(v[0]).toBe(2);
			expect(v[1]).toBe('a');
			expect(v[3]).toBe('2024-01-02T00:00:00.000Z');
			expect(v[4]).toBe(true);
			expect(v[5]).toBe('2024');
			expect(v[6]).toBe('number');
		}
	});

	it('replaces a worker whose engine broke, failing only the evaluation it had', async () => {
		expect(await runScript('1', { mode: 'expression', globals: {} })).toMatchObject({ ok: true });
		const spawned = sandboxWorkersSpawned();
		const broken = breakIdleWorkersForTest();
		expect(broken).toBeGreaterThan(0);
		const results = [];
		for (let i = 0; i < broken + 2; i++) results.push(await runScript('6 * 7', { mode: 'expression', globals: {} }));
		const failed = results.filter((r) => !r.ok);
		expect(failed.length).toBeGreaterThanOrEqual(1);
		expect(failed.length).toBeLessThanOrEqual(broken);
		for (const r of failed) expect(r).toMatchObject({ ok: false, kind: 'error', error: 'sandbox failure: the engine is broken' });
		expect(results.at(-1)).toMatchObject({ ok: true, value: 42 });
		expect(sandboxWorkersSpawned() - spawned).toBeGreaterThanOrEqual(1);
		const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => runScript('n + 1', { mode: 'expression', globals: { n: i } })));
		expect(burst.map((r) => (r.ok ? r.value : r.error))).toEqual([1, 2, 3, 4, 5, 6]);
	});
});
