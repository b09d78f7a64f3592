import { SseParser } from '$lib/sse';

/** What one assistant reply has accumulated from the chat-completions stream so far. */
export interface ReplyState {
	content: string;
	reasoning: string;
	finishReason: string | null;
	usage: ReplyUsage | null;
	error: string | null;
}

export interface ReplyUsage {
	prompt: number;
	completion: number;
	cached: number;
	/** USD, from AT's price table (the playground's `usage.cost` extension). */
	cost: number | null;
}

interface Chunk {
	choices?: { delta?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }[];
	usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number }; cost?: number } | null;
	error?: { message?: string };
}

export const emptyReply = (): ReplyState => ({ content: '', reasoning: '', finishReason: null, usage: null, error: null });

/** Folds one SSE data payload (a chunk or an error frame) into the reply. Returns false for `[DONE]`. */
export function applyFrame(state: ReplyState, data: string): boolean {
	if (data === '[DONE]') return false;
	let chunk: Chunk;
	try {
		chunk = JSON.parse(data) as Chunk;
	} catch {
		return true;
	}
	if (chunk.error) {
		state.error = chunk.error.message || 'The stream failed.';
		return true;
	}
	for (const c of chunk.choices ?? []) {
		if (c.delta?.content) state.content += c.delta.content;
		if (c.delta?.reasoning_content) state.reasoning += c.delta.reasoning_content;
		if (c.finish_reason) state.finishReason = c.finish_reason;
	}
	if (chunk.usage)
		state.usage = {
			prompt: chunk.usage.prompt_tokens ?? 0,
			completion: chunk.usage.completion_tokens ?? 0,
			cached: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
			cost: typeof chunk.usage.cost === 'number' ? chunk.usage.cost : null
		};
	return true;
}

/** The message of a failed (non-2xx) answer: the gateway's OpenAI shape, the management API's, or the status. */
export async function errorOf(res: Response): Promise<string> {
	const text = await res.text().catch(() => '');
	try {
		const body = JSON.parse(text) as { error?: { message?: string }; message?: string };
		const m = body.error?.message ?? body.message;
		if (m) return m;
	} catch {
		// not JSON
	}
	return `${res.status} ${res.statusText || 'request failed'}`.trim();
}

export interface StreamTiming {
	/** ms from sending to the first content or reasoning token. */
	ttftMs: number | null;
	totalMs: number;
}

/**
 * Reads a chat-completions SSE response, calling `onUpdate` after every network chunk that changed
 * the reply. Resolves when the stream ends; rejects with an AbortError when `signal` fires.
 */
export async function readChatStream(res: Response, state: ReplyState, onUpdate: () => void, startedAt: number): Promise<StreamTiming> {
	const parser = new SseParser();
	const reader = res.body!.getReader();
	let ttftMs: number | null = null;
	const feed = (events: { data: string }[]) => {
		for (const ev of events) applyFrame(state, ev.data);
		if (ttftMs === null && (state.content || state.reasoning)) ttftMs = performance.now() - startedAt;
		if (events.length) onUpdate();
	};
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		feed(parser.push(value));
	}
	feed(parser.flush());
	return { ttftMs, totalMs: performance.now() - startedAt };
}
