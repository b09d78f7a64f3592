import { base } from '$app/paths';
import { json } from '@sveltejs/kit';
import { getRuntime } from '../runtime';
import type { RunHandle, RunResult, WorkflowEngine } from './engine';

/* Run records are written in batches just after; readers call engine.settled() first. */

export interface RespondOptions {
	sync: boolean;
	early?: boolean;
	/** Seconds a sync call waits (default workflow.sync_timeout, 60 s). */
	timeout?: number;
}

function body(r: RunResult) {
	return { run_id: r.run_id, workflow_id: r.workflow_id, status: r.status, outputs: r.outputs, error: r.error };
}

/**
 * The answer to a run request (SPEC §7): async → 202 `{run_id, workflow_id, status}`; sync → the outputs when the run ends (or at the first `output` node with early), 500 when
 * it failed or was cancelled, 504 when the wait times out (the run goes on; the message says where to follow it).
 */
export async function respondToRun(engine: WorkflowEngine, h: RunHandle, o: RespondOptions): Promise<Response> {
	if (!o.sync) {
		return json({ run_id: h.runId, workflow_id: h.workflowId, status: 'running' }, { status: 202 });
	}
	const seconds = o.timeout ?? getRuntime().config.workflow.sync_timeout / 1000;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timedOut = new Promise<null>((r) => (timer = setTimeout(() => r(null), seconds * 1000)));
	const r = await Promise.race([o.early ? h.firstOutput : h.done, timedOut]);
	clearTimeout(timer);
	if (!r) {
		return json(
			{
				message: `the run did not finish within the ${seconds}s sync wait (timeout=${seconds}); it goes on: follow it at ${base}/api/v1/runs/${h.runId}`,
				run_id: h.runId,
				workflow_id: h.workflowId,
				status: 'running'
			},
			{ status: 504 }
		);
	}
	if (r.status === 'succeeded' || r.status === 'running') return json(body(r));
	return json({ message: r.error ?? r.status, ...body(r) }, { status: 500 });
}
