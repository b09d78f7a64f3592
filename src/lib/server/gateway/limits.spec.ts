import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '$lib/schemas/chat';
import { GatewayError } from './errors';
import {
	budgetPeriodRange,
	estimateChatTokens,
	estimateEmbeddingTokens,
	estimateNativeTokens,
	formatReset,
	GatewayLimits,
	SlidingWindow,
	tokenLimits,
	WINDOW_MS,
	type TokenLimits
} from './limits';

/** A limiter on a fake clock starting 10 s into an epoch minute. */
function setup(spend: number | (() => Promise<number>) = 0) {
	const clock = { t: Date.UTC(2026, 2, 18, 12, 0, 10) };
	const loads: { tokenId: string; from: Date }[] = [];
	const limiter = new GatewayLimits({
		now: () => clock.t,
		loadSpend: async (tokenId, from) => {
			loads.push({ tokenId, from });
			return typeof spend === 'number' ? spend : spend();
		}
	});
	return { clock, loads, limiter };
}

const limits = (l: Partial<TokenLimits>): TokenLimits => ({ rpm: null, tpm: null, budgetUsd: null, budgetPeriod: 'month', ...l });

async function refusal(p: () => unknown): Promise<GatewayError> {
	try {
		await p();
	} catch (e) {
		if (e instanceof GatewayError) return e;
		throw e;
	}
	throw new Error('the call was admitted');
}

describe('SlidingWindow', () => {
	// Fails when the previous window is not weighted, allowing a double burst at every window edge.
	it('counts the previous window by the share of it still inside the last 60 s', () => {
		const w = new SlidingWindow();
		const t = 5 * WINDOW_MS;
		w.add(t + 50_000, 10);
		expect(w.used(t + 59_000)).toBe(10);
		expect(w.used(t + WINDOW_MS + 15_000)).toBeCloseTo(7.5);
		expect(w.used(t + 2 * WINDOW_MS + 1)).toBe(0);
	});

	// Fails when retry-after promises a moment at which the call still would not fit.
	it('waitFor names the first moment the cost fits', () => {
		const w = new SlidingWindow();
		const t = 7 * WINDOW_MS;
		w.add(t + 30_000, 4);
		expect(w.waitFor(t + 30_000, 1, 5)).toBe(0);
		// Current window full: wait for it to become the previous one and decay to 4·(1 − s/60 s) ≤ 3.
		const wait = w.waitFor(t + 30_000, 2, 5);
		expect(wait).toBe(30_000 + 15_000);
		expect(w.used(t + 30_000 + wait) + 2).toBeLessThanOrEqual(5);
		expect(w.used(t + 30_000 + wait - 1_000) + 2).toBeGreaterThan(5);
		// Only the decaying previous window in the way.
		const w2 = new SlidingWindow();
		w2.add(t + 59_000, 6);
		w2.add(t + WINDOW_MS, 1);
		const wait2 = w2.waitFor(t + WINDOW_MS, 1, 6);
		expect(w2.used(t + WINDOW_MS + wait2) + 1).toBeLessThanOrEqual(6 + 1e-9);
		expect(w2.used(t + WINDOW_MS + wait2 - 1_000) + 1).toBeGreaterThan(6);
	});

	// Fails when a correction lands in the wrong window or drives a counter negative.
	it('adjust corrects the window the estimate went into, while it still counts', () => {
		const w = new SlidingWindow();
		const t = 3 * WINDOW_MS;
		const at = w.add(t + 1_000, 100);
		w.adjust(at, -60);
		expect(w.used(t + 2_000)).toBe(40);
		w.add(t + WINDOW_MS, 0);
		w.adjust(at, -100);
		expect(w.used(t + WINDOW_MS)).toBe(0);
		w.adjust(at - WINDOW_MS, 500);
		expect(w.used(t + WINDOW_MS)).toBe(0);
	});

	// Fails when the reset header says the limit is back while counted calls still weigh.
	it('resetIn is the time until nothing is counted', () => {
		const w = new SlidingWindow();
		const t = 9 * WINDOW_MS;
		expect(w.resetIn(t)).toBe(0);
		w.add(t + 20_000, 1);
		expect(w.resetIn(t + 20_000)).toBe(100_000);
		expect(w.resetIn(t + WINDOW_MS + 10_000)).toBe(50_000);
	});
});

