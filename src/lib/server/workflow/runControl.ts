/**
 * Cancel and rerun for the API (`/api/v1/runs/{id}/cancel`, `/rerun`) and the run page's form
 * actions. Both throw ApiError (404 unknown run, 409 a run that is over, 400 an unknown node).
 */
import { ApiError } from '../api';
import { getRuntime } from '../runtime';
import { getRun } from '../store/queries/runs';
import { engine } from '.';
import type { RunHandle } from './engine';

/** Asks whichever instance executes the run to stop it; the run turns `cancelled` shortly after. */
export async function cancelRun(runId: string, by: string): Promise<void> {
	const e = engine();
	await e.settled();
	const run = await getRun(getRuntime().db, runId);
	if (!run && !e.isActive(runId)) throw new ApiError(404, 'run not found');
	if (run && run.status !== 'running' && run.status !== 'queued') throw new ApiError(409, `the run is already ${run.status}`);
	await e.requestCancel(runId, `cancelled by ${by}`);
}

/** Starts a rerun (same version and inputs); with fromNode, nodes not downstream of it reuse their recorded outputs. */
export async function rerunRun(runId: string, fromNode?: string): Promise<RunHandle> {
	const e = engine();
	await e.settled();
	const old = await getRun(getRuntime().db, runId);
	if (!old) throw new ApiError(404, 'run not found');
	return e.startRun({ workflowId: old.workflowId, source: old.source, rerun: { runId: old.id, fromNode } });
}
