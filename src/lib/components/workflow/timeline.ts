/**
 * The run page's step timeline: one row per step (node and iteration) placed on the run's time axis,
 * so that steps running side by side show as overlapping bars. Offsets and durations are in ms from
 * the run's start; `left` and `width` are percentages of the axis.
 */
import type { StepEvent } from './runState';

export interface TimelineRow {
	key: string;
	node_id: string;
	node_type: string;
	iteration: number;
	status: string;
	attempt: number;
	reused: boolean;
	/** ms after the run started; null when the step has no start time. */
	offset: number | null;
	/** ms; a running step counts until `now`. */
	duration: number | null;
	left: number;
	width: number;
}

export interface Timeline {
	rows: TimelineRow[];
	/** Length of the axis in ms (at least 1). */
	span: number;
}

const time = (s: string | null | undefined) => {
	const t = s ? Date.parse(s) : NaN;
	return Number.isNaN(t) ? null : t;
};

/**
 * Lays the steps out against the run: `runStart`/`runEnd` are the run's times (end null while it
 * runs, then the axis reaches `now`); `order` breaks ties between steps that started together
 * (the graph's node order).
 */
export function buildTimeline(steps: readonly StepEvent[], run: { started_at: string | null; duration_ms: number | null; ended: boolean }, now: number, order: ReadonlyMap<string, number> = new Map()): Timeline {
	const starts = steps.map((s) => time(s.started_at)).filter((t): t is number => t !== null);
	const origin = time(run.started_at) ?? (starts.length ? Math.min(...starts) : now);
	const measured = steps.map((s) => {
		const start = time(s.started_at);
		const end = time(s.finished_at) ?? (s.status === 'running' && !run.ended ? now : start);
		const offset = start === null ? null : Math.max(0, start - origin);
		const duration = start === null || end === null ? (s.duration_ms ?? null) : Math.max(0, s.duration_ms ?? end - start);
		return { s, offset, duration };
	});
	const stepEnd = Math.max(0, ...measured.map((m) => (m.offset ?? 0) + (m.duration ?? 0)));
	const runSpan = run.duration_ms ?? (run.ended ? 0 : Math.max(0, now - origin));
	const span = Math.max(1, stepEnd, runSpan);
	const rows = measured.map(({ s, offset, duration }): TimelineRow => {
		const iteration = s.iteration ?? -1;
		return {
			key: `${s.node_id}\0${iteration}`,
			node_id: s.node_id,
			node_type: s.node_type ?? '',
			iteration,
			status: s.status,
			attempt: s.attempt ?? 1,
			reused: s.reused === true,
			offset,
			duration,
			left: offset === null ? 0 : Math.min(100, (offset / span) * 100),
			width: duration === null ? 0 : Math.min(100, (duration / span) * 100)
		};
	});
	const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
	rows.sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity) || rank(a.node_id) - rank(b.node_id) || a.iteration - b.iteration);
	return { rows, span };
}

/** Round axis labels (1, 2 or 5 × 10ⁿ ms apart) from 0 up to the span, at most `max` of them past zero. */
export function axisTicks(span: number, max = 4): number[] {
	if (!(span > 0)) return [0];
	const raw = span / max;
	const pow = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
	const ticks: number[] = [];
	for (let t = 0; t <= span + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
	return ticks;
}
