import type { UsagePageQuery } from '$lib/schemas/usage';
import type { UsageBucket } from '../store/queries/usage';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Hourly bars up to three days (72 bars); beyond that one bar per day keeps the chart readable.
const HOURLY_UP_TO = 3 * DAY;
// A custom range is capped at about a year of daily bars.
const MAX_SPAN = 366 * DAY;

export interface UsageWindow {
	from: Date;
	/** Exclusive. */
	to: Date;
	bucket: UsageBucket;
}

/**
 * The time window of a Usage page query. Presets end with the current bucket (the last 24 hours are
 * the 24 whole hours ending with the current one); custom ranges are whole UTC days, `to` inclusive.
 */
export function usageWindow(q: UsagePageQuery, now = Date.now()): UsageWindow {
	if (q.range === 'custom') {
		const to = new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY);
		const from = new Date(Math.max(Date.parse(`${q.from}T00:00:00Z`), to.getTime() - MAX_SPAN));
		return { from, to, bucket: to.getTime() - from.getTime() <= HOURLY_UP_TO ? 'hour' : 'day' };
	}
	if (q.range === '24h') {
		const end = Math.floor(now / HOUR) * HOUR + HOUR;
		return { from: new Date(end - 24 * HOUR), to: new Date(end), bucket: 'hour' };
	}
	const days = q.range === '7d' ? 7 : 30;
	const end = Math.floor(now / DAY) * DAY + DAY;
	return { from: new Date(end - days * DAY), to: new Date(end), bucket: 'day' };
}

/** Every bucket start (ISO, UTC) from `from` to `to`, so that quiet hours and days show as zero. */
export function bucketKeys(w: UsageWindow): string[] {
	const step = w.bucket === 'hour' ? HOUR : DAY;
	const keys: string[] = [];
	for (let t = Math.floor(w.from.getTime() / step) * step; t < w.to.getTime(); t += step) keys.push(new Date(t).toISOString().slice(0, 19) + 'Z');
	return keys;
}
