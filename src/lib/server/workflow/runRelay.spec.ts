import { describe, expect, it } from 'vitest';
import { EventBus } from '../events';
import type { Store } from '../store/db';
import { RunEvents, type RunEvent } from './runEvents';
import { compactEvent, MAX_PAYLOAD, RunRelay } from './runRelay';

/** One NOTIFY channel shared by several "instances", refusing payloads over PostgreSQL's 8000 bytes. */
function network() {
	const listeners = new Set<(p: string) => void>();
	const sent: string[] = [];
	const store = {
		kind: 'postgres',
		async listen(_channel: string, fn: (p: string) => void) {
			listeners.add(fn);
			return async () => void listeners.delete(fn);
		},
		async notify(_channel: string, payload: string) {
			if (Buffer.byteLength(payload) >= 8000) throw new Error('payload string too long');
			sent.push(payload);
			for (const fn of listeners) queueMicrotask(() => fn(payload));
		}
	} as unknown as Store;
	return { store, sent };
}

async function instance(store: Store, name: string) {
	const bus = new EventBus(store, name);
	await bus.start();
	const events = new RunEvents();
	const active = new Set<string>();
	const relay = new RunRelay(bus, events, (id) => active.has(id));
	events.tap = (e) => relay.forward(e);
	return { bus, events, active, relay };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('RunRelay', () => {
	// SSE on one instance for a run executing on another only saw database polls, never live events or logs.
	it('forwards a watched run’s events to the instance following it, history first, in order, until the run ends', async () => {
		const net = network();
		const a = await instance(net.store, 'a');
		const b = await instance(net.store, 'b');
		a.events.open('r1');
		a.active.add('r1');
		a.events.emit('r1', 'run', { status: 'running' });
		a.events.emit('r1', 'log', { node_id: 'n1', level: 'info', message: 'before the watch' });
		expect(net.sent.filter((p) => p.includes('run.events'))).toEqual([]);

		const got: RunEvent[] = [];
		b.relay.follow('r1', (evs) => got.push(...evs));
		await settle();
		expect(a.relay.isWatched('r1')).toBe(true);
		a.events.emit('r1', 'step', { node_id: 'n1', status: 'running', attempt: 1, iteration: -1 });
		a.events.emit('r1', 'step', { node_id: 'n1', status: 'succeeded', attempt: 1, iteration: -1, outputs: { output: 'x' } });
		a.events.emit('r1', 'run', { status: 'succeeded' });
		await a.relay.drain();
		await settle();
		expect(got.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
		expect(got.map((e) => [e.type, e.status ?? e.message])).toEqual([
			['run', 'running'],
			['log', 'before the watch'],
			['step', 'running'],
			['step', 'succeeded'],
			['run', 'succeeded']
		]);
		expect(got[3].outputs).toEqual({ output: 'x' });
		expect(a.relay.isWatched('r1')).toBe(false);
		const count = net.sent.length;
		a.events.emit('r1', 'log', { node_id: 'n1', level: 'info', message: 'after the end' });
		await settle();
		expect(net.sent.length).toBe(count);
	});

	it('keeps every NOTIFY payload under the limit: big steps lose inputs/outputs (partial), many events are packed', async () => {
		const net = network();
		const a = await instance(net.store, 'a');
		const b = await instance(net.store, 'b');
		a.events.open('r2');
		a.active.add('r2');
		const got: RunEvent[] = [];
		b.relay.follow('r2', (evs) => got.push(...evs));
		await settle();
		const before = net.sent.length;
		a.events.emit('r2', 'step', { node_id: 'big', status: 'succeeded', attempt: 1, iteration: -1, inputs: { data: 'i' }, outputs: { output: 'é'.repeat(20_000) }, error: null });
		for (let i = 0; i < 200; i++) a.events.emit('r2', 'log', { node_id: 'n', level: 'info', message: `line ${i} ${'y'.repeat(100)}` });
		a.events.emit('r2', 'log', { node_id: 'n', level: 'info', message: 'z'.repeat(50_000) });
		await a.relay.drain();
		await settle();
		expect(got.length).toBe(202);
		expect(got[0]).toMatchObject({ node_id: 'big', status: 'succeeded', partial: true });
		expect(got[0]).not.toHaveProperty('outputs');
		expect(got[0]).not.toHaveProperty('inputs');
		expect(String(got.at(-1)!.message).length).toBeLessThanOrEqual(1001);
		const payloads = net.sent.slice(before);
		expect(payloads.length).toBeLessThan(20);
		for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
		expect(compactEvent({ type: 'log', run_id: 'r', seq: 1, time: '', message: 'short' }).event.message).toBe('short');
		expect(MAX_PAYLOAD).toBeLessThan(8000);
	});

	it('ignores watches for runs it does not execute, and forwards nothing for unwatched runs', async () => {
		const net = network();
		const a = await instance(net.store, 'a');
		const b = await instance(net.store, 'b');
		a.events.open('mine');
		a.active.add('mine');
		const got: RunEvent[] = [];
		b.relay.follow('elsewhere', (evs) => got.push(...evs));
		await settle();
		a.events.emit('mine', 'run', { status: 'running' });
		await a.relay.drain();
		await settle();
		expect(got).toEqual([]);
		expect(a.relay.isWatched('elsewhere')).toBe(false);
		expect(net.sent.some((p) => p.includes('"run.events"'))).toBe(false);
	});
});
