/**
 * Live run events for SSE (`GET /api/v1/runs/{id}/events`) and sync waits, in process. Events of a
 * run are kept while it is active (and briefly after) so a subscriber that joins late gets them all.
 * Every event of a run carries `seq` (1, 2, 3 … in emit order), which subscribers use to drop
 * duplicates when events also reach them from another instance (runRelay.ts).
 */
export type RunEventType = 'run' | 'step' | 'log';

export interface RunEvent {
	type: RunEventType;
	run_id: string;
	seq: number;
	time: string;
	[k: string]: unknown;
}

type Listener = (e: RunEvent) => void;
const KEEP_AFTER_FINISH_MS = 60_000;
const MAX_HISTORY = 5000;

interface Channel {
	history: RunEvent[];
	listeners: Set<Listener>;
	finished: boolean;
	seq: number;
}

export class RunEvents {
	private channels = new Map<string, Channel>();
	/** Sees every event emitted here (the engine forwards watched runs to other instances). */
	tap: ((e: RunEvent) => void) | null = null;

	open(runId: string) {
		if (!this.channels.has(runId)) this.channels.set(runId, { history: [], listeners: new Set(), finished: false, seq: 0 });
	}

	emit(runId: string, type: RunEventType, fields: Record<string, unknown>) {
		const ch = this.channels.get(runId);
		if (!ch) return;
		const e: RunEvent = { type, run_id: runId, seq: ++ch.seq, time: new Date().toISOString(), ...fields };
		if (ch.history.length < MAX_HISTORY) ch.history.push(e);
		for (const l of ch.listeners) l(e);
		this.tap?.(e);
	}

	finish(runId: string) {
		const ch = this.channels.get(runId);
		if (!ch) return;
		ch.finished = true;
		setTimeout(() => {
			if (this.channels.get(runId) === ch) this.channels.delete(runId);
		}, KEEP_AFTER_FINISH_MS).unref?.();
	}

	has(runId: string): boolean {
		return this.channels.has(runId);
	}

	/** The events emitted so far for a run known here (empty otherwise). */
	history(runId: string): RunEvent[] {
		return [...(this.channels.get(runId)?.history ?? [])];
	}

	/** Replays the history, then calls `listener` live; returns unsubscribe, or null when unknown here. */
	subscribe(runId: string, listener: Listener): { history: RunEvent[]; finished: boolean; unsubscribe: () => void } | null {
		const ch = this.channels.get(runId);
		if (!ch) return null;
		ch.listeners.add(listener);
		return { history: [...ch.history], finished: ch.finished, unsubscribe: () => ch.listeners.delete(listener) };
	}
}
