import { describe, expect, it } from 'vitest';
import { costOf, findPrice, SEED_PRICES, toModelPrice, type ModelPrice } from './prices';

const table: Record<string, ModelPrice> = Object.fromEntries(SEED_PRICES.map(({ model, ...p }) => [model, p]));

describe('findPrice', () => {
	it('prefers an exact id, then the longest dated prefix', () => {
		expect(findPrice(table, 'gpt-4o')).toBe(table['gpt-4o']);
		expect(findPrice(table, 'gpt-4o-2024-08-06')).toBe(table['gpt-4o']);
		expect(findPrice(table, 'gpt-4o-mini-2024-07-18')).toBe(table['gpt-4o-mini']);
		expect(findPrice(table, 'claude-sonnet-4-5-20250929')).toBe(table['claude-sonnet-4-5']);
		expect(findPrice(table, 'claude-sonnet-4-5@20250929')).toBe(table['claude-sonnet-4-5']);
		expect(findPrice(table, 'gemini-2.5-flash-lite-preview-06-17')).toBe(table['gemini-2.5-flash-lite']);
		expect(findPrice(table, 'o3-mini-2025-01-31')).toBe(table['o3-mini']);
	});

	it('strips a publisher prefix and ignores case', () => {
		expect(findPrice(table, 'openai/gpt-4.1-mini')).toBe(table['gpt-4.1-mini']);
		expect(findPrice(table, 'google/gemini-2.5-pro')).toBe(table['gemini-2.5-pro']);
		expect(findPrice(table, 'models/Gemini-2.5-Flash')).toBe(table['gemini-2.5-flash']);
	});

	it('does not match across a version dot or on a partial word', () => {
		expect(findPrice(table, 'gpt-5.9')).toBeUndefined();
		expect(findPrice(table, 'o30')).toBeUndefined();
		expect(findPrice(table, 'claude-opus-4-6')).toBeUndefined();
		expect(findPrice(table, 'unknown-model')).toBeUndefined();
	});

	it('works on a Map of stored rows', () => {
		const rows = new Map([['my-model', toModelPrice({ inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: null })]]);
		expect(findPrice(rows, 'my-model-v2')).toEqual({ input: 1, output: 2, cachedInput: null });
	});
});

describe('costOf', () => {
	it('charges cached tokens at the cached rate and the rest of the prompt at the input rate, once', () => {
		const price = { input: 2, output: 8, cachedInput: 0.5 };
		const usage = { prompt_tokens: 1_000_000, cached_tokens: 400_000, completion_tokens: 100_000, total_tokens: 1_100_000 };
		// 600k × $2 + 400k × $0.5 + 100k × $8 = 1.2 + 0.2 + 0.8
		expect(costOf(usage, price)).toBeCloseTo(2.2, 10);
	});

	it('charges cached tokens at the input price when no cached price is set', () => {
		const usage = { prompt_tokens: 1000, cached_tokens: 1000, completion_tokens: 0, total_tokens: 1000 };
		expect(costOf(usage, { input: 3, output: 15, cachedInput: null })).toBeCloseTo(0.003, 12);
	});

	it('never counts more cached tokens than prompt tokens', () => {
		const usage = { prompt_tokens: 100, cached_tokens: 500, completion_tokens: 0, total_tokens: 100 };
		expect(costOf(usage, { input: 10, output: 0, cachedInput: 1 })).toBeCloseTo(100 / 1_000_000, 12);
	});

	it('seed prices are complete and non-negative', () => {
		expect(SEED_PRICES.length).toBeGreaterThan(20);
		for (const p of SEED_PRICES) {
			expect(p.input).toBeGreaterThanOrEqual(0);
			expect(p.output).toBeGreaterThanOrEqual(0);
			if (p.cachedInput != null) expect(p.cachedInput).toBeLessThanOrEqual(p.input);
		}
		expect(new Set(SEED_PRICES.map((p) => p.model)).size).toBe(SEED_PRICES.length);
	});
});
