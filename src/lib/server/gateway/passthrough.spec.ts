import { describe, expect, it } from 'vitest';
import { extractUsage } from './passthrough';
import type { NormalizedUsage } from '../providers/types';

const empty = (): NormalizedUsage => ({ prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, total_tokens: 0 });

describe('extractUsage (native passthrough)', () => {
	it('reads an OpenAI completion with cached tokens', () => {
		const acc = empty();
		expect(extractUsage({ usage: { prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 100 } } }, acc)).toBe(true);
		expect(acc).toEqual({ prompt_tokens: 120, completion_tokens: 30, cached_tokens: 100, total_tokens: 150 });
	});

	it('merges an Anthropic stream: input from message_start, output from message_delta, cache reads counted in the prompt', () => {
		const acc = empty();
		extractUsage({ type: 'message_start', message: { usage: { input_tokens: 20, cache_read_input_tokens: 80, cache_creation_input_tokens: 5, output_tokens: 1 } } }, acc);
		extractUsage({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'hi' } }, acc);
		extractUsage({ type: 'message_delta', usage: { output_tokens: 42 } }, acc);
		expect(acc).toEqual({ prompt_tokens: 105, completion_tokens: 42, cached_tokens: 80, total_tokens: 147 });
	});

	it('reads Gemini usageMetadata including thoughts and cached content', () => {
		const acc = empty();
		expect(extractUsage({ usageMetadata: { promptTokenCount: 50, candidatesTokenCount: 10, thoughtsTokenCount: 5, cachedContentTokenCount: 40 } }, acc)).toBe(true);
		expect(acc).toEqual({ prompt_tokens: 50, completion_tokens: 15, cached_tokens: 40, total_tokens: 65 });
	});

	it('ignores payloads without usage', () => {
		const acc = empty();
		expect(extractUsage({ data: [{ id: 'm' }] }, acc)).toBe(false);
		expect(extractUsage(null, acc)).toBe(false);
		expect(acc.total_tokens).toBe(0);
	});
});
