import { describe, expect, it } from 'vitest';
import { applyFrame, emptyReply, errorOf, readChatStream } from './stream';

const sse = (...frames: unknown[]) => frames.map((f) => `data: ${typeof f === 'string' ? f : JSON.stringify(f)}\n\n`).join('');

function responseOf(text: string, splitEvery = 7): Response {
	const bytes = new TextEncoder().encode(text);
	return new Response(
		new ReadableStream({
			start(c) {
				for (let i = 0; i < bytes.length; i += splitEvery) c.enqueue(bytes.slice(i, i + splitEvery));
				c.close();
			}
		})
	);
}

describe('applyFrame', () => {
	it('accumulates content, reasoning, the finish reason and usage with the cost extension', () => {
		const s = emptyReply();
		applyFrame(s, JSON.stringify({ choices: [{ delta: { role: 'assistant', reasoning_content: 'hmm ' } }] }));
		applyFrame(s, JSON.stringify({ choices: [{ delta: { content: 'Hel' } }] }));
		applyFrame(s, JSON.stringify({ choices: [{ delta: { content: 'lo' }, finish_reason: null }] }));
		applyFrame(s, JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] }));
		applyFrame(s, JSON.stringify({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 8 }, cost: 0.00042 } }));
		expect(s).toEqual({ content: 'Hello', reasoning: 'hmm ', finishReason: 'stop', usage: { prompt: 12, completion: 3, cached: 8, cost: 0.00042 }, error: null });
		expect(applyFrame(s, '[DONE]')).toBe(false);
	});

	// Fails when a mid-stream error frame is dropped and the reply looks complete.
	it('keeps the message of an SSE error frame', () => {
		const s = emptyReply();
		applyFrame(s, JSON.stringify({ choices: [{ delta: { content: 'partial' } }] }));
		applyFrame(s, JSON.stringify({ error: { message: 'upstream stream cut', type: 'api_error' } }));
		expect(s.content).toBe('partial');
		expect(s.error).toBe('upstream stream cut');
	});

	it('reports an unknown cost as null and ignores non-JSON frames', () => {
		const s = emptyReply();
		expect(applyFrame(s, 'not json')).toBe(true);
		applyFrame(s, JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } }));
		expect(s.usage).toEqual({ prompt: 1, completion: 2, cached: 0, cost: null });
	});
});

describe('readChatStream', () => {
	it('parses frames split at arbitrary byte boundaries, including multi-byte characters', async () => {
		const s = emptyReply();
		let updates = 0;
		const timing = await readChatStream(
			responseOf(sse({ choices: [{ delta: { content: 'Grüße ' } }] }, { choices: [{ delta: { content: '👋' }, finish_reason: 'stop' }] }, '[DONE]'), 3),
			s,
			() => updates++,
			performance.now()
		);
		expect(s.content).toBe('Grüße 👋');
		expect(s.finishReason).toBe('stop');
		expect(updates).toBeGreaterThan(1);
		expect(timing.ttftMs).not.toBeNull();
	});
});

describe('errorOf', () => {
	it('reads the gateway shape, the management API shape and falls back to the status', async () => {
		expect(await errorOf(new Response(JSON.stringify({ error: { message: 'model_not_found here' } }), { status: 404 }))).toBe('model_not_found here');
		expect(await errorOf(new Response(JSON.stringify({ message: 'forbidden for viewers' }), { status: 403 }))).toBe('forbidden for viewers');
		expect(await errorOf(new Response('<html>', { status: 502, statusText: 'Bad Gateway' }))).toBe('502 Bad Gateway');
	});
});
