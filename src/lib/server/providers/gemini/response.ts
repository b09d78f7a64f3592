import type { ChatCompletion, ChatCompletionChoice, ChatCompletionMessage, FinishReason, ToolCall, Usage } from '$lib/schemas/chat';
import { createdOf, isRecord, newId, num, str } from '../common';
import { TranslationError, type BuildContext, type NormalizedUsage } from '../types';

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']);

/** Gemini says STOP after a function call; OpenAI clients expect `tool_calls`. */
export function finishReasonOf(reason: unknown, hadToolCalls: boolean): FinishReason {
	if (reason === 'MAX_TOKENS') return 'length';
	if (typeof reason === 'string' && FILTERED.has(reason)) return 'content_filter';
	return hadToolCalls ? 'tool_calls' : 'stop';
}

/** `usageMetadata` → OpenAI usage. Completion tokens include thinking tokens, as OpenAI counts reasoning. */
export function usageOf(m: Record<string, unknown>): Usage {
	const prompt = (num(m.promptTokenCount) ?? 0) + (num(m.toolUsePromptTokenCount) ?? 0);
	const thoughts = num(m.thoughtsTokenCount) ?? 0;
	const completion = (num(m.candidatesTokenCount) ?? 0) + thoughts;
	const usage: Usage = {
		prompt_tokens: prompt,
		completion_tokens: completion,
		total_tokens: num(m.totalTokenCount) ?? prompt + completion,
		prompt_tokens_details: { cached_tokens: num(m.cachedContentTokenCount) ?? 0 }
	};
	if (thoughts) usage.completion_tokens_details = { reasoning_tokens: thoughts };
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

/** One Gemini part's contribution, shared by the complete and streaming translations. */
export interface PartsSummary {
	text: string;
	reasoning: string;
	toolCalls: ToolCall[];
}

export function readParts(parts: unknown, ctx: BuildContext): PartsSummary {
	const out: PartsSummary = { text: '', reasoning: '', toolCalls: [] };
	if (!Array.isArray(parts)) return out;
	for (const p of parts) {
		if (!isRecord(p)) continue;
		if (isRecord(p.functionCall)) {
			const fc = p.functionCall;
			const call: ToolCall = {
				id: str(fc.id) ?? `call_${newId(ctx)}`,
				type: 'function',
				function: { name: str(fc.name) ?? '', arguments: JSON.stringify(fc.args ?? {}) }
			};
			const sig = str(p.thoughtSignature);
			if (sig) {
				call.extra_content = { google: { thought_signature: sig } };
				ctx.signatureCache?.set(call.id, sig);
			}
			out.toolCalls.push(call);
		} else if (typeof p.text === 'string') {
			if (p.thought === true) out.reasoning += p.text;
			else out.text += p.text;
		}
	}
	return out;
}

function blocked(json: Record<string, unknown>): boolean {
	return isRecord(json.promptFeedback) && typeof json.promptFeedback.blockReason === 'string';
}

/** A generateContent response → `chat.completion`. */
export function geminiCompletion(json: unknown, ctx: BuildContext): ChatCompletion {
	if (!isRecord(json)) {
		throw new TranslationError('Gemini returned a response that is not a JSON object', { status: 502, type: 'api_error', code: 'bad_upstream_response' });
	}
	const choices: ChatCompletionChoice[] = [];
	const candidates = Array.isArray(json.candidates) ? json.candidates : [];
	candidates.forEach((c, i) => {
		if (!isRecord(c)) return;
		const parts = readParts(isRecord(c.content) ? c.content.parts : undefined, ctx);
		const message: ChatCompletionMessage = { role: 'assistant', content: parts.text || (parts.toolCalls.length ? null : '') };
		if (parts.reasoning) message.reasoning_content = parts.reasoning;
		if (parts.toolCalls.length) message.tool_calls = parts.toolCalls;
		choices.push({
			index: num(c.index) ?? i,
			message,
			finish_reason: finishReasonOf(c.finishReason, parts.toolCalls.length > 0),
			logprobs: null
		});
	});
	if (!choices.length && blocked(json)) {
		choices.push({ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter', logprobs: null });
	}
	const completion: ChatCompletion = {
		id: str(json.responseId) ?? `chatcmpl-${newId(ctx)}`,
		object: 'chat.completion',
		created: createdOf(ctx),
		model: ctx.requestedModel,
		choices
	};
	if (isRecord(json.usageMetadata)) completion.usage = usageOf(json.usageMetadata);
	return completion;
}
