import { anthropicAdapter } from './anthropic/adapter';
import { geminiAdapter } from './gemini/adapter';
import { openaiAdapter } from './openai/adapter';
import type { ProviderAdapter, ProviderType } from './types';
import { vertexAdapter } from './vertex/adapter';

const ADAPTERS: Record<ProviderType, ProviderAdapter> = {
	openai: openaiAdapter,
	anthropic: anthropicAdapter,
	gemini: geminiAdapter,
	vertex: vertexAdapter
};

export function getAdapter(type: ProviderType): ProviderAdapter {
	const a = ADAPTERS[type];
	if (!a) throw new Error(`no adapter for provider type "${type}"`);
	return a;
}

export { normalizeUsage, parseErrorBody } from './common';
export { costOf, findPrice, SEED_PRICES, type ModelPrice } from './prices';
export * from './types';
