/**
 * Run history for the REST API and the admin pages (`+page.server.ts` loads call these directly).
 * Results are the API's JSON shapes. Runs of this instance are flushed to the database first, so a
 * run that just ended is listed.
 */
import type { RunListQuery } from '$lib/schemas/run';
import { getRuntime } from '../runtime';
import { countRuns, getRun, getRunSteps, listChildRuns, listRunSummaries, type RunFilter } from '../store/queries/runs';
import { getVersion } from '../store/queries/versions';
import { getWorkflow } from '../store/queries/workflows';
import { engine } from '.';
import { runJson, runSummaryJson, stepJson } from './serialize';

export type RunSummaryJson = ReturnType<typeof runSummaryJson>;
export type StepJson = ReturnType<typeof stepJson>;

export interface RunPage {
	runs: RunSummaryJson[];
	/** Runs matching the filters, all pages together. */
	count: number;
	/** Pass as `cursor` for the next (older) page; null on the last page. */
	next_cursor: string | null;
}

export type RunHistoryFilter = Omit<RunListQuery, 'limit'> & { limit?: number };

function toFilter(q: RunHistoryFilter): RunFilter {
	return {
		workflowId: q.workflow_id,
		status: q.status,
		source: q.source,
		triggerId: q.trigger_id,
		parentRunId: q.parent_run_id,
		from: q.from,
		to: q.to,
		before: q.cursor ?? q.before
	};
}

/** One page of runs, newest first, with the total count for the filters. */
export async function runHistory(q: RunHistoryFilter): Promise<RunPage> {
	await engine().settled();
	const db = getRuntime().db;
	const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
	const f = toFilter(q);
	const rows = await listRunSummaries(db, { ...f, limit: limit + 1 });
	const count = await countRuns(db, f);
	const page = rows.slice(0, limit);
	return { runs: page.map(runSummaryJson), count, next_cursor: rows.length > limit ? page.at(-1)!.id : null };
}

export type RunDetail = ReturnType<typeof runJson> & {
	workflow_name: string | null;
	steps: StepJson[];
	children: RunSummaryJson[];
	/** The graph of the run's version (or the current draft when the run has no version), when asked for. */
	graph?: unknown;
};

/** A run with its steps (each with duration_ms) and child runs; null when there is no such run. */
export async function runDetail(id: string, opts: { graph?: boolean } = {}): Promise<RunDetail | null> {
	await engine().settled();
	const db = getRuntime().db;
	const run = await getRun(db, id);
	if (!run) return null;
	const [steps, children, wf] = [await getRunSteps(db, id), await listChildRuns(db, id), await getWorkflow(db, run.workflowId)];
	const detail: RunDetail = { ...runJson(run), workflow_name: wf?.name ?? null, steps: steps.map(stepJson), children: children.map(runSummaryJson) };
	if (opts.graph) {
		const version = run.workflowVersion !== null ? await getVersion(db, run.workflowId, run.workflowVersion) : undefined;
		detail.graph = version?.graph ?? wf?.graph ?? null;
	}
	return detail;
}
