import { errorMessage, log } from '../log';
import type { DB } from '../store/db';
import { upsertRuns, upsertRunSteps, type NewRun, type NewRunStep } from '../store/queries/runs';

/** Step inputs and outputs are stored up to this many bytes of JSON each (SPEC §8.2). */
export const MAX_STORED_BYTES = 64 * 1024;
const FLUSH_EVERY_MS = 25;
const MAX_BUFFERED = 200_000;

export interface Truncated {
	truncated: true;
	size: number;
	preview: string;
}

export function isTruncated(v: unknown): v is Truncated {
	return !!v && typeof v === 'object' && (v as Truncated).truncated === true && typeof (v as Truncated).preview === 'string';
}

/** The value as stored: itself when its JSON fits in 64 KB, else a marker with a preview. */
export function capValue(value: unknown): unknown {
	if (value === undefined) return null;
	let json: string | undefined;
	try {
		json = JSON.stringify(value);
	} catch (e) {
		return { truncated: true, size: 0, preview: `not serialisable: ${errorMessage(e)}` } satisfies Truncated;
	}
	if (json === undefined) return null;
	const size = Buffer.byteLength(json);
	if (size <= MAX_STORED_BYTES) return value;
	return { truncated: true, size, preview: json.slice(0, MAX_STORED_BYTES - 1024) } satisfies Truncated;
}

const stepKey = (s: NewRunStep) => `${s.runId}\0${s.nodeId}\0${s.iteration ?? -1}`;

/**
 * Batches run and step writes: rows queued within a few milliseconds go out as one multi-row upsert
 * per table (runs first, for the foreign key). A failed write keeps the rows for the next attempt.
 */
export class RunWriter {
	private runs = new Map<string, NewRun>();
	private steps = new Map<string, NewRunStep>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private writing: Promise<void> | null = null;
	private waiters: (() => void)[] = [];
	private stopped = false;

	constructor(private db: () => DB) {}

	run(row: NewRun) {
		const prev = this.runs.get(row.id);
		this.runs.set(row.id, prev ? { ...prev, ...row } : row);
		this.schedule();
	}

	step(row: NewRunStep) {
		if (this.steps.size >= MAX_BUFFERED) {
			log.error('run step buffer full; dropping a step record', { run_id: row.runId, node_id: row.nodeId });
			return;
		}
		this.steps.set(stepKey(row), row);
		this.schedule();
	}

	private schedule() {
		if (this.timer || this.stopped) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.write();
		}, FLUSH_EVERY_MS);
	}

	idle(): boolean {
		return !this.runs.size && !this.steps.size && !this.writing;
	}

	/** Resolves once everything queued before the call is written (or the write failed and was re-queued). */
	flush(): Promise<void> {
		if (!this.runs.size && !this.steps.size && !this.writing) return Promise.resolve();
		return new Promise((resolve) => {
			this.waiters.push(resolve);
			if (this.timer) {
				clearTimeout(this.timer);
				this.timer = null;
			}
			void this.write();
		});
	}

	private async write(): Promise<void> {
		if (this.writing) {
			await this.writing;
			if (this.runs.size || this.steps.size || this.waiters.length) return this.write();
			return;
		}
		const runs = [...this.runs.values()];
		const steps = [...this.steps.values()];
		const waiters = this.waiters.splice(0);
		this.runs.clear();
		this.steps.clear();
		this.writing = (async () => {
			try {
				await upsertRuns(this.db(), runs);
				for (let i = 0; i < steps.length; i += 500) await upsertRunSteps(this.db(), steps.slice(i, i + 500));
			} catch (e) {
				log.warn('cannot write run records; will retry', { error: errorMessage(e), runs: runs.length, steps: steps.length });
				for (const r of runs) if (!this.runs.has(r.id)) this.runs.set(r.id, r);
				for (const s of steps) if (!this.steps.has(stepKey(s))) this.steps.set(stepKey(s), s);
				if (!this.stopped) setTimeout(() => this.schedule(), 1000).unref?.();
			}
		})();
		await this.writing;
		this.writing = null;
		for (const w of waiters) w();
	}

	async stop() {
		await this.flush();
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
	}
}
