/** Display formatting shared by every page (numbers, money, durations, times). */
const nf = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const formatNumber = (n: number) => nf.format(n);
export const formatCompact = (n: number) => (Math.abs(n) < 10_000 ? nf.format(n) : compact.format(n));

export function formatCost(usd: number): string {
	if (usd === 0) return '$0';
	if (Math.abs(usd) < 0.00005) return usd > 0 ? '<$0.0001' : '>-$0.0001';
	if (Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
	return `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number | null | undefined): string {
	if (ms == null || !Number.isFinite(ms)) return '–';
	if (ms < 1) return '<1 ms';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
	const m = Math.floor(ms / 60_000);
	const s = Math.round((ms % 60_000) / 1000);
	return m < 60 ? `${m}m ${s}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

const toDate = (d: Date | string | number) => (d instanceof Date ? d : new Date(d));

export function formatDateTime(d: Date | string | number | null | undefined): string {
	if (d == null) return '–';
	const date = toDate(d);
	if (Number.isNaN(date.getTime())) return '–';
	return date.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "3 min ago", "in 2 h"; `now` is injectable for SSR/hydration consistency and tests. */
export function timeAgo(d: Date | string | number | null | undefined, now = Date.now()): string {
	if (d == null) return 'never';
	const t = toDate(d).getTime();
	if (Number.isNaN(t)) return 'never';
	const diff = now - t;
	const abs = Math.abs(diff);
	const units: [number, string][] = [
		[86_400_000 * 365, 'y'],
		[86_400_000 * 30, 'mo'],
		[86_400_000, 'd'],
		[3_600_000, 'h'],
		[60_000, 'min'],
		[1000, 's']
	];
	if (abs < 5000) return 'just now';
	for (const [ms, u] of units)
		if (abs >= ms) {
			const n = Math.floor(abs / ms);
			return diff >= 0 ? `${n} ${u} ago` : `in ${n} ${u}`;
		}
	return 'just now';
}
