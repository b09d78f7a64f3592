// Types for upstream.mjs (plain ESM so that node scripts can start it without a TypeScript loader).
//
// Scripted model names (Gemini takes the model from the URL, `models/` prefix allowed):
//   mock-echo              answers "echo: <last user text>", streamed word by word (default for any other name)
//   mock-tools             two parallel tool calls (names from the request's tools, else get_weather/get_time;
//                          arguments TOOL_ARGS), streamed in 3 argument fragments per call (Anthropic: two tool_use
//                          blocks with input_json_delta; Gemini: two functionCall parts in one chunk). When the
//                          conversation already ends with tool results it answers "tool results: <their text>".
//   mock-text-and-tool     PRE_TOOL_TEXT and one tool call; OpenAI sends the text and the first tool-call delta in
//                          the same chunk, Gemini the text and functionCall parts in the same chunk
//   mock-think             reasoning first: OpenAI reasoning_content deltas; Anthropic thinking block with
//                          thinking_delta + signature_delta (ANTHROPIC_SIGNATURE); Gemini thought parts and
//                          thoughtSignature on the answer's last text part; then the echo text
//   mock-slow-<ms>         waits <ms> before the first byte, then echoes
//   mock-stall             streams one content chunk, then nothing until the client disconnects (see disconnects);
//                          without stream it never answers
//   mock-cut               a couple of content chunks, then the socket is destroyed (not counted as a disconnect)
//   mock-error-<status>    that status (400–599) with the provider's error body; 429 adds retry-after: 7 and
//                          x-ratelimit-limit-requests / x-ratelimit-remaining-requests: 0
//   mock-usage-cached      echo with cached-token usage: OpenAI prompt_tokens_details.cached_tokens = 8; Anthropic
//                          cache_read_input_tokens = 8, cache_creation_input_tokens = 4; Gemini cachedContentTokenCount = 8
// Usage: prompt = 10 + length of the last user text, completion = 5 (+3 thought tokens for mock-think).

export interface RecordedRequest {
	method: string;
	/** Path with query string. */
	path: string;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the raw text when it is not JSON, or null without a body. */
	body: unknown;
}

export interface Disconnect {
	path: string;
	model: string;
	/** Date.now() when the client's connection closed. */
	at: number;
}

export interface MockUpstreamOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	host?: string;
	/** Added before answering every request (the 20 ms bench). */
	delayMs?: number;
	/** Pause between stream chunks (default 0: chunks written back to back, each flushed). */
	chunkDelayMs?: number;
	/** Record requests (default true; the bench turns it off). */
	record?: boolean;
	/** Expected key in Authorization: Bearer / x-api-key / x-goog-api-key (or ?key=); default 'mock-key'. */
	apiKey?: string;
}

export interface MockUpstream {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	requests: RecordedRequest[];
	/** Responses whose client went away before they were complete (streams, slow answers, stalls). */
	disconnects: Disconnect[];
	/** Resolves with the first disconnect since the last reset (at once if there is one). */
	waitForDisconnect(timeoutMs?: number): Promise<Disconnect>;
	/** Clears requests and disconnects. */
	reset(): void;
	close(): Promise<void>;
}

export function startMockUpstream(opts?: MockUpstreamOptions): Promise<MockUpstream>;

export function errorBody(kind: 'openai' | 'anthropic' | 'gemini', status: number, message?: string): unknown;

export const TOOL_ARGS: [{ city: string; unit: string }, { tz: string }];
export const DEFAULT_TOOL_NAMES: [string, string];
export const THINKING: string;
export const ANTHROPIC_SIGNATURE: string;
export const GEMINI_CALL_SIGNATURE: string;
export const GEMINI_THOUGHT_SIGNATURE: string;
export const PRE_TOOL_TEXT: string;
export const CACHED_TOKENS: number;
export const CACHE_CREATION_TOKENS: number;
export const STALL_TEXT: string;
export const OPENAI_MODELS: string[];
export const ANTHROPIC_MODELS: string[];
export const GEMINI_MODELS: { id: string; methods: string[] }[];
