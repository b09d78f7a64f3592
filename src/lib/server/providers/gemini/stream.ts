/**
 * streamGenerateContent (`alt=sse`) → `chat.completion.chunk`s. Every upstream event is a whole
 * GenerateContentResponse; function calls arrive complete, so each becomes one tool-call delta
 * carrying the whole arguments. The candidate's finishReason comes with its last parts: those parts
 * are emitted first, then the finish chunk. Gemini has no end event: the usage chunk is sent by `end()`.
 */
import type { ChatCompletionChunk, ChunkDelta, Usage } from '$lib/schemas/chat';
import type { SseEvent } from '$lib/server/gateway/sse';
import { ChunkWriter, createdOf, isRecord, newId, num, parseErrorBody, safeJsonParse, str, truncatedError } from '../common';
import { UpstreamStreamError, type NormalizedUsage, type StreamContext, type StreamTranslator } from '../types';
import { finishReasonOf, normalizedOf, readParts, usageOf } from './response';

interface CandidateState {
	toolCount: number;
	finished: boolean;
}

export class GeminiStreamTranslator implements StreamTranslator {
	private readonly w: ChunkWriter;
	private idSet = false;
	private readonly candidates = new Map<number, CandidateState>();
	private lastUsage: Usage | undefined;
	private anyFinished = false;
	private ended = false;

	constructor(private readonly ctx: StreamContext) {
		this.w = new ChunkWriter('', createdOf(ctx), ctx.requestedModel);
	}

	private state(index: number): CandidateState {
		let s = this.candidates.get(index);
		if (!s) this.candidates.set(index, (s = { toolCount: 0, finished: false }));
		return s;
	}

	push(ev: SseEvent): ChatCompletionChunk[] {
		const json = safeJsonParse(ev.data);
		if (!isRecord(json)) return [];
		if (json.error != null) throw new UpstreamStreamError(parseErrorBody(500, ev.data));
		if (!this.idSet) {
			this.idSet = true;
			this.w.id = str(json.responseId) ?? `chatcmpl-${newId(this.ctx)}`;
		}
		if (isRecord(json.usageMetadata)) this.lastUsage = usageOf(json.usageMetadata);
		const out: ChatCompletionChunk[] = [];
		const candidates = Array.isArray(json.candidates) ? json.candidates : [];
		let finishes: ChatCompletionChunk[] | undefined;
		candidates.forEach((c, i) => {
			if (!isRecord(c)) return;
			const index = num(c.index) ?? i;
			const st = this.state(index);
			const parts = readParts(isRecord(c.content) ? c.content.parts : undefined, this.ctx);
			const delta: ChunkDelta = {};
			if (parts.reasoning) delta.reasoning_content = parts.reasoning;
			if (parts.text) delta.content = parts.text;
			if (parts.toolCalls.length) {
				delta.tool_calls = parts.toolCalls.map((tc) => ({ index: st.toolCount++, ...tc }));
			}
			if (delta.content !== undefined || delta.reasoning_content !== undefined || delta.tool_calls) out.push(this.w.delta(delta, index));
			if (c.finishReason != null && !st.finished) {
				st.finished = true;
				this.anyFinished = true;
				(finishes ??= []).push(this.w.finish(finishReasonOf(c.finishReason, st.toolCount > 0), index));
			}
		});
		if (!candidates.length && isRecord(json.promptFeedback) && json.promptFeedback.blockReason != null && !this.anyFinished) {
			this.anyFinished = true;
			this.state(0).finished = true;
			out.push(this.w.finish('content_filter'));
		}
		if (finishes) out.push(...finishes);
		return out;
	}

	end(): ChatCompletionChunk[] {
		if (this.ended) return [];
		this.ended = true;
		if (!this.anyFinished) throw new UpstreamStreamError(truncatedError('Gemini'));
		return this.ctx.includeUsage && this.lastUsage ? [this.w.usage(this.lastUsage)] : [];
	}

	usage(): NormalizedUsage | undefined {
		return this.lastUsage ? normalizedOf(this.lastUsage) : undefined;
	}
}
