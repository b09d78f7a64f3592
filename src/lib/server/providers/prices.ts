import type { NormalizedUsage } from './types';

/** USD per million tokens. Cached input without its own price is charged at the input price. */
export interface ModelPrice {
	input: number;
	output: number;
	cachedInput?: number | null;
}

export interface SeedPrice extends ModelPrice {
	model: string;
}

/**
 * Seed prices (USD per 1M tokens, standard tier, prompts under any long-context threshold), added to
 * the editable price table for models that have no row yet. Keys are model ids or id prefixes;
 * dated ids (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`) resolve by prefix.
 */
export const SEED_PRICES: SeedPrice[] = [
	// OpenAI
	{ model: 'gpt-4o', input: 2.5, output: 10, cachedInput: 1.25 },
	{ model: 'gpt-4o-mini', input: 0.15, output: 0.6, cachedInput: 0.075 },
	{ model: 'gpt-4.1', input: 2, output: 8, cachedInput: 0.5 },
	{ model: 'gpt-4.1-mini', input: 0.4, output: 1.6, cachedInput: 0.1 },
	{ model: 'gpt-4.1-nano', input: 0.1, output: 0.4, cachedInput: 0.025 },
	{ model: 'gpt-5', input: 1.25, output: 10, cachedInput: 0.125 },
	{ model: 'gpt-5-mini', input: 0.25, output: 2, cachedInput: 0.025 },
	{ model: 'gpt-5-nano', input: 0.05, output: 0.4, cachedInput: 0.005 },
	{ model: 'gpt-5-pro', input: 15, output: 120, cachedInput: null },
	{ model: 'gpt-5.1', input: 1.25, output: 10, cachedInput: 0.125 },
	{ model: 'o1', input: 15, output: 60, cachedInput: 7.5 },
	{ model: 'o1-mini', input: 1.1, output: 4.4, cachedInput: 0.55 },
	{ model: 'o3', input: 2, output: 8, cachedInput: 0.5 },
	{ model: 'o3-mini', input: 1.1, output: 4.4, cachedInput: 0.55 },
	{ model: 'o3-pro', input: 20, output: 80, cachedInput: null },
	{ model: 'o4-mini', input: 1.1, output: 4.4, cachedInput: 0.275 },
	{ model: 'text-embedding-3-small', input: 0.02, output: 0, cachedInput: null },
	{ model: 'text-embedding-3-large', input: 0.13, output: 0, cachedInput: null },
	// Anthropic (cachedInput = cache reads; cache writes are charged as input)
	{ model: 'claude-opus-4-0', input: 15, output: 75, cachedInput: 1.5 },
	{ model: 'claude-opus-4-20250514', input: 15, output: 75, cachedInput: 1.5 },
	{ model: 'claude-opus-4-1', input: 15, output: 75, cachedInput: 1.5 },
	{ model: 'claude-opus-4-5', input: 5, output: 25, cachedInput: 0.5 },
	{ model: 'claude-sonnet-4-0', input: 3, output: 15, cachedInput: 0.3 },
	{ model: 'claude-sonnet-4-20250514', input: 3, output: 15, cachedInput: 0.3 },
	{ model: 'claude-sonnet-4-5', input: 3, output: 15, cachedInput: 0.3 },
	{ model: 'claude-haiku-4-5', input: 1, output: 5, cachedInput: 0.1 },
	{ model: 'claude-3-7-sonnet', input: 3, output: 15, cachedInput: 0.3 },
	{ model: 'claude-3-5-haiku', input: 0.8, output: 4, cachedInput: 0.08 },
	// Google Gemini
	{ model: 'gemini-2.5-pro', input: 1.25, output: 10, cachedInput: 0.125 },
	{ model: 'gemini-2.5-flash', input: 0.3, output: 2.5, cachedInput: 0.03 },
	{ model: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4, cachedInput: 0.01 },
	{ model: 'gemini-2.0-flash', input: 0.1, output: 0.4, cachedInput: 0.025 },
	{ model: 'gemini-2.0-flash-lite', input: 0.075, output: 0.3, cachedInput: null },
	{ model: 'gemini-3-pro-preview', input: 2, output: 12, cachedInput: 0.2 },
	{ model: 'gemini-embedding-001', input: 0.15, output: 0, cachedInput: null }
];

/** Characters that may follow a price key in a longer (dated or versioned) model id. */
const SUFFIX_START = new Set(['-', '@', ':']);

type PriceTable<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

function entries<T>(table: PriceTable<T>): Iterable<[string, T]> {
	return table instanceof Map ? table.entries() : Object.entries(table as Record<string, T>);
}

function exact<T>(table: PriceTable<T>, key: string): T | undefined {
	if (table instanceof Map) return table.get(key);
	const rec = table as Record<string, T>;
	return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

function lookup<T>(table: PriceTable<T>, name: string): T | undefined {
	const hit = exact(table, name);
	if (hit !== undefined) return hit;
	let best: T | undefined;
	let bestLen = 0;
	for (const [key, value] of entries(table)) {
		const k = key.toLowerCase();
		if (k.length > bestLen && name.length > k.length && name.startsWith(k) && SUFFIX_START.has(name[k.length])) {
			best = value;
			bestLen = k.length;
		}
	}
	return best;
}

/**
 * The price of `model`: exact id first, then the longest key the id starts with followed by `-`,
 * `@` or `:` (dated ids), then the same for the id without a publisher prefix (`openai/gpt-4.1`,
 * `google/gemini-2.5-pro`, `models/gemini-2.5-flash`).
 */
export function findPrice<T>(table: PriceTable<T>, model: string): T | undefined {
	const exactHit = exact(table, model);
	if (exactHit !== undefined) return exactHit;
	const lower = model.toLowerCase();
	const hit = lookup(table, lower);
	if (hit !== undefined) return hit;
	const slash = lower.lastIndexOf('/');
	return slash === -1 ? undefined : lookup(table, lower.slice(slash + 1));
}

/** USD cost of one call. Cached tokens are part of `prompt_tokens` and are charged once, at the cached rate. */
export function costOf(usage: NormalizedUsage, price: ModelPrice): number {
	const prompt = Math.max(0, usage.prompt_tokens);
	const cached = Math.min(Math.max(0, usage.cached_tokens), prompt);
	const cachedRate = price.cachedInput ?? price.input;
	return ((prompt - cached) * price.input + cached * cachedRate + Math.max(0, usage.completion_tokens) * price.output) / 1_000_000;
}

/** A stored price row (`at_prices`) as a `ModelPrice`. */
export function toModelPrice(row: { inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion: number | null }): ModelPrice {
	return { input: row.inputPerMillion, output: row.outputPerMillion, cachedInput: row.cachedInputPerMillion };
}
