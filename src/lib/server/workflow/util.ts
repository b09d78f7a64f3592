import { CancelledError } from './types';

export function abortReason(signal: AbortSignal): Error {
	const r: unknown = signal.reason;
	return r instanceof Error ? r : new CancelledError(typeof r === 'string' ? r : 'cancelled');
}

/** Waits `ms`, rejecting with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(abortReason(signal));
		const onAbort = () => {
			clearTimeout(t);
			reject(abortReason(signal!));
		};
		const t = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** Rejects when the signal aborts; never resolves otherwise. Call `off` to detach. */
export function whenAborted(signal: AbortSignal): { promise: Promise<never>; off: () => void } {
	let off = () => {};
	const promise = new Promise<never>((_, reject) => {
		if (signal.aborted) return reject(abortReason(signal));
		const onAbort = () => reject(abortReason(signal));
		signal.addEventListener('abort', onAbort, { once: true });
		off = () => signal.removeEventListener('abort', onAbort);
	});
	promise.catch(() => {});
	return { promise, off };
}

/** A counting semaphore whose waiters leave the queue when their signal aborts. */
export class Semaphore {
	private waiting: { resolve: () => void; reject: (e: Error) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];
	private active = 0;

	constructor(private limit: number) {}

	acquire(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortReason(signal));
		if (this.active < this.limit) {
			this.active++;
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => {
			const w: (typeof this.waiting)[number] = { resolve, reject, signal };
			if (signal) {
				w.onAbort = () => {
					const i = this.waiting.indexOf(w);
					if (i >= 0) this.waiting.splice(i, 1);
					reject(abortReason(signal));
				};
				signal.addEventListener('abort', w.onAbort, { once: true });
			}
			this.waiting.push(w);
		});
	}

	release() {
		const next = this.waiting.shift();
		if (next) {
			if (next.onAbort) next.signal?.removeEventListener('abort', next.onAbort);
			next.resolve();
		} else this.active--;
	}
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Parses JSON text when it is JSON; otherwise returns the text. */
export function maybeJson(text: string): unknown {
	const t = text.trim();
	if (!t) return text;
	if (!/^[[{"]|^-?\d|^(true|false|null)$/.test(t)) return text;
	try {
		return JSON.parse(t);
	} catch {
		return text;
	}
}
