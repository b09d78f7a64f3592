import { Cron } from 'croner';
import { errorMessage, log } from '../log';
import type { Runtime, Service } from '../runtime';
import { LOCKS, type AdvisoryLease, type DB } from '../store/db';
import { listEnabledCronTriggers, recordTriggerFire } from '../store/queries/triggers';
import type { TriggerRow } from '../store/schema';
import type { WorkflowEngine } from '../workflow/engine';
import { fireCron } from '../workflow/triggers';

export interface SchedulerDeps {
	db(): DB;
	tryLock(): Promise<AdvisoryLease | null>;
	/** Runs one tick of a trigger; the returned promise covers the run (overlapping ticks are skipped). */
	fire(trigger: TriggerRow, at: Date): Promise<void>;
}

/** How often an instance without the scheduler lock tries to take it (a dead leader's lock is freed by Postgres). */
const LOCK_RETRY_MS = 3_000;

interface Job {
	cron: Cron;
	signature: string;
}

/**
 * The cron scheduler (SPEC §8.6, §9): only the instance holding the scheduler advisory lock schedules.
 * One croner job per enabled cron trigger, with `protect` so a tick is skipped while the previous run
 * of the same trigger is still going. An invalid schedule disables that trigger alone (with
 * last_error). Reloading replaces changed jobs only; stopping a job never cancels its run in flight.
 * Missed ticks are not replayed.
 */
export class Scheduler implements Service {
	readonly name = 'scheduler';
	private jobs = new Map<string, Job>();
	private lease: AdvisoryLease | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;
	private reloading: Promise<void> = Promise.resolve();
	private dirty = false;
	private stopped = false;
	private deps!: SchedulerDeps;
	private unsubscribe?: () => void;

	constructor(deps?: SchedulerDeps) {
		if (deps) this.deps = deps;
	}

	async start(rt: Runtime) {
		this.deps ??= {
			db: () => rt.db,
			tryLock: () => rt.store.tryLock(LOCKS.scheduler),
			fire: (t, at) => fireCron(rt.service<WorkflowEngine>('workflow-engine')!, rt.db, t, at)
		};
		this.unsubscribe = rt.bus.on('triggers.changed', () => this.reload());
		await this.begin();
	}

	/** Starts trying to lead (for tests that construct the scheduler with deps). */
	async begin() {
		this.stopped = false;
		await this.acquire();
		this.timer = setInterval(() => void this.acquire(), LOCK_RETRY_MS);
		this.timer.unref?.();
	}

	get isLeader(): boolean {
		return this.lease !== null;
	}

	scheduledIds(): string[] {
		return [...this.jobs.keys()];
	}

	private async acquire() {
		if (this.lease || this.stopped) return;
		try {
			this.lease = await this.deps.tryLock();
		} catch (e) {
			log.warn('scheduler lock attempt failed', { error: errorMessage(e) });
			return;
		}
		if (!this.lease) return;
		log.info('this instance now runs the cron scheduler');
		await this.reload();
	}

	/** Re-reads the enabled cron triggers; coalesces calls made while a reload is running. */
	reload(): Promise<void> {
		if (this.dirty) return this.reloading;
		this.dirty = true;
		this.reloading = this.reloading.then(async () => {
			this.dirty = false;
			try {
				await this.apply();
			} catch (e) {
				log.error('scheduler reload failed', { error: errorMessage(e) });
			}
		});
		return this.reloading;
	}

	private async apply() {
		if (!this.lease || this.stopped) return;
		const rows = await listEnabledCronTriggers(this.deps.db());
		const wanted = new Map(rows.map((r) => [r.id, r]));
		for (const [id, job] of this.jobs) {
			const row = wanted.get(id);
			if (!row || signature(row) !== job.signature) {
				job.cron.stop();
				this.jobs.delete(id);
			}
		}
		for (const row of rows) {
			if (this.jobs.has(row.id)) continue;
			const schedule = String(row.config.schedule ?? '');
			const timezone = String(row.config.timezone || 'UTC');
			try {
				const cron = new Cron(
					schedule,
					{
						name: `trigger-${row.id}`,
						timezone,
						protect: (job) => log.warn('cron tick skipped: the previous run of this trigger is still going', { trigger_id: row.id, at: job.currentRun()?.toISOString() }),
						catch: (e) => log.error('cron trigger failed', { trigger_id: row.id, error: errorMessage(e) })
					},
					() => this.deps.fire(row, new Date())
				);
				this.jobs.set(row.id, { cron, signature: signature(row) });
			} catch (e) {
				const problem = `invalid schedule "${schedule}" (${timezone}): ${errorMessage(e)}`;
				log.warn('cron trigger disabled: invalid schedule', { trigger_id: row.id, error: problem });
				await recordTriggerFire(this.deps.db(), row.id, { enabled: false, lastError: problem }).catch(() => {});
			}
		}
	}

	async stop() {
		this.stopped = true;
		this.unsubscribe?.();
		if (this.timer) clearInterval(this.timer);
		for (const job of this.jobs.values()) job.cron.stop();
		this.jobs.clear();
		const lease = this.lease;
		this.lease = null;
		await lease?.release().catch(() => {});
	}
}

function signature(t: TriggerRow): string {
	return JSON.stringify([t.workflowId, t.nodeId, t.config.schedule, t.config.timezone, t.config.payload]);
}
