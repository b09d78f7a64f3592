/**
 * A run as the canvas shows it, folded from the SSE events of `/api/v1/runs/{id}/events` (or from
 * the stored steps of a past run): per node the latest status, duration, outputs and error; loop
 * bodies run once per iteration and are summarised (running while any iteration runs, failed when
 * one failed).
 */
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface StepEvent {
	node_id: string;
	node_type?: string;
	status: string;
	attempt?: number;
	iteration?: number;
	error?: string | null;
	inputs?: unknown;
	outputs?: unknown;
	reused?: boolean;
	started_at?: string | null;
	finished_at?: string | null;
	duration_ms?: number | null;
	/** Stored steps carry their log lines; live ones arrive as `log` events (RunView.logs). */
	logs?: RunLog[];
}

export interface RunLog {
	node_id?: string;
	iteration?: number;
	level: string;
	message: string;
	time: string;
}

export interface NodeRun {
	status: StepStatus;
	duration_ms: number | null;
	inputs: unknown;
	outputs: unknown;
	error: string | null;
	attempt: number;
	iterations: number;
	reused: boolean;
	started_at: string | null;
}

export interface RunView {
	id: string;
	status: RunStatus;
	error: string | null;
	outputs: unknown;
	started_at: string | null;
	duration_ms: number | null;
	version: number | null;
	nodes: ReadonlyMap<string, NodeRun>;
	/** Per node and iteration, the latest step. */
	steps: ReadonlyMap<string, StepEvent>;
	logs: (RunLog & { node_id: string })[];
	ended: boolean;
}

export function emptyRun(id: string, status: RunStatus = 'running'): RunView {
	return { id, status, error: null, outputs: null, started_at: null, duration_ms: null, version: null, nodes: new Map(), steps: new Map(), logs: [], ended: false };
}

const STEP_STATUSES = new Set(['running', 'succeeded', 'failed', 'skipped', 'cancelled']);
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

function summarise(steps: StepEvent[]): NodeRun {
	const last = steps[steps.length - 1];
	const statuses = new Set(steps.map((s) => s.status));
	const status: StepStatus = statuses.has('running')
		? 'running'
		: statuses.has('failed')
			? 'failed'
			: statuses.has('cancelled')
				? 'cancelled'
				: statuses.has('succeeded')
					? 'succeeded'
					: 'skipped';
	const failed = steps.find((s) => s.status === 'failed');
	const durations = steps.map((s) => s.duration_ms).filter((d): d is number => typeof d === 'number');
	return {
		status,
		duration_ms: durations.length ? durations.reduce((a, b) => a + b, 0) : null,
		inputs: last.inputs ?? null,
		outputs: last.outputs ?? null,
		error: (failed ?? last).error ?? null,
		attempt: Math.max(...steps.map((s) => s.attempt ?? 1)),
		iterations: steps.length,
		reused: steps.every((s) => s.reused === true),
		started_at: steps[0].started_at ?? null
	};
}

function withStep(run: RunView, step: StepEvent): RunView {
	if (!step.node_id || !STEP_STATUSES.has(step.status)) return run;
	const steps = new Map(run.steps);
	steps.set(`${step.node_id}\0${step.iteration ?? 0}`, step);
	const mine = [...steps.values()].filter((s) => s.node_id === step.node_id);
	const nodes = new Map(run.nodes);
	nodes.set(step.node_id, summarise(mine));
	return { ...run, steps, nodes };
}

/**
 * The steps a cancel interrupted are stored as failed with the cancel's reason ("cancelled by …");
 * once the run is cancelled they show as cancelled.
 */
function withInterrupted(run: RunView): RunView {
	if (run.status !== 'cancelled') return run;
	const steps = new Map(run.steps);
	const changed = new Set<string>();
	for (const [k, s] of run.steps)
		if (s.status === 'failed' && /^cancelled\b/i.test(s.error ?? '')) {
			steps.set(k, { ...s, status: 'cancelled' });
			changed.add(s.node_id);
		}
	if (!changed.size) return run;
	const nodes = new Map(run.nodes);
	for (const id of changed) nodes.set(id, summarise([...steps.values()].filter((s) => s.node_id === id)));
	return { ...run, steps, nodes };
}

/** Applies one SSE event (`step`, `log`, `run`, `end`) to the run. */
export function applyRunEvent(run: RunView, type: string, payload: Record<string, unknown>): RunView {
	if (type === 'step') return withStep(run, payload as unknown as StepEvent);
	if (type === 'log')
		return {
			...run,
			logs: [
				...run.logs,
				{
					node_id: String(payload.node_id ?? ''),
					iteration: typeof payload.iteration === 'number' ? payload.iteration : -1,
					level: String(payload.level ?? 'info'),
					message: String(payload.message ?? ''),
					time: String(payload.time ?? '')
				}
			]
		};
	if (type === 'run') {
		const status = String(payload.status ?? run.status) as RunStatus;
		return withInterrupted({
			...run,
			status,
			error: (payload.error as string | null | undefined) ?? run.error,
			outputs: payload.outputs !== undefined ? payload.outputs : run.outputs,
			started_at: (payload.started_at as string | undefined) ?? run.started_at ?? (typeof payload.time === 'string' ? payload.time : null),
			duration_ms: typeof payload.duration_ms === 'number' ? payload.duration_ms : run.duration_ms,
			version: typeof payload.version === 'number' ? payload.version : typeof payload.workflow_version === 'number' ? payload.workflow_version : run.version,
			ended: run.ended || TERMINAL.has(status)
		});
	}
	if (type === 'end') return { ...run, ended: true };
	return run;
}

/** A stored run (GET /api/v1/runs/{id} shape) as a RunView. */
export function runFromRecord(record: {
	id: string;
	status: string;
	error: string | null;
	outputs: unknown;
	started_at: string | null;
	duration_ms: number | null;
	workflow_version: number | null;
	steps: StepEvent[];
}): RunView {
	let run = emptyRun(record.id, record.status as RunStatus);
	for (const s of record.steps) run = withStep(run, s);
	return withInterrupted({
		...run,
		error: record.error,
		outputs: record.outputs,
		started_at: record.started_at,
		duration_ms: record.duration_ms,
		version: record.workflow_version,
		ended: TERMINAL.has(record.status)
	});
}

/** A short one-line preview of a value (a node's outputs on its card). */
export function preview(value: unknown, max = 80): string {
	let v = value;
	if (v && typeof v === 'object' && !Array.isArray(v)) {
		const keys = Object.keys(v);
		if (keys.length === 1) v = (v as Record<string, unknown>)[keys[0]];
	}
	const s = typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
	const flat = (s ?? '').replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