describe('GatewayLimits: requests and tokens per minute', () => {
	// Fails when a token's third call in a minute gets through an rpm of 2, or comes back without headers.
	it('refuses the call over the rpm limit with retry-after and x-ratelimit headers', async () => {
		const { clock, limiter } = setup();
		const l = limits({ rpm: 2 });
		const first = await limiter.admit('t1', l, 10);
		expect(first.headers).toEqual({ 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '1', 'x-ratelimit-reset-requests': '1m50s' });
		clock.t += 1_000;
		expect((await limiter.admit('t1', l, 10)).headers['x-ratelimit-remaining-requests']).toBe('0');
		clock.t += 1_000;
		const e = await refusal(() => limiter.admit('t1', l, 10));
		expect(e.status).toBe(429);
		expect(e.type).toBe('rate_limit_error');
		expect(e.code).toBe('rate_limit_exceeded');
		expect(e.message).toContain('2 requests per minute');
		expect(e.headers).toMatchObject({ 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '0' });
		const retry = Number(e.headers['retry-after']);
		expect(retry).toBeGreaterThan(0);
		expect(retry).toBeLessThanOrEqual(120);
		// Another token is counted on its own.
		expect((await limiter.admit('t2', l, 10)).headers['x-ratelimit-remaining-requests']).toBe('1');
		clock.t += retry * 1000;
		expect((await limiter.admit('t1', l, 10)).headers['x-ratelimit-limit-requests']).toBe('2');
	});

	// Fails when a raised limit only applies once the old window has passed.
	it('applies changed limits to the very next call', async () => {
		const { limiter } = setup();
		await limiter.admit('t', limits({ rpm: 1 }), 1);
		await refusal(() => limiter.admit('t', limits({ rpm: 1 }), 1));
		expect((await limiter.admit('t', limits({ rpm: 10 }), 1)).headers['x-ratelimit-remaining-requests']).toBe('8');
	});

	// Fails when the estimate is not replaced by the real usage, so a token runs out of tokens it never used.
	it('charges the estimate, then corrects it with the real usage', async () => {
		const { limiter } = setup();
		const l = limits({ tpm: 1000 });
		const lease = await limiter.admit('t', l, 900);
		expect(lease.headers['x-ratelimit-remaining-tokens']).toBe('100');
		await refusal(() => limiter.admit('t', l, 200));
		lease.settle(50);
		const next = await limiter.admit('t', l, 200);
		expect(next.headers['x-ratelimit-remaining-tokens']).toBe('750');
		// A second usage row of the same call (failover) adds to the first.
		next.settle(0);
		next.settle(300);
		const e = await refusal(() => limiter.admit('t', l, 700));
		expect(e.message).toContain('1000 tokens per minute');
		expect(e.headers['x-ratelimit-remaining-tokens']).toBe('650');
		expect(e.headers['retry-after']).toBeDefined();
	});

	// Fails when a request whose estimate exceeds the whole limit can never be served.
	it('caps an estimate above the limit so that the call runs in an empty window', async () => {
		const { clock, limiter } = setup();
		const l = limits({ tpm: 100 });
		const lease = await limiter.admit('t', l, 5000);
		expect(lease.headers['x-ratelimit-remaining-tokens']).toBe('0');
		lease.settle(20);
		const e = await refusal(() => limiter.admit('t', l, 5000));
		expect(e.message).toContain('needs about 100');
		clock.t += Number(e.headers['retry-after']) * 1000;
		expect((await limiter.admit('t', l, 5000)).headers['x-ratelimit-remaining-tokens']).toBe('0');
	});
});

describe('GatewayLimits: budgets', () => {
	// Fails when the spend is read from the database per request instead of once per token and period.
	it('loads the period spend once and then counts recorded costs in memory', async () => {
		const { loads, limiter } = setup(0.004);
		const l = limits({ budgetUsd: 0.005, budgetPeriod: 'day' });
		await limiter.admit('t', l, 1);
		await limiter.admit('t', l, 1);
		expect(loads).toEqual([{ tokenId: 't', from: new Date(Date.UTC(2026, 2, 18)) }]);
		limiter.addSpend('t', 0.0011);
		limiter.addSpend('other', 1);
		const e = await refusal(() => limiter.admit('t', l, 1));
		expect(e.status).toBe(429);
		expect(e.type).toBe('insufficient_quota');
		expect(e.message).toContain('$0.005 per day');
		expect(e.message).toContain('2026-03-19T00:00:00.000Z');
		expect(Number(e.headers['retry-after'])).toBe(12 * 3600 - 10);
		expect(loads).toHaveLength(1);
		// A raised budget lets the next call through without another load.
		await limiter.admit('t', { ...l, budgetUsd: 1 }, 1);
		expect(loads).toHaveLength(1);
	});

	// Fails when a new period keeps the old period's spend (the budget would never renew).
	it('starts a new period with a fresh load', async () => {
		const { clock, loads, limiter } = setup(0);
		const l = limits({ budgetUsd: 1, budgetPeriod: 'day' });
		await limiter.admit('t', l, 1);
		limiter.addSpend('t', 2);
		await refusal(() => limiter.admit('t', l, 1));
		clock.t = Date.UTC(2026, 2, 19, 0, 0, 1);
		await limiter.admit('t', l, 1);
		expect(loads.map((x) => x.from.toISOString())).toEqual(['2026-03-18T00:00:00.000Z', '2026-03-19T00:00:00.000Z']);
	});

	// Fails when costs recorded while the stored spend is still loading are lost.
	it('keeps the costs recorded while the spend loads, and waits for the load before deciding', async () => {
		let release: (n: number) => void = () => {};
		const { limiter } = setup(() => new Promise<number>((r) => (release = r)));
		const l = limits({ budgetUsd: 1, budgetPeriod: 'total' });
		const pending = limiter.admit('t', l, 1);
		expect(pending).toBeInstanceOf(Promise);
		limiter.addSpend('t', 0.4);
		release(0.7);
		const e = await refusal(() => pending);
		expect(e.message).toContain('$1 in total');
		expect(e.message).toContain('does not reset');
		expect(e.headers['retry-after']).toBeUndefined();
	});

	// Fails when a database outage makes every limited token unusable.
	it('lets calls through on what it counted when the spend cannot be loaded', async () => {
		const { limiter } = setup(() => Promise.reject(new Error('database down')));
		const l = limits({ budgetUsd: 1, budgetPeriod: 'week' });
		const lease = await limiter.admit('t', l, 1);
		expect(lease.headers).toEqual({});
		limiter.addSpend('t', 1.5);
		expect((await refusal(() => limiter.admit('t', l, 1))).type).toBe('insufficient_quota');
	});
});

