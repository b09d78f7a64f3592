import { getRuntime } from '../runtime';
import { getRun, getRunSteps } from '../store/queries/runs';
import type { WorkflowEngine } from './engine';
import type { RunEvent } from './runEvents';
import { runJson, stepJson } from './serialize';

const HEARTBEAT_MS = 15_000;
const POLL_MS = 1_000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * The SSE body for a run. A run executing on this instance is streamed from its in-memory events
 * (history first, then live). A run elsewhere (another instance) or already finished is read from the
 * database: its steps, then changes polled once a second until it ends. The stream ends with `end`.
 */
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
			const timers: ReturnType<typeof setInterval>[] = [heartbeat];
			let unsubscribe = () => {};
			cleanup = () => {
				closed = true;
				for (const t of timers) clearInterval(t);
				unsubscribe();
				signal.removeEventListener('abort', cleanup);
			};
			signal.addEventListener('abort', cleanup, { once: true });
			const onEvent = (e: RunEvent) => {
				send(e.type, e);
				if (e.type === 'run' && TERMINAL.has(String(e.status))) close();
			};
			const sub = engine.events.subscribe(runId, onEvent);
			if (sub) {
				unsubscribe = sub.unsubscribe;
				for (const e of sub.history) if (!closed) onEvent(e);
				return;
			}
			const db = getRuntime().db;
			const seen = new Map<string, string>();
			const pump = async () => {
				const run = await getRun(db, runId);
				if (!run) return close();
				for (const s of await getRunSteps(db, runId)) {
					const j = stepJson(s);
					const key = `${s.nodeId}\0${s.iteration}`;
					const sig = `${j.status}|${j.attempt}|${j.finished_at}`;
					if (seen.get(key) === sig) continue;
					seen.set(key, sig);
					send('step', { type: 'step', run_id: runId, ...j });
				}
				if (TERMINAL.has(run.status)) {
					send('run', { type: 'run', ...runJson(run) });
					close();
				}
			};
			let busy = false;
			const tick = async () => {
				if (busy || closed) return;
				busy = true;
				try {
					await pump();
				} catch {
					// the next poll retries
				} finally {
					busy = false;
				}
			};
			void tick();
			timers.push(setInterval(() => void tick(), POLL_MS));
		},
		cancel() {
			cleanup();
		}
	});
}
