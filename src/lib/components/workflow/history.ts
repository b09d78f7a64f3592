/**
 * Undo/redo over immutable snapshots. `push` with the same coalescing key as the previous push
 * within `coalesceMs` replaces that entry instead of adding one, so typing into a field is one step.
 */
export class History<T> {
	private past: T[] = [];
	private future: T[] = [];
	private lastKey: string | null = null;
	private lastAt = 0;

	constructor(
		private present: T,
		private readonly limit = 200,
		private readonly coalesceMs = 1000
	) {}

	get current(): T {
		return this.present;
	}
	get canUndo(): boolean {
		return this.past.length > 0;
	}
	get canRedo(): boolean {
		return this.future.length > 0;
	}

	push(state: T, key: string | null = null, now = Date.now()): void {
		const coalesce = key !== null && key === this.lastKey && now - this.lastAt < this.coalesceMs && this.past.length > 0;
		if (!coalesce) {
			this.past.push(this.present);
			if (this.past.length > this.limit) this.past.shift();
		}
		this.present = state;
		this.future = [];
		this.lastKey = key;
		this.lastAt = now;
	}

	undo(): T | undefined {
		const prev = this.past.pop();
		if (prev === undefined) return undefined;
		this.future.push(this.present);
		this.present = prev;
		this.lastKey = null;
		return prev;
	}

	redo(): T | undefined {
		const next = this.future.pop();
		if (next === undefined) return undefined;
		this.past.push(this.present);
		this.present = next;
		this.lastKey = null;
		return next;
	}

	/** Replaces the current state without an undo step (facts from the server, e.g. new ids). */
	replacePresent(state: T): void {
		this.present = state;
		this.lastKey = null;
	}

	/** Starts over from `state` (after loading another graph). */
	reset(state: T): void {
		this.past = [];
		this.future = [];
		this.present = state;
		this.lastKey = null;
	}
}
