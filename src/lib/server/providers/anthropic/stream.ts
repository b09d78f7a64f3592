/**
 * Anthropic Messages event stream → `chat.completion.chunk`s.
 *
 * message_start → role chunk; text_delta → content; thinking_delta → reasoning_content, and the
 * finished block (with its signature) as one `thinking_blocks` delta at content_block_stop;
 * tool_use start → the call's id/name, input_json_delta → its argument fragments as they come;
 * message_delta → the finish chunk; message_stop → the usage chunk (when asked for).
 */
import type { ChatCompletionChunk, ResponseRedactedThinkingBlock, ResponseThinkingBlock, Usage } from '$lib/schemas/chat';
import type { SseEvent } from '$lib/server/gateway/sse';
import { ChunkWriter, createdOf, isRecord, num, parseErrorBody, safeJsonParse, str, truncatedError } from '../common';
import { UpstreamStreamError, type NormalizedUsage, type StreamContext, type StreamTranslator } from '../types';
import { cacheThinking, finishReasonOf, normalizedOf, usageOf } from './response';

interface BlockState {
	kind: 'text' | 'thinking' | 'tool' | 'other';
	toolIndex?: number;
	thinking?: string;
	signature?: string;
}

export class AnthropicStreamTranslator implements StreamTranslator {
	private readonly w: ChunkWriter;
	private readonly blocks = new Map<number, BlockState>();
	private toolCount = 0;
	private firstToolId: string | undefined;
	private readonly thinkingBlocks: (ResponseThinkingBlock | ResponseRedactedThinkingBlock)[] = [];
	private rawUsage: Record<string, unknown> = {};
	private haveUsage = false;
	private finished = false;
	private stopped = false;

	constructor(private readonly ctx: StreamContext) {
		this.w = new ChunkWriter('', createdOf(ctx), ctx.requestedModel);
	}

	push(ev: SseEvent): ChatCompletionChunk[] {
		const obj = safeJsonParse(ev.data);
		if (!isRecord(obj)) return [];
		const type = str(obj.type) ?? ev.event;
		switch (type) {
			case 'message_start': {
				const msg = isRecord(obj.message) ? obj.message : {};
				this.w.id = str(msg.id) ?? this.w.id;
				if (isRecord(msg.usage)) this.mergeUsage(msg.usage);
				return [this.w.delta({ content: '' })];
			}
			case 'content_block_start':
				return this.blockStart(num(obj.index) ?? 0, isRecord(obj.content_block) ? obj.content_block : {});
			case 'content_block_delta':
				return this.blockDelta(num(obj.index) ?? 0, isRecord(obj.delta) ? obj.delta : {});
			case 'content_block_stop':
				return this.blockStop(num(obj.index) ?? 0);
			case 'message_delta': {
				if (isRecord(obj.usage)) this.mergeUsage(obj.usage);
				const delta = isRecord(obj.delta) ? obj.delta : {};
				if (delta.stop_reason == null || this.finished) return [];
				this.finished = true;
				cacheThinking(this.ctx.signatureCache, this.thinkingBlocks, this.firstToolId);
				return [this.w.finish(finishReasonOf(delta.stop_reason))];
			}
			case 'message_stop':
				this.stopped = true;
				return this.usageChunk();
			case 'error':
				throw new UpstreamStreamError(parseErrorBody(500, ev.data));
			default:
				return []; // ping and future event types
		}
	}

	private blockStart(index: number, block: Record<string, unknown>): ChatCompletionChunk[] {
		switch (block.type) {
			case 'text': {
				this.blocks.set(index, { kind: 'text' });
				const text = str(block.text);
				return text ? [this.w.delta({ content: text })] : [];
			}
			case 'thinking':
				this.blocks.set(index, { kind: 'thinking', thinking: str(block.thinking) ?? '', signature: str(block.signature) ?? '' });
				return block.thinking ? [this.w.delta({ reasoning_content: String(block.thinking) })] : [];
			case 'redacted_thinking': {
				this.blocks.set(index, { kind: 'other' });
				const b: ResponseRedactedThinkingBlock = { type: 'redacted_thinking', data: str(block.data) ?? '' };
				this.thinkingBlocks.push(b);
				return [this.w.delta({ thinking_blocks: [b] })];
			}
			case 'tool_use': {
				const toolIndex = this.toolCount++;
				this.blocks.set(index, { kind: 'tool', toolIndex });
				const id = str(block.id) ?? '';
				this.firstToolId ??= id;
				const chunks = [
					this.w.delta({ tool_calls: [{ index: toolIndex, id, type: 'function', function: { name: str(block.name) ?? '', arguments: '' } }] })
				];
				// Some servers send the whole input on the start block instead of input_json_delta events.
				if (isRecord(block.input) && Object.keys(block.input).length) {
					chunks.push(this.w.delta({ tool_calls: [{ index: toolIndex, function: { arguments: JSON.stringify(block.input) } }] }));
				}
				return chunks;
			}
			default:
				this.blocks.set(index, { kind: 'other' }); // server tools and their results
				return [];
		}
	}

	private blockDelta(index: number, delta: Record<string, unknown>): ChatCompletionChunk[] {
		const block = this.blocks.get(index);
		switch (delta.type) {
			case 'text_delta': {
				const text = str(delta.text);
				return text ? [this.w.delta({ content: text })] : [];
			}
			case 'thinking_delta': {
				const t = str(delta.thinking);
				if (!t) return [];
				if (block?.kind === 'thinking') block.thinking += t;
				return [this.w.delta({ reasoning_content: t })];
			}
			case 'signature_delta':
				if (block?.kind === 'thinking') block.signature += str(delta.signature) ?? '';
				return [];
			case 'input_json_delta': {
				const fragment = str(delta.partial_json);
				if (!fragment || block?.kind !== 'tool') return [];
				return [this.w.delta({ tool_calls: [{ index: block.toolIndex as number, function: { arguments: fragment } }] })];
			}
			default:
				return []; // citations_delta and future delta types
		}
	}

	private blockStop(index: number): ChatCompletionChunk[] {
		const block = this.blocks.get(index);
		this.blocks.delete(index);
		if (block?.kind !== 'thinking') return [];
		const b: ResponseThinkingBlock = { type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' };
		this.thinkingBlocks.push(b);
		return [this.w.delta({ thinking_blocks: [b] })];
	}

	private mergeUsage(u: Record<string, unknown>): void {
		for (const k in u) if (u[k] != null) this.rawUsage[k] = u[k];
		this.haveUsage = true;
	}

	private usageValue(): Usage | undefined {
		return this.haveUsage ? usageOf(this.rawUsage) : undefined;
	}

	private usageChunk(): ChatCompletionChunk[] {
		if (!this.ctx.includeUsage) return [];
		const u = this.usageValue();
		return u ? [this.w.usage(u)] : [];
	}

	end(): ChatCompletionChunk[] {
		if (this.stopped) return [];
		if (!this.finished) throw new UpstreamStreamError(truncatedError('Anthropic'));
		this.stopped = true;
		return this.usageChunk();
	}

	usage(): NormalizedUsage | undefined {
		const u = this.usageValue();
		return u ? normalizedOf(u) : undefined;
	}
}
