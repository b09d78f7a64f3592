import type {
	AssistantMessage,
	ChatRequest,
	ChatTool,
	ReasoningEffort,
	TextPart,
	ThinkingBlock,
	UserContentPart
} from '$lib/schemas/chat';
import { fileData, isRecord, maxTokensOf, parseArguments, parseDataUrl, safeJsonParse, stopList } from '../common';
import { TranslationError, type BuildContext, type SignatureCache } from '../types';

export type AnthropicBlock = Record<string, unknown> & { type: string };
export interface AnthropicMessage {
	role: 'user' | 'assistant';
	content: string | AnthropicBlock[];
}

/** Default `max_tokens` when the client sent none (Anthropic requires one). */
export const DEFAULT_MAX_TOKENS = 4096;
/** Output room kept above the thinking budget when the client sent no max_tokens. */
const ANSWER_TOKENS = 4096;
/** Anthropic's minimum `budget_tokens`. */
const MIN_BUDGET = 1024;

/** Thinking budget (tokens) per OpenAI `reasoning_effort`. */
export const THINKING_BUDGET: Record<Exclude<ReasoningEffort, 'none'>, number> = {
	minimal: 1024,
	low: 2048,
	medium: 8192,
	high: 16384,
	xhigh: 32768
};

/** Cache key under which a message's thinking blocks are kept (its first tool_use id). */
export function thinkingCacheKey(toolUseId: string): string {
	return `anthropic-thinking:${toolUseId}`;
}

function withCache(block: AnthropicBlock, part: { cache_control?: unknown }): AnthropicBlock {
	if (part.cache_control != null) block.cache_control = part.cache_control;
	return block;
}

function mediaBlock(mimeType: string, data: string, param: string): AnthropicBlock {
	if (mimeType.startsWith('image/')) return { type: 'image', source: { type: 'base64', media_type: mimeType, data } };
	if (mimeType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: mimeType, data } };
	if (mimeType.startsWith('text/')) {
		return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data, 'base64').toString('utf8') } };
	}
	throw new TranslationError(`Anthropic does not accept ${mimeType} content (images, PDF and text only)`, { param });
}

