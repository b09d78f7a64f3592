// The parser is shared with the browser (chat playground), so it lives in $lib/sse.ts.
export { SseParser, type SseEvent } from '$lib/sse';

/** A `data:` frame carrying one JSON value. */
export function sseData(value: unknown): string {
	return 'data: ' + JSON.stringify(value) + '\n\n';
}

/** A named event frame (`event:` + `data:`), as the Anthropic Messages stream uses. */
export function sseEvent(event: string, value: unknown): string {
	return 'event: ' + event + '\ndata: ' + JSON.stringify(value) + '\n\n';
}

/** The OpenAI end-of-stream frame. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** A comment frame, used as a keep-alive that clients ignore. */
export const SSE_PING = ': ping\n\n';
