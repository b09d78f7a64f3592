import { errorMessage, log } from '../log';
import type { Runtime, Service } from '../runtime';
import type { NormalizedUsage } from '../providers/types';
import type { NewUsageRow, PriceRow } from '../store/schema';
import type { Lease } from './limits';
import { getSetting, setSetting } from '../store/queries/settings';
import { insertUsageRows, listPrices, seedPrices } from '../store/queries/usage';
import { costOf, findPrice, SEED_PRICES, toModelPrice, type ModelPrice } from '../providers/prices';

const FLUSH_EVERY_MS = 1_000;
const BATCH = 500;
// While the database is unreachable rows wait in memory, up to this many (oldest dropped beyond).
const MAX_BUFFER = 50_000;
/** at_settings key listing the seed prices already added, so that a price deleted in the UI stays deleted. */
const SEEDED_SETTING = 'prices_seeded';

export interface UsageRecord extends Omit<NewUsageRow, 'cost' | 'id'> {
	/** Model id without the provider key, for the price lookup. */
	upstreamModel?: string;
	/** The rate-limit admission of the call, corrected here with the real token count. */
	lease?: Lease;
}

/** Writes one usage row per LLM call asynchronously and in batches (SPEC §5.8, §6). */
export class UsageWriter implements Service {
	readonly name = 'usage-writer';
	private buffer: NewUsageRow[] = [];
	private timer?: NodeJS.Timeout;
	private flushing?: Promise<void>;
	private prices = new Map<string, ModelPrice>();
	private rt?: Runtime;
	private failing = false;
	/** Told the cost of every row written for a database token (budgets, gateway/limits.ts). */
	onSpend?: (tokenId: string, cost: number) => void;

	async start(rt: Runtime) {
		this.rt = rt;
		await this.seed();
		await this.loadPrices();
		rt.bus.on('prices.changed', () => this.loadPrices());
		this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
		this.timer.unref();
	}

	private async seed() {
		const db = this.rt!.db;
		let seeded: string[] = [];
		try {
			const stored: unknown = JSON.parse((await getSetting(db, SEEDED_SETTING)) ?? '[]');
			if (Array.isArray(stored)) seeded = stored.filter((m): m is string => typeof m === 'string');
		} catch {
			seeded = [];
		}
		const known = new Set(seeded);
		const fresh = SEED_PRICES.filter((p) => !known.has(p.model));
		if (!fresh.length) return;
		await seedPrices(db, fresh);
		await setSetting(db, SEEDED_SETTING, JSON.stringify([...seeded, ...fresh.map((p) => p.model)]));
	}

	private async loadPrices() {
		const rows: PriceRow[] = await listPrices(this.rt!.db);
		this.prices = new Map(rows.map((r) => [r.model, toModelPrice(r)]));
	}

	costFor(model: string, usage: NormalizedUsage): number {
		return this.pricedCost(model, usage) ?? 0;
	}

	/** The cost, or null when the price table has no price for the model. */
	pricedCost(model: string, usage: NormalizedUsage): number | null {
		const price = findPrice(this.prices, model);
		return price ? costOf(usage, price) : null;
	}

	record(rec: UsageRecord) {
		const { upstreamModel, lease, ...row } = rec;
		const prompt = rec.promptTokens ?? 0;
		const completion = rec.completionTokens ?? 0;
		const cost = this.costFor(upstreamModel ?? rec.model, {
			prompt_tokens: prompt,
			completion_tokens: completion,
			cached_tokens: rec.cachedTokens ?? 0,
			total_tokens: prompt + completion
		});
		lease?.settle(prompt + completion);
		if (row.tokenId) this.onSpend?.(row.tokenId, cost);
		this.buffer.push({ ...row, time: row.time ?? new Date(), cost });
		if (this.buffer.length > MAX_BUFFER) this.buffer.splice(0, this.buffer.length - MAX_BUFFER);
		if (this.buffer.length >= BATCH && !this.flushing) void this.flush();
	}

	get pending() {
		return this.buffer.length;
	}

	async flush(): Promise<void> {
		if (this.flushing) return this.flushing;
		if (!this.buffer.length || !this.rt) return;
		this.flushing = (async () => {
			while (this.buffer.length) {
				const batch = this.buffer.slice(0, BATCH);
				try {
					await insertUsageRows(this.rt!.db, batch);
					this.buffer.splice(0, batch.length);
					if (this.failing) log.info('usage rows written again after a database outage');
					this.failing = false;
				} catch (e) {
					if (!this.failing) log.warn('cannot write usage rows; keeping them in memory', { pending: this.buffer.length, error: errorMessage(e) });
					this.failing = true;
					return;
				}
			}
		})().finally(() => (this.flushing = undefined));
		return this.flushing;
	}

	async stop() {
		clearInterval(this.timer);
		await this.flush();
	}
}
