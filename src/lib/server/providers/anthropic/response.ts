import type {
	ChatCompletion,
	ChatCompletionMessage,
	FinishReason,
	ResponseRedactedThinkingBlock,
	ResponseThinkingBlock,
	ToolCall,
	Usage
} from '$lib/schemas/chat';
import { createdOf, isRecord, num, str } from '../common';
import { TranslationError, type BuildContext, type NormalizedUsage, type SignatureCache } from '../types';
import { thinkingCacheKey } from './request';

export function finishReasonOf(stop: unknown): FinishReason {
	switch (stop) {
		case 'max_tokens':
		case 'model_context_window_exceeded':
			return 'length';
		case 'tool_use':
			return 'tool_calls';
		case 'refusal':
			return 'content_filter';
		default:
			return 'stop'; // end_turn, stop_sequence, pause_turn
	}
}

/** Anthropic usage (input excludes cache reads and writes) → OpenAI usage (prompt includes them). */
export function usageOf(u: Record<string, unknown>): Usage {
	const input = num(u.input_tokens) ?? 0;
	const cacheRead = num(u.cache_read_input_tokens) ?? 0;
	const cacheWrite = num(u.cache_creation_input_tokens) ?? 0;
	const output = num(u.output_tokens) ?? 0;
	const prompt = input + cacheRead + cacheWrite;
	const usage: Usage = {
		prompt_tokens: prompt,
		completion_tokens: output,
		total_tokens: prompt + output,
		prompt_tokens_details: { cached_tokens: cacheRead }
	};
	const details = u.output_tokens_details;
	const thinking = isRecord(details) ? num(details.thinking_tokens) : undefined;
	if (thinking !== undefined) usage.completion_tokens_details = { reasoning_tokens: thinking };
	return usage;
}

export function normalizedOf(u: Usage): NormalizedUsage {
	return {
		prompt_tokens: u.prompt_tokens,
		completion_tokens: u.completion_tokens,
		cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0,
		total_tokens: u.total_tokens
	};
}

export function cacheThinking(
	cache: SignatureCache | undefined,
	blocks: (ResponseThinkingBlock | ResponseRedactedThinkingBlock)[],
	firstToolUseId: string | undefined
): void {
	if (cache && blocks.length && firstToolUseId) cache.set(thinkingCacheKey(firstToolUseId), JSON.stringify(blocks));
}

/** A Messages API response → `chat.completion`. */
export function anthropicCompletion(json: unknown, ctx: BuildContext): ChatCompletion {
	if (!isRecord(json) || !Array.isArray(json.content)) {
		throw new TranslationError('Anthropic returned a response without content', { status: 502, type: 'api_error', code: 'bad_upstream_response' });
	}
	let text = '';
	let reasoning = '';
	const toolCalls: ToolCall[] = [];
	const thinkingBlocks: (ResponseThinkingBlock | ResponseRedactedThinkingBlock)[] = [];
	for (const b of json.content) {
		if (!isRecord(b)) continue;
		if (b.type === 'text') text += str(b.text) ?? '';
		else if (b.type === 'thinking') {
			const t = str(b.thinking) ?? '';
			reasoning += t;
			thinkingBlocks.push({ type: 'thinking', thinking: t, signature: str(b.signature) ?? '' });
		} else if (b.type === 'redacted_thinking') thinkingBlocks.push({ type: 'redacted_thinking', data: str(b.data) ?? '' });
		else if (b.type === 'tool_use') {
			toolCalls.push({
				id: str(b.id) ?? '',
				type: 'function',
				function: { name: str(b.name) ?? '', arguments: JSON.stringify(b.input ?? {}) }
			});
		}
	}
	const message: ChatCompletionMessage = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
	if (reasoning) message.reasoning_content = reasoning;
	if (thinkingBlocks.length) message.thinking_blocks = thinkingBlocks;
	if (toolCalls.length) message.tool_calls = toolCalls;
	cacheThinking(ctx.signatureCache, thinkingBlocks, toolCalls[0]?.id);
	const completion: ChatCompletion = {
		id: str(json.id) ?? '',
		object: 'chat.completion',
		created: createdOf(ctx),
		model: ctx.requestedModel,
		choices: [{ index: 0, message, finish_reason: finishReasonOf(json.stop_reason), logprobs: null }]
	};
	if (isRecord(json.usage)) completion.usage = usageOf(json.usage);
	return completion;
}