function partToBlock(part: UserContentPart, param: string): AnthropicBlock {
	switch (part.type) {
		case 'text':
			return withCache({ type: 'text', text: part.text }, part);
		case 'image_url': {
			const url = part.image_url.url;
			const inline = parseDataUrl(url);
			if (inline) return withCache(mediaBlock(inline.mimeType, inline.data, param), part);
			if (/^https?:\/\//i.test(url)) return withCache({ type: 'image', source: { type: 'url', url } }, part);
			throw new TranslationError('image_url must be a data: URL or an http(s) URL', { param: `${param}.image_url.url` });
		}
		case 'file': {
			const f = fileData(part.file, `${param}.file`, 'Anthropic');
			return withCache(mediaBlock(f.mimeType, f.data, param), part);
		}
		case 'input_audio':
			throw new TranslationError('Anthropic models do not accept audio input', { param });
	}
}

function userBlocks(content: string | UserContentPart[], param: string): string | AnthropicBlock[] {
	if (typeof content === 'string') return content;
	return content.map((p, i) => partToBlock(p, `${param}.${i}`));
}

function thinkingBlocksOf(m: AssistantMessage, cache: SignatureCache | undefined): AnthropicBlock[] {
	let blocks: ThinkingBlock[] | undefined = m.thinking_blocks ?? undefined;
	if (!blocks?.length && cache && m.tool_calls?.length) {
		const cached = cache.get(thinkingCacheKey(m.tool_calls[0].id));
		const parsed = cached ? safeJsonParse(cached) : undefined;
		if (Array.isArray(parsed)) blocks = parsed as ThinkingBlock[];
	}
	if (!blocks?.length) return [];
	return blocks.map((b) =>
		b.type === 'thinking' ? { type: 'thinking', thinking: b.thinking, signature: b.signature } : { type: 'redacted_thinking', data: b.data }
	);
}

function assistantBlocks(m: AssistantMessage, param: string, cache: SignatureCache | undefined): AnthropicBlock[] {
	const blocks = thinkingBlocksOf(m, cache);
	const content = m.content;
	if (typeof content === 'string') {
		if (content) blocks.push({ type: 'text', text: content });
	} else if (content) {
		for (const p of content) {
			if (p.type === 'text' && p.text) blocks.push(withCache({ type: 'text', text: p.text }, p));
		}
	}
	if (m.tool_calls) {
		m.tool_calls.forEach((tc, j) => {
			blocks.push({
				type: 'tool_use',
				id: tc.id,
				name: tc.function.name,
				input: parseArguments(tc.function.arguments, `${param}.tool_calls.${j}.function.arguments`)
			});
		});
	}
	return blocks;
}

function toolResultContent(content: string | UserContentPart[], param: string): string | AnthropicBlock[] {
	if (typeof content === 'string') return content;
	return content.map((p, i) => {
		if (p.type !== 'text' && p.type !== 'image_url') {
			throw new TranslationError('tool results may contain text and images only', { param: `${param}.${i}` });
		}
		return partToBlock(p, `${param}.${i}`);
	});
}

function asBlocks(content: string | AnthropicBlock[]): AnthropicBlock[] {
	return typeof content === 'string' ? (content ? [{ type: 'text', text: content }] : []) : content;
}

function systemOf(req: ChatRequest): string | AnthropicBlock[] | undefined {
	const blocks: AnthropicBlock[] = [];
	let cached = false;
	for (const m of req.messages) {
		if (m.role !== 'system' && m.role !== 'developer') continue;
		const parts: TextPart[] | string = m.content;
		if (typeof parts === 'string') {
			if (parts) blocks.push({ type: 'text', text: parts });
			continue;
		}
		for (const p of parts) {
			if (!p.text) continue;
			if (p.cache_control != null) cached = true;
			blocks.push(withCache({ type: 'text', text: p.text }, p));
		}
	}
	if (!blocks.length) return undefined;
	return cached ? blocks : blocks.map((b) => b.text as string).join('\n\n');
}

/** OpenAI messages → Anthropic messages: system hoisted out, tool results in user turns, same-role turns merged. */
export function anthropicMessages(req: ChatRequest, cache?: SignatureCache): AnthropicMessage[] {
	const out: AnthropicMessage[] = [];
	const push = (role: 'user' | 'assistant', content: string | AnthropicBlock[]) => {
		if (Array.isArray(content) && content.length === 0) return;
		const prev = out[out.length - 1];
		if (prev && prev.role === role) prev.content = [...asBlocks(prev.content), ...asBlocks(content)];
		else out.push({ role, content });
	};
	req.messages.forEach((m, i) => {
		const param = `messages.${i}`;
		switch (m.role) {
			case 'system':
			case 'developer':
				return;
			case 'user':
				return push('user', userBlocks(m.content, `${param}.content`));
			case 'assistant':
				return push('assistant', assistantBlocks(m, param, cache));
			case 'tool':
				return push('user', [
					{ type: 'tool_result', tool_use_id: m.tool_call_id, content: toolResultContent(m.content, `${param}.content`) }
				]);
		}
	});
	// A lone plain text block is sent as a string, as Anthropic's own examples do.
	for (const m of out) {
		const c = m.content;
		if (Array.isArray(c) && c.length === 1 && c[0].type === 'text' && c[0].cache_control === undefined) m.content = c[0].text as string;
	}
	return out;
}

function toolsOf(tools: ChatTool[], allowed: Set<string> | undefined): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	tools.forEach((t, i) => {
		if (t.type !== 'function') throw new TranslationError('Anthropic supports function tools only', { param: `tools.${i}` });
		const f = t.function;
		if (allowed && !allowed.has(f.name)) return;
		const tool: Record<string, unknown> = { name: f.name };
		if (f.description) tool.description = f.description;
		tool.input_schema = f.parameters ?? { type: 'object', properties: {} };
		if (f.strict) tool.strict = true;
		if (t.cache_control != null) tool.cache_control = t.cache_control;
		out.push(tool);
	});
	return out;
}

interface ToolChoiceResult {
	choice?: Record<string, unknown>;
	allowed?: Set<string>;
}

