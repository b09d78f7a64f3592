/**
 * Run events across instances (SPEC §9), over the NOTIFY bus. An instance that serves SSE for a run
 * executing elsewhere announces `run.watch {run_id}`; the instance executing the run answers by
 * forwarding the run's events — first those emitted so far, then each new one until the run ends — as
 * `run.events {events}`. Only watched runs are forwarded, so unwatched runs cost nothing.
 *
 * Payloads stay under PostgreSQL's 8000-byte NOTIFY limit: events are packed into messages of at most
 * MAX_PAYLOAD bytes; an event that would not fit loses its step inputs/outputs (`partial: true`; the
 * full step is in the database) and long texts are cut. Messages are sent one after another, so they
 * arrive in emit order. Receivers drop duplicates by the events' `seq`.
 */
import type { EventBus } from '../events';
import type { RunEvent, RunEvents } from './runEvents';
import { isPlainObject } from './util';

/** Bytes of JSON per NOTIFY payload, leaving room for the bus envelope under the 8000-byte limit. */
export const MAX_PAYLOAD = 7000;
const MAX_TEXT = 1000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

type Follower = (events: RunEvent[]) => void;

function runIdOf(p: unknown): string | null {
	return isPlainObject(p) && typeof p.run_id === 'string' ? p.run_id : null;
}

const cut = (v: unknown) => (typeof v === 'string' && v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v);

/** The event as forwarded (with its JSON size in bytes): whole when it fits, else without inputs/outputs and with texts cut. */
export function compactEvent(e: RunEvent): { event: RunEvent; bytes: number } {
	const bytes = Buffer.byteLength(JSON.stringify(e));
	if (bytes <= MAX_PAYLOAD - 100) return { event: e, bytes };
	const small: RunEvent = { ...e, partial: true };
	delete small.inputs;
	delete small.outputs;
	for (const k of ['error', 'message'] as const) if (small[k] !== undefined) small[k] = cut(small[k]);
	return { event: small, bytes: Buffer.byteLength(JSON.stringify(small)) };
}

export class RunRelay {
	private watched = new Set<string>();
	private queue: { event: RunEvent; bytes: number }[] = [];
	private sending: Promise<void> | null = null;
	private followers = new Map<string, Set<Follower>>();
	private offs: (() => void)[] = [];

	constructor(
		private bus: EventBus,
		private events: RunEvents,
		/** Whether this instance executes the run now. */
		private isActive: (runId: string) => boolean
	) {
		this.offs.push(
			bus.on('run.watch', (p) => {
				const id = runIdOf(p);
				if (!id || !events.has(id)) return;
				for (const e of events.history(id)) this.enqueue(e);
				if (this.isActive(id)) this.watched.add(id);
			}),
			bus.on('run.events', (p) => {
				const list = isPlainObject(p) && Array.isArray(p.events) ? (p.events as RunEvent[]) : [];
				const byRun = new Map<string, RunEvent[]>();
				for (const e of list) if (isPlainObject(e) && typeof e.run_id === 'string' && this.followers.has(e.run_id)) byRun.set(e.run_id, [...(byRun.get(e.run_id) ?? []), e]);
				for (const [id, evs] of byRun) for (const f of this.followers.get(id) ?? []) f(evs);
			})
		);
	}

	/** Called for every event emitted on this instance; forwards the watched ones. */
	forward(e: RunEvent) {
		if (!this.watched.has(e.run_id)) return;
		this.enqueue(e);
		if (e.type === 'run' && TERMINAL.has(String(e.status))) this.watched.delete(e.run_id);
	}

	isWatched(runId: string): boolean {
		return this.watched.has(runId);
	}

	/** Receives the events of a run executing on another instance; returns unsubscribe. */
	follow(runId: string, onEvents: Follower): () => void {
		const set = this.followers.get(runId) ?? new Set();
		set.add(onEvents);
		this.followers.set(runId, set);
		void this.bus.publish('run.watch', { run_id: runId });
		return () => {
			set.delete(onEvents);
			if (!set.size && this.followers.get(runId) === set) this.followers.delete(runId);
		};
	}

	private enqueue(e: RunEvent) {
		this.queue.push(compactEvent(e));
		this.sending ??= this.send();
	}

	/** Waits until everything queued is handed to the bus (tests, shutdown). */
	async drain(): Promise<void> {
		while (this.sending) await this.sending;
	}

	private async send(): Promise<void> {
		await Promise.resolve();
		try {
			while (this.queue.length) {
				const batch: RunEvent[] = [];
				let size = 12;
				while (this.queue.length && (batch.length === 0 || size + this.queue[0].bytes + 1 <= MAX_PAYLOAD)) {
					const next = this.queue.shift()!;
					size += next.bytes + 1;
					batch.push(next.event);
				}
				await this.bus.publish('run.events', { events: batch });
			}
		} finally {
			this.sending = null;
		}
	}

	stop() {
		for (const off of this.offs.splice(0)) off();
		this.followers.clear();
		this.watched.clear();
	}
}
