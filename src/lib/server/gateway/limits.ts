/**
 * Per-token rate limits and budgets on the gateway (SPEC §6), counted per instance (SPEC §9).
 *
 * Requests and tokens per minute use a sliding-window counter: the current fixed 60 s window
 * (aligned to the epoch minute) plus the previous window weighted by the share of it that still lies
 * within the last 60 s. Unlike a plain fixed window it allows no double burst at a window edge, and
 * unlike a log of timestamps it costs three numbers per token and metric.
 *
 * Tokens are charged with an estimate when a call is admitted and corrected when its usage row is
 * recorded (`Lease.settle`). The budget is the token's spend in the current UTC calendar period,
 * read from the usage rollup once per token and period (after the usage writer has flushed) and then
 * increased in memory by every usage row recorded for the token.
 */
import type { ChatRequest, EmbeddingsRequest } from '$lib/schemas/chat';
import type { BUDGET_PERIODS } from '$lib/schemas/token';
import { errorMessage, log } from '../log';
import type { Runtime, Service } from '../runtime';
import { tokenSpendSince } from '../store/queries/usage';
import { GatewayError } from './errors';
import type { UsageWriter } from './usageWriter';

export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** A database token's limits; GatewayIdentity.limits is null when none is set. */
export interface TokenLimits {
	rpm: number | null;
	tpm: number | null;
	budgetUsd: number | null;
	budgetPeriod: BudgetPeriod;
}

/** The limits of a stored token, or null when it has none (the hot path then skips this module). */
export function tokenLimits(row: { rateLimitRpm: number | null; rateLimitTpm: number | null; budgetUsd: number | null; budgetPeriod: string | null }): TokenLimits | null {
	if (row.rateLimitRpm === null && row.rateLimitTpm === null && row.budgetUsd === null) return null;
	const period = row.budgetPeriod;
	return {
		rpm: row.rateLimitRpm,
		tpm: row.rateLimitTpm,
		budgetUsd: row.budgetUsd,
		// A budget without a period is monthly (src/lib/schemas/token.ts).
		budgetPeriod: period === 'day' || period === 'week' || period === 'total' ? period : 'month'
	};
}

export const WINDOW_MS = 60_000;

/** One metric's sliding-window counter. Times are epoch milliseconds. */
export class SlidingWindow {
	private start = 0;
	private cur = 0;
	private prev = 0;

	private roll(now: number) {
		const start = now - (now % WINDOW_MS);
		if (start === this.start) return;
		this.prev = start - this.start === WINDOW_MS ? this.cur : 0;
		this.cur = 0;
		this.start = start;
	}

	/** The weighted count of the last 60 s. */
	used(now: number): number {
		this.roll(now);
		return this.prev * (1 - (now - this.start) / WINDOW_MS) + this.cur;
	}

	/** Adds `n` and returns the window it was added to (for `adjust`). */
	add(now: number, n: number): number {
		this.roll(now);
		this.cur += n;
		return this.start;
	}

	/** Corrects an earlier `add` to the window starting at `windowStart`, if that window still counts. */
	adjust(windowStart: number, delta: number) {
		if (windowStart === this.start) this.cur = Math.max(0, this.cur + delta);
		else if (windowStart === this.start - WINDOW_MS) this.prev = Math.max(0, this.prev + delta);
	}

	/** Milliseconds until `cost` more fits under `limit` (0 = now); `cost` must not exceed `limit`. */
	waitFor(now: number, cost: number, limit: number): number {
		const used = this.used(now);
		const room = limit - cost;
		if (used <= room) return 0;
		const elapsed = now - this.start;
		// The previous window's weight falls linearly; solve prev·(1 − s/W) + cur ≤ room for s.
		if (this.cur <= room) return Math.max(1, Math.ceil(WINDOW_MS * (1 - (room - this.cur) / this.prev) - elapsed));
		// Not before the current window has become the previous one: cur·(1 − s/W) ≤ room.
		return Math.max(1, Math.ceil(WINDOW_MS - elapsed + WINDOW_MS * (1 - room / this.cur)));
	}

	/** Milliseconds until the counter is back to zero (OpenAI's "reset" means the full limit again). */
	resetIn(now: number): number {
		this.roll(now);
		if (this.cur > 0) return 2 * WINDOW_MS - (now - this.start);
		if (this.prev > 0) return WINDOW_MS - (now - this.start);
		return 0;
	}
}

