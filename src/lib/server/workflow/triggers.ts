import { errorMessage, log } from '../log';
import { recordTriggerFire } from '../store/queries/triggers';
import type { DB } from '../store/db';
import type { TriggerRow } from '../store/schema';
import { RunStartError, type RunHandle, type RunResult, type WorkflowEngine } from './engine';
import { isPlainObject } from './util';

/** What a cron trigger node emits: payload ⊕ {trigger_id, triggered_at, schedule}. */
export function cronPayload(t: TriggerRow, at: Date): Record<string, unknown> {
	const p = t.config.payload;
	const base = isPlainObject(p) ? p : p === undefined || p === null ? {} : { payload: p };
	return { ...base, trigger_id: t.id, triggered_at: at.toISOString(), schedule: String(t.config.schedule ?? '') };
}

/** Starts a run of the workflow's active version from a trigger; failures to start are recorded on the trigger. */
export async function startTriggerRun(engine: WorkflowEngine, db: DB, t: TriggerRow, payload: Record<string, unknown>): Promise<RunHandle> {
	try {
		return await engine.startRun({
			workflowId: t.workflowId,
			version: 'active',
			source: t.type === 'cron' ? 'cron' : 'webhook',
			inputs: payload,
			payload,
			triggerId: t.id,
			triggerNodeId: t.nodeId
		});
	} catch (e) {
		await recordTriggerFire(db, t.id, { lastRunAt: new Date(), lastStatus: 'failed', lastRunId: null, lastError: errorMessage(e) }).catch(() => {});
		throw e;
	}
}

/** Records a finished trigger run on the trigger row. */
export async function recordTriggerResult(db: DB, t: TriggerRow, r: RunResult, at: Date) {
	await recordTriggerFire(db, t.id, { lastRunAt: at, lastStatus: r.status, lastRunId: r.run_id, lastError: r.status === 'succeeded' ? null : r.error }).catch((e) =>
		log.warn('cannot record trigger result', { trigger_id: t.id, error: errorMessage(e) })
	);
}

/** One cron tick: runs the workflow and waits for the run to end (so `protect` skips overlapping ticks). */
export async function fireCron(engine: WorkflowEngine, db: DB, t: TriggerRow, at = new Date()): Promise<void> {
	let handle: RunHandle;
	try {
		handle = await startTriggerRun(engine, db, t, cronPayload(t, at));
	} catch (e) {
		log.warn('cron trigger could not start a run', { trigger_id: t.id, error: errorMessage(e), status: e instanceof RunStartError ? e.status : 500 });
		return;
	}
	await recordTriggerResult(db, t, await handle.done, at);
}