describe('budget periods, headers and estimates', () => {
	// Fails when a period is local time, starts on Sunday, or a month boundary is off by one.
	it('uses UTC calendar periods, weeks from Monday', () => {
		const now = Date.UTC(2026, 0, 1, 23, 30); // a Thursday
		expect(budgetPeriodRange('day', now)).toEqual({ start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) });
		expect(budgetPeriodRange('week', now)).toEqual({ start: Date.UTC(2025, 11, 29), end: Date.UTC(2026, 0, 5) });
		expect(budgetPeriodRange('week', Date.UTC(2026, 0, 4, 12))).toEqual({ start: Date.UTC(2025, 11, 29), end: Date.UTC(2026, 0, 5) });
		expect(budgetPeriodRange('month', Date.UTC(2026, 11, 31, 23, 59))).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
		expect(budgetPeriodRange('total', now)).toEqual({ start: 0, end: null });
	});

	// Fails when a token row without limits is treated as limited (the hot path would pay for it) or a periodless budget is not monthly.
	it('reads token limits from a row', () => {
		expect(tokenLimits({ rateLimitRpm: null, rateLimitTpm: null, budgetUsd: null, budgetPeriod: null })).toBeNull();
		expect(tokenLimits({ rateLimitRpm: null, rateLimitTpm: null, budgetUsd: 5, budgetPeriod: null })).toEqual(limits({ budgetUsd: 5 }));
		expect(tokenLimits({ rateLimitRpm: 3, rateLimitTpm: null, budgetUsd: null, budgetPeriod: 'week' })).toEqual(limits({ rpm: 3, budgetPeriod: 'week' }));
	});

	// Fails when reset headers are not in OpenAI's duration format.
	it('formats reset durations like OpenAI', () => {
		expect([0, 20, 999, 1000, 1001, 59_000, 60_000, 110_000].map(formatReset)).toEqual(['0s', '20ms', '999ms', '1s', '2s', '59s', '1m0s', '1m50s']);
	});

	// Fails when the estimate ignores max_tokens, text parts, tool calls or media.
	it('estimates chat, embedding and native calls cheaply', () => {
		const req = {
			model: 'a/b',
			max_tokens: 100,
			messages: [
				{ role: 'system', content: 'x'.repeat(40) },
				{ role: 'user', content: [{ type: 'text', text: 'y'.repeat(20) }, { type: 'image_url', image_url: { url: 'https://e.x/i.png' } }] },
				{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }
			]
		} as ChatRequest;
		expect(estimateChatTokens(req)).toBe(Math.ceil(68 / 4) + 85 + 100);
		expect(estimateChatTokens({ ...req, max_completion_tokens: 7 } as ChatRequest)).toBe(Math.ceil(68 / 4) + 85 + 7);
		expect(estimateEmbeddingTokens({ model: 'a/b', input: ['abcd', 'efghi'] })).toBe(3);
		expect(estimateEmbeddingTokens({ model: 'a/b', input: [[1, 2, 3]] })).toBe(3);
		expect(estimateNativeTokens(400, { max_tokens: 50 })).toBe(150);
		expect(estimateNativeTokens(400, { generationConfig: { maxOutputTokens: 10 } })).toBe(110);
		expect(estimateNativeTokens(0, null)).toBe(0);
	});
});
