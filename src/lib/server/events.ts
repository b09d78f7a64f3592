import { log } from './log';
import type { Store } from './store/db';

/**
 * Cluster-wide announcements (SPEC §9) over NOTIFY at_events. Every instance, including the sender,
 * handles each event once: local handlers run at publish time and the echo of our own NOTIFY is ignored.
 * `publish` resolves once this instance's handlers have settled, so a request that changed something
 * answers after its own instance applied the change. Handlers start in registration order.
 */
export type EventType =
	| 'providers.changed'
	| 'tokens.changed'
	| 'triggers.changed'
	| 'variables.changed'
	| 'prices.changed'
	| 'key.rotated'
	| 'run.cancel'
	| 'users.changed';

type Handler = (payload: unknown) => void | Promise<void>;
const CHANNEL = 'at_events';

export class EventBus {
	private handlers = new Map<EventType, Set<Handler>>();
	private unlisten?: () => Promise<void>;

	constructor(
		private store: Store,
		private instanceId: string
	) {}

	async start() {
		this.unlisten = await this.store.listen(CHANNEL, (raw) => {
			let msg: { origin: string; type: EventType; payload: unknown };
			try {
				msg = JSON.parse(raw);
			} catch {
				return;
			}
			if (msg.origin === this.instanceId) return;
			void this.dispatch(msg.type, msg.payload);
		});
	}

	on(type: EventType, handler: Handler): () => void {
		const set = this.handlers.get(type) ?? new Set();
		set.add(handler);
		this.handlers.set(type, set);
		return () => set.delete(handler);
	}

	async publish(type: EventType, payload: unknown = null) {
		const local = this.dispatch(type, payload);
		if (this.store.kind === 'postgres') {
			try {
				await this.store.notify(CHANNEL, JSON.stringify({ origin: this.instanceId, type, payload }));
			} catch (e) {
				log.warn('cannot announce change to other instances', { type, error: String(e) });
			}
		}
		await local;
	}

	private async dispatch(type: EventType, payload: unknown): Promise<void> {
		await Promise.all(
			[...(this.handlers.get(type) ?? [])].map((h) =>
				Promise.resolve()
					.then(() => h(payload))
					.catch((e) => log.error('event handler failed', { type, error: String(e) }))
			)
		);
	}

	async stop() {
		await this.unlisten?.();
	}
}
