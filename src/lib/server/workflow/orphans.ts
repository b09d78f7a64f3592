/**
 * Runs left open by an instance that died (SPEC §9). On PostgreSQL every instance holds a
 * session-level advisory lock derived from its instance id for as long as it lives; PostgreSQL frees
 * it when the process or its connection dies. A sweep looks at the instances that still own open
 * runs: when their lock can be taken, nobody holds it, so their runs can never finish and are marked
 * failed. (The embedded store has one instance and fails every open run at start instead.)
 */
import { errorMessage, log } from '../log';
import type { AdvisoryLease, DB, Store } from '../store/db';
import { failOrphanRuns, listOpenRunInstances } from '../store/queries/runs';

/** Lock keys live in their own range: 73010 · 2³² + a 32-bit hash of the instance id (< 2⁵³). */
const KEY_BASE = 73_010 * 2 ** 32;

export function instanceLockKey(instanceId: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < instanceId.length; i++) {
		h ^= instanceId.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return KEY_BASE + h;
}

export function holdInstanceLock(store: Store, instanceId: string): Promise<AdvisoryLease> {
	return store.lock(instanceLockKey(instanceId));
}

/** Fails the open runs of instances that are gone; returns how many runs were marked. */
export async function sweepOrphanRuns(store: Store, db: DB, selfId: string): Promise<number> {
	let marked = 0;
	for (const instanceId of await listOpenRunInstances(db, selfId)) {
		let lease: AdvisoryLease | null = null;
		try {
			lease = await store.tryLock(instanceLockKey(instanceId));
			if (!lease) continue;
			const n = await failOrphanRuns(db, `the instance running it (${instanceId || 'unknown'}) stopped before the run finished`, instanceId);
			if (n) log.warn('marked runs of a stopped instance as failed', { instance_id: instanceId, runs: n });
			marked += n;
		} catch (e) {
			log.warn('cannot check the runs of another instance', { instance_id: instanceId, error: errorMessage(e) });
		} finally {
			await lease?.release().catch(() => {});
		}
	}
	return marked;
}
