import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../../tests/helpers/db';
import { LOCKS, type Store } from '../store/db';
import { getTrigger, insertTrigger, updateTrigger } from '../store/queries/triggers';
import { insertWorkflow } from '../store/queries/workflows';
import type { TriggerRow } from '../store/schema';
import { Scheduler } from './index';

let store: Store & { dispose(): Promise<void> };
let workflowId: string;

beforeAll(async () => {
	store = await openTestStore();
	workflowId = (await insertWorkflow(store.db, { name: 'w', description: '', graph: { nodes: [], edges: [] }, user: 't' })).id;
	// Starting PGlite (WASM) and migrating takes seconds, more on a loaded machine.
}, 60_000);
afterAll(async () => {
	await store?.dispose();
});

function scheduler(fired: string[], lock = () => store.tryLock(LOCKS.scheduler)) {
	return new Scheduler({
		db: () => store.db,
		tryLock: lock,
		fire: async (t: TriggerRow) => {
			fired.push(t.id);
		}
	});
}

describe('Scheduler', () => {
	it('disables a trigger whose stored schedule croner refuses, and schedules the others', async () => {
		const bad = await insertTrigger(store.db, { workflowId, type: 'cron', config: { schedule: 'every full moon', timezone: 'UTC' } });
		const good = await insertTrigger(store.db, { workflowId, type: 'cron', config: { schedule: '* * * * * *', timezone: 'UTC' } });
		const fired: string[] = [];
		const s = scheduler(fired);
		await s.begin();
		try {
			expect(s.isLeader).toBe(true);
			expect(s.scheduledIds()).toEqual([good.id]);
			const row = await getTrigger(store.db, bad.id);
			expect(row).toMatchObject({ enabled: false, lastError: expect.stringContaining('every full moon') });
			await new Promise((r) => setTimeout(r, 1300));
			expect(fired.filter((f) => f === good.id).length).toBeGreaterThanOrEqual(1);
			expect(fired).not.toContain(bad.id);
			// A reload after a change replaces only the changed job.
			await updateTrigger(store.db, good.id, { config: { schedule: '0 0 1 1 *', timezone: 'UTC' } });
			await s.reload();
			expect(s.scheduledIds()).toEqual([good.id]);
			await updateTrigger(store.db, good.id, { enabled: false });
			await s.reload();
			expect(s.scheduledIds()).toEqual([]);
		} finally {
			await s.stop();
		}
	});

	it('schedules only on the instance holding the scheduler lock', async () => {
		const t = await insertTrigger(store.db, { workflowId, type: 'cron', config: { schedule: '* * * * * *', timezone: 'UTC' } });
		const a: string[] = [];
		const b: string[] = [];
		const first = scheduler(a);
		const second = scheduler(b);
		await first.begin();
		await second.begin();
		try {
			expect(first.isLeader).toBe(true);
			expect(second.isLeader).toBe(false);
			expect(second.scheduledIds()).toEqual([]);
			await new Promise((r) => setTimeout(r, 1200));
			expect(a).toContain(t.id);
			expect(b).toEqual([]);
		} finally {
			await first.stop();
			await second.stop();
		}
	});
});