/** A duration the way OpenAI writes `x-ratelimit-reset-*`: "20ms", "17s", "6m0s". */
export function formatReset(ms: number): string {
	if (ms <= 0) return '0s';
	if (ms < 1000) return `${Math.ceil(ms)}ms`;
	const s = Math.ceil(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

const DAY_MS = 86_400_000;

/** The UTC calendar period containing `now`: [start, end) in epoch ms; `total` never ends. */
export function budgetPeriodRange(period: BudgetPeriod, now: number): { start: number; end: number | null } {
	const d = new Date(now);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth();
	const day = Date.UTC(y, m, d.getUTCDate());
	switch (period) {
		case 'day':
			return { start: day, end: day + DAY_MS };
		case 'week': {
			// ISO weeks start on Monday (getUTCDay: 0 = Sunday).
			const start = day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
			return { start, end: start + 7 * DAY_MS };
		}
		case 'month':
			return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
		case 'total':
			return { start: 0, end: null };
	}
}

// Characters per token for the pre-call estimate (the usual rule of thumb for English text), and a
// flat charge per image, audio or file part: roughly OpenAI's cost of a low-detail image.
const CHARS_PER_TOKEN = 4;
const MEDIA_PART_TOKENS = 85;

/** The tokens a chat call may use, estimated before the call: prompt characters / 4 + max tokens. */
export function estimateChatTokens(req: ChatRequest): number {
	let chars = 0;
	let media = 0;
	for (const m of req.messages) {
		const c = m.content;
		if (typeof c === 'string') chars += c.length;
		else if (c)
			for (const p of c) {
				if (p.type === 'text') chars += p.text.length;
				else if (p.type === 'refusal') chars += p.refusal.length;
				else media++;
			}
		if (m.role === 'assistant' && m.tool_calls) for (const t of m.tool_calls) chars += t.function.arguments.length + t.function.name.length;
	}
	return Math.ceil(chars / CHARS_PER_TOKEN) + media * MEDIA_PART_TOKENS + (req.max_completion_tokens ?? req.max_tokens ?? 0);
}

export function estimateEmbeddingTokens(req: EmbeddingsRequest): number {
	const input = req.input;
	if (typeof input === 'string') return Math.ceil(input.length / CHARS_PER_TOKEN);
	let n = 0;
	for (const v of input) n += typeof v === 'string' ? Math.ceil(v.length / CHARS_PER_TOKEN) : typeof v === 'number' ? 1 : v.length;
	return n;
}

/** A native request: body bytes / 4 plus the output cap of the OpenAI, Anthropic or Gemini field. */
export function estimateNativeTokens(bytes: number, body: unknown): number {
	const b = (body ?? {}) as Record<string, unknown>;
	const cfg = b.generationConfig as Record<string, unknown> | undefined;
	const cap = [b.max_completion_tokens, b.max_tokens, b.max_output_tokens, cfg?.maxOutputTokens].find((v) => typeof v === 'number' && v > 0);
	return Math.ceil(bytes / CHARS_PER_TOKEN) + ((cap as number | undefined) ?? 0);
}

/** An admitted call: the response headers to add, and the correction once its usage is known. */
export interface Lease {
	readonly headers: Record<string, string>;
	/** Called once per usage row of the call (failover writes several): replaces the estimate, then adds. */
	settle(tokens: number): void;
}

interface BudgetState {
	period: BudgetPeriod;
	start: number;
	end: number | null;
	/** USD spent in the period: the database's sum when loaded plus every row recorded since. */
	spend: number;
	loading: Promise<void> | null;
	/** Set when loading failed: the limiter counts on from memory and tries again at this time. */
	retryAt: number | null;
}

interface TokenState {
	requests: SlidingWindow;
	tokens: SlidingWindow;
	budget: BudgetState | null;
	seen: number;
}

const RELOAD_AFTER_FAILURE_MS = 30_000;
// State of a token idle this long is dropped (windows are empty after 2 min; a budget is reloaded).
const IDLE_MS = 10 * 60_000;
const SWEEP_MS = 60_000;

export interface LimiterOptions {
	now?: () => number;
	/** USD the token spent from `from` on, as stored. */
	loadSpend?: (tokenId: string, from: Date) => Promise<number>;
}

const usd = (n: number) => `$${Number(n.toPrecision(6))}`;
const EPOCH = new Date(0);

export class GatewayLimits implements Service {
	readonly name = 'gateway-limits';
	private states = new Map<string, TokenState>();
	private now: () => number;
	private loadSpend: (tokenId: string, from: Date) => Promise<number>;
	private timer?: NodeJS.Timeout;

	constructor(opts: LimiterOptions = {}) {
		this.now = opts.now ?? Date.now;
		this.loadSpend = opts.loadSpend ?? (async () => 0);
	}

	start(rt: Runtime) {
		if (rt.config.rate_limit.redis_url) log.warn('rate_limit.redis_url is set, but this version counts rate limits and budgets per instance (Redis-shared counters are not available yet)');
		const usage = rt.service<UsageWriter>('usage-writer')!;
		usage.onSpend = (tokenId, cost) => this.addSpend(tokenId, cost);
		this.loadSpend = async (tokenId, from) => {
			// Rows still in the writer's buffer would be missed by the query and not counted later.
			await usage.flush();
			return tokenSpendSince(rt.db, tokenId, from);
		};
		this.timer = setInterval(() => this.sweep(), SWEEP_MS);
		this.timer.unref();
	}

	stop() {
		clearInterval(this.timer);
	}

	/** A usage row's cost for a token; only counted while the token's budget is tracked. */
	addSpend(tokenId: string, cost: number) {
		const b = this.states.get(tokenId)?.budget;
		if (b && cost > 0) b.spend += cost;
	}

	/**
	 * Admits one call of a limited token or throws a 429 GatewayError. Asynchronous only while the
	 * token's budget for the period is being loaded.
	 */
	admit(tokenId: string, limits: TokenLimits, estimate: number): Lease | Promise<Lease> {
		const now = this.now();
		let st = this.states.get(tokenId);
		if (!st) {
			st = { requests: new SlidingWindow(), tokens: new SlidingWindow(), budget: null, seen: now };
			this.states.set(tokenId, st);
		}
		st.seen = now;
		if (limits.budgetUsd !== null) {
			const b = this.budgetState(tokenId, st, limits.budgetPeriod, now);
			if (b.loading) {
				const s = st;
				return b.loading.then(() => this.check(s, limits, estimate, this.now()));
			}
		}
		return this.check(st, limits, estimate, now);
	}

	private budgetState(tokenId: string, st: TokenState, period: BudgetPeriod, now: number): BudgetState {
		let b = st.budget;
		if (!b || b.period !== period || (b.end !== null && now >= b.end)) {
			const { start, end } = budgetPeriodRange(period, now);
			b = { period, start, end, spend: 0, loading: null, retryAt: null };
			st.budget = b;
			this.load(tokenId, b);
		} else if (b.retryAt !== null && now >= b.retryAt && !b.loading) this.load(tokenId, b);
		return b;
	}

	private load(tokenId: string, b: BudgetState) {
		const counted = b.spend;
		b.spend = 0;
		b.retryAt = null;
		b.loading = this.loadSpend(tokenId, b.start ? new Date(b.start) : EPOCH).then(
			(stored) => {
				b.spend += stored;
				b.loading = null;
			},
			(e) => {
				log.warn('cannot read a token budget spend; counting from memory', { token_id: tokenId, error: errorMessage(e) });
				b.spend += counted;
				b.retryAt = this.now() + RELOAD_AFTER_FAILURE_MS;
				b.loading = null;
			}
		);
	}

	private check(st: TokenState, limits: TokenLimits, estimate: number, now: number): Lease {
		const { rpm, tpm, budgetUsd } = limits;
		const b = st.budget;
		if (budgetUsd !== null && b && b.spend >= budgetUsd) {
			const per = b.period === 'total' ? 'in total' : `per ${b.period}`;
			const resets = b.end === null ? 'it does not reset' : `it resets at ${new Date(b.end).toISOString()}`;
			const headers = this.headers(st, limits, now);
			if (b.end !== null) headers['retry-after'] = String(Math.max(1, Math.ceil((b.end - now) / 1000)));
			throw new GatewayError(429, `This token's budget of ${usd(budgetUsd)} ${per} is used up (${usd(b.spend)} spent); ${resets}.`, 'insufficient_quota', 'insufficient_quota', null, headers);
		}
		// An estimate above the whole limit is capped at it: such a call waits for an empty window
		// instead of never fitting; the correction afterwards charges what it really used.
		const cost = tpm === null ? 0 : Math.min(tpm, Math.max(1, estimate));
		const waitRequests = rpm === null ? 0 : st.requests.waitFor(now, 1, rpm);
		const waitTokens = tpm === null ? 0 : st.tokens.waitFor(now, cost, tpm);
		if (waitRequests > 0 || waitTokens > 0) {
			const wait = Math.max(waitRequests, waitTokens);
			const which = waitRequests > 0 ? `${rpm} requests per minute` : `${tpm} tokens per minute (this request needs about ${cost})`;
			const headers = this.headers(st, limits, now);
			headers['retry-after'] = String(Math.ceil(wait / 1000));
			throw new GatewayError(429, `Rate limit reached for this token: ${which}. Try again in ${Math.ceil(wait / 1000)}s.`, 'rate_limit_error', 'rate_limit_exceeded', null, headers);
		}
		if (rpm !== null) st.requests.add(now, 1);
		const window = tpm === null ? 0 : st.tokens.add(now, cost);
		const headers = this.headers(st, limits, now);
		if (tpm === null) return { headers, settle() {} };
		const tokens = st.tokens;
		let charged = cost;
		return {
			headers,
			settle(used: number) {
				tokens.adjust(window, used - charged);
				charged = 0;
			}
		};
	}

	private headers(st: TokenState, { rpm, tpm }: TokenLimits, now: number): Record<string, string> {
		const h: Record<string, string> = {};
		if (rpm !== null) {
			h['x-ratelimit-limit-requests'] = String(rpm);
			h['x-ratelimit-remaining-requests'] = String(Math.max(0, Math.floor(rpm - st.requests.used(now))));
			h['x-ratelimit-reset-requests'] = formatReset(st.requests.resetIn(now));
		}
		if (tpm !== null) {
			h['x-ratelimit-limit-tokens'] = String(tpm);
			h['x-ratelimit-remaining-tokens'] = String(Math.max(0, Math.floor(tpm - st.tokens.used(now))));
			h['x-ratelimit-reset-tokens'] = formatReset(st.tokens.resetIn(now));
		}
		return h;
	}

	private sweep() {
		const cutoff = this.now() - IDLE_MS;
		for (const [id, st] of this.states) if (st.seen < cutoff && !st.budget?.loading) this.states.delete(id);
	}
}
