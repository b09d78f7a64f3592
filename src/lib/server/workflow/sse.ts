import { getRuntime } from '../runtime';
import { getRun, getRunSteps } from '../store/queries/runs';
import type { RunStepRow } from '../store/schema';
import type { WorkflowEngine } from './engine';
import type { RunEvent } from './runEvents';
import { runJson, stepJson } from './serialize';
import { sleep } from './util';

const HEARTBEAT_MS = 15_000;
/** Database poll of a run executing elsewhere: a backstop, the events themselves arrive over NOTIFY. */
const POLL_MS = 1_000;
/** A run just started on another instance may not be written yet (its writer batches for ~25 ms). */
const NOT_YET_WRITTEN_RETRIES = [100, 250, 500];
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const END_GRACE_MS = 3_000;

/** Latest state sent for one step (node and iteration), so older or repeated states are not sent again. */
interface SentStep {
	attempt: number;
	ended: boolean;
	sig: string;
	partial: boolean;
}

const stepKey = (nodeId: unknown, iteration: unknown) => `${String(nodeId)}\0${String(iteration)}`;

/**
 * The SSE response for a run (`GET /api/v1/runs/{id}/events`), or null when there is no such run.
 * Events: `run` (status changes), `step` (each step state), `log`, then `end`.
 *
 * A run executing on this instance is streamed from its in-memory events (history first, then live).
 * A run executing on another instance is followed over the NOTIFY bus (runRelay.ts) — live, including
 * the events it emitted before — with the database polled as a backstop (steps written there, and the
 * end of a run whose instance died). A finished run is replayed from the database.
 */
export async function runEventsResponse(engine: WorkflowEngine, runId: string, signal: AbortSignal): Promise<Response | null> {
	await engine.settled();
	if (!engine.events.has(runId)) {
		const rt = getRuntime();
		let run = await getRun(rt.db, runId);
		for (const wait of rt.store.kind === 'postgres' ? NOT_YET_WRITTEN_RETRIES : []) {
			if (run) break;
			await sleep(wait);
			run = await getRun(rt.db, runId);
		}
		if (!run && !engine.events.has(runId)) return null;
	}
	return new Response(runEventStream(engine, runId, signal), {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }
	});
}

export function runEventStream(engine: WorkflowEngine, runId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
	const enc = new TextEncoder();
	let cleanup = () => {};
	return new ReadableStream<Uint8Array>({
		start(controller) {
			let closed = false;
			const send = (event: string, data: unknown) => {
				if (!closed) controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
			};
			const close = () => {
				if (closed) return;
				send('end', { run_id: runId });
				closed = true;
				cleanup();
				controller.close();
			};
			const heartbeat = setInterval(() => !closed && controller.enqueue(enc.encode(': keep-alive\n\n')), HEARTBEAT_MS);
			const timers: ReturnType<typeof setTimeout>[] = [heartbeat];
			const unsubscribes: (() => void)[] = [];
			cleanup = () => {
				closed = true;
				for (const t of timers) clearTimeout(t);
				for (const u of unsubscribes.splice(0)) u();
				signal.removeEventListener('abort', cleanup);
			};
			signal.addEventListener('abort', cleanup, { once: true });
			const onEvent = (e: RunEvent) => {
				send(e.type, e);
				if (e.type === 'run' && TERMINAL.has(String(e.status))) close();
			};
			const sub = engine.events.subscribe(runId, onEvent);
			if (sub) {
				unsubscribes.push(sub.unsubscribe);
				for (const e of sub.history) if (!closed) onEvent(e);
				return;
			}
			followElsewhere(engine, runId, { send, close, isClosed: () => closed, unsubscribes, timers });
		},
		cancel() {
			cleanup();
		}
	});
}

interface StreamControls {
	send(event: string, data: unknown): void;
	close(): void;
	isClosed(): boolean;
	unsubscribes: (() => void)[];
	timers: ReturnType<typeof setTimeout>[];
}

function followElsewhere(engine: WorkflowEngine, runId: string, s: StreamControls) {
	const db = getRuntime().db;
	const seenSeq = new Set<number>();
	const sent = new Map<string, SentStep>();
	/** Whether this state of a step is news: not sent yet, fuller than what was sent, and not older. */
	const isNews = (nodeId: unknown, iteration: unknown, status: string, attempt: number, finishedAt: unknown, partial: boolean) => {
		const key = stepKey(nodeId, iteration);
		const sig = `${status}|${attempt}|${String(finishedAt ?? '')}`;
		const ended = status !== 'running';
		const prev = sent.get(key);
		if (prev) {
			if (prev.sig === sig && (partial || !prev.partial)) return false;
			if (attempt < prev.attempt || (attempt === prev.attempt && prev.ended && !ended)) return false;
		}
		sent.set(key, { attempt, ended, sig, partial });
		return true;
	};
	const sendStepRow = (row: RunStepRow) => {
		const j = stepJson(row);
		if (isNews(j.node_id, j.iteration, j.status, j.attempt, j.finished_at, false)) s.send('step', { type: 'step', run_id: runId, ...j });
	};
	let endSent = false;
	const pump = async () => {
		const run = await getRun(db, runId);
		if (!run) return s.close();
		for (const row of await getRunSteps(db, runId)) sendStepRow(row);
		if (TERMINAL.has(run.status)) {
			if (!endSent) s.send('run', { type: 'run', ...runJson(run) });
			s.close();
		}
	};
	const onRemote = (events: RunEvent[]) => {
		for (const e of events) {
			if (s.isClosed()) return;
			if (typeof e.seq === 'number') {
				if (seenSeq.has(e.seq)) continue;
				seenSeq.add(e.seq);
			}
			if (e.type === 'step' && !isNews(e.node_id, e.iteration, String(e.status), Number(e.attempt ?? 1), e.finished_at, e.partial === true)) continue;
			s.send(e.type, e);
			if (e.type === 'run' && TERMINAL.has(String(e.status)) && !endSent) {
				// The run is over: one more look at the database fills steps that came `partial`, then the
				// stream ends (at the latest after END_GRACE_MS, should the database lag or be away).
				endSent = true;
				s.timers.push(setTimeout(() => void tick(), 50), setTimeout(() => s.close(), END_GRACE_MS));
			}
		}
	};
	let busy = false;
	const tick = async () => {
		if (busy || s.isClosed()) return;
		busy = true;
		try {
			await pump();
		} catch {
			// the next poll retries
		} finally {
			busy = false;
		}
	};
	void (async () => {
		// A finished run is replayed from the database alone; a running one is also followed live.
		let finished = false;
		try {
			const run = await getRun(db, runId);
			finished = !!run && TERMINAL.has(run.status);
		} catch {
			// the poll retries the database
		}
		if (s.isClosed()) return;
		if (!finished) s.unsubscribes.push(engine.relay.follow(runId, onRemote));
		await tick();
		if (!s.isClosed()) s.timers.push(setInterval(() => void tick(), POLL_MS));
	})();
}