function toolChoiceOf(req: ChatRequest): ToolChoiceResult {
	const tc = req.tool_choice;
	let choice: Record<string, unknown> | undefined;
	let allowed: Set<string> | undefined;
	if (tc === 'auto') choice = { type: 'auto' };
	else if (tc === 'required') choice = { type: 'any' };
	else if (tc === 'none') choice = { type: 'none' };
	else if (tc && tc.type === 'function') choice = { type: 'tool', name: tc.function.name };
	else if (tc && tc.type === 'custom') choice = { type: 'tool', name: tc.custom.name };
	else if (tc && tc.type === 'allowed_tools') {
		allowed = new Set(tc.allowed_tools.tools.map((t) => t.function?.name).filter((n): n is string => !!n));
		choice = { type: tc.allowed_tools.mode === 'required' ? 'any' : 'auto' };
	}
	if (req.parallel_tool_calls === false && choice?.type !== 'none') {
		choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
	}
	return { choice, allowed };
}

function lastAssistantNeedsThinking(messages: AnthropicMessage[]): boolean {
	for (let i = messages.length - 1; i >= 0; i--) {
		const m = messages[i];
		if (m.role !== 'assistant') continue;
		if (typeof m.content === 'string') return false;
		const hasToolUse = m.content.some((b) => b.type === 'tool_use');
		const hasThinking = m.content.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking');
		return hasToolUse && !hasThinking;
	}
	return false;
}

/** The Messages API body for an OpenAI chat request (SPEC §5.4 "Anthropic mapping"). */
export function anthropicBody(req: ChatRequest, ctx: BuildContext, stream: boolean): Record<string, unknown> {
	if (req.n != null && req.n > 1) throw new TranslationError('Anthropic returns one choice per request; n must be 1', { param: 'n' });
	const messages = anthropicMessages(req, ctx.signatureCache);
	const body: Record<string, unknown> = { model: ctx.upstreamModel };
	const system = systemOf(req);
	if (system !== undefined) body.system = system;
	body.messages = messages;

	const requested = maxTokensOf(req);
	const tools = req.tools?.length ? toolChoiceOf(req) : undefined;
	let maxTokens = requested ?? DEFAULT_MAX_TOKENS;
	let thinking: Record<string, unknown> | undefined;
	const rawThinking = (req as Record<string, unknown>).thinking;
	if (isRecord(rawThinking)) thinking = rawThinking;
	else if (req.reasoning_effort && req.reasoning_effort !== 'none') {
		// A tool-use turn replayed without its thinking blocks cannot continue with thinking on, and
		// Anthropic refuses thinking with a forced tool choice (the forced tool wins over reasoning_effort).
		const forced = tools?.choice?.type === 'any' || tools?.choice?.type === 'tool';
		let budget = THINKING_BUDGET[req.reasoning_effort];
		if (requested !== undefined && budget >= requested) budget = requested - 1;
		if (budget >= MIN_BUDGET && !forced && !lastAssistantNeedsThinking(messages)) {
			thinking = { type: 'enabled', budget_tokens: budget };
			if (requested === undefined) maxTokens = budget + ANSWER_TOKENS;
		}
	}
	const thinkingOn = !!thinking && thinking.type !== 'disabled';
	body.max_tokens = maxTokens;
	if (thinking) body.thinking = thinking;

	// Anthropic rejects temperature/top_k changes with thinking on and allows top_p only in [0.95, 1].
	if (req.temperature != null && !thinkingOn) body.temperature = req.temperature;
	if (req.top_p != null && (!thinkingOn || req.top_p >= 0.95)) body.top_p = req.top_p;
	if (req.top_k != null && !thinkingOn) body.top_k = req.top_k;
	const stop = stopList(req.stop);
	if (stop) body.stop_sequences = stop;

	if (req.tools?.length && tools) {
		body.tools = toolsOf(req.tools, tools.allowed);
		if (tools.choice) body.tool_choice = tools.choice;
	}

	const rf = req.response_format;
	const rawOutput = (req as Record<string, unknown>).output_config;
	const outputConfig: Record<string, unknown> = isRecord(rawOutput) ? { ...rawOutput } : {};
	if (rf?.type === 'json_schema' && rf.json_schema.schema) outputConfig.format = { type: 'json_schema', schema: rf.json_schema.schema };
	if (Object.keys(outputConfig).length) body.output_config = outputConfig;

	if (req.user) body.metadata = { user_id: req.user };
	if (stream) body.stream = true;
	return body;
}
