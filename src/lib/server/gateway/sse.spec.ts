import { describe, expect, it } from 'vitest';
import { SseParser, SSE_DONE, sseData, sseEvent, type SseEvent } from './sse';

function parseWhole(text: string | Uint8Array): SseEvent[] {
	const p = new SseParser();
	return [...p.push(text), ...p.flush()];
}

/** Splits `bytes` at the given offsets and feeds the pieces one by one. */
function parseSplit(bytes: Uint8Array, cuts: number[]): SseEvent[] {
	const p = new SseParser();
	const out: SseEvent[] = [];
	let prev = 0;
	for (const c of [...cuts, bytes.length]) {
		out.push(...p.push(bytes.subarray(prev, c)));
		prev = c;
	}
	out.push(...p.flush());
	return out;
}

// Deterministic PRNG so a failing split can be reproduced.
function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const TRANSCRIPT =
	': comment at the start\r\n' +
	'event: message_start\r\n' +
	'data: {"type":"message_start","text":"héllo – 日本語 🎉"}\r\n' +
	'\r\n' +
	'id: 7\n' +
	'data: line one\n' +
	'data: line two\n' +
	'data:no-space\n' +
	'\n' +
	'retry: 1000\r' +
	'data: cr only\r' +
	'\r' +
	'data: [DONE]\n' +
	'\n';

const EXPECTED: SseEvent[] = [
	{ event: 'message_start', data: '{"type":"message_start","text":"héllo – 日本語 🎉"}' },
	{ id: '7', data: 'line one\nline two\nno-space' },
	{ data: 'cr only' },
	{ data: '[DONE]' }
];

describe('SseParser', () => {
	it('parses CRLF, LF and CR line ends, comments, multi-line data, event and id fields', () => {
		expect(parseWhole(TRANSCRIPT)).toEqual(EXPECTED);
	});

	it('gives the same events for every 1- and 2-way split of the bytes (CR/LF and UTF-8 split across chunks)', () => {
		const bytes = new TextEncoder().encode(TRANSCRIPT);
		for (let i = 0; i <= bytes.length; i++) {
			expect(parseSplit(bytes, [i])).toEqual(EXPECTED);
		}
		const r = rng(42);
		for (let n = 0; n < 300; n++) {
			const a = Math.floor(r() * bytes.length);
			const b = a + Math.floor(r() * (bytes.length - a));
			expect(parseSplit(bytes, [a, b])).toEqual(EXPECTED);
		}
	});

	it('gives the same events when fed byte by byte and in random multi-way splits', () => {
		const bytes = new TextEncoder().encode(TRANSCRIPT);
		expect(parseSplit(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(EXPECTED);
		const r = rng(7);
		for (let n = 0; n < 200; n++) {
			const cuts = Array.from({ length: 1 + Math.floor(r() * 12) }, () => Math.floor(r() * bytes.length)).sort((x, y) => x - y);
			expect(parseSplit(bytes, cuts)).toEqual(EXPECTED);
		}
	});

	it('accepts string chunks split anywhere', () => {
		for (let i = 0; i <= TRANSCRIPT.length; i++) {
			const p = new SseParser();
			const got = [...p.push(TRANSCRIPT.slice(0, i)), ...p.push(TRANSCRIPT.slice(i)), ...p.flush()];
			expect(got).toEqual(EXPECTED);
		}
	});

	it('dispatches a final event that has no trailing blank line on flush, and only then', () => {
		const p = new SseParser();
		expect(p.push('data: a\n\ndata: {"last":true}')).toEqual([{ data: 'a' }]);
		expect(p.flush()).toEqual([{ data: '{"last":true}' }]);
	});

	it('dispatches on flush an event whose data line ended but whose blank line never came, and a trailing CR', () => {
		expect(parseWhole('event: x\ndata: y\n')).toEqual([{ event: 'x', data: 'y' }]);
		expect(parseWhole('data: y\r')).toEqual([{ data: 'y' }]);
	});

	it('does not dispatch field blocks without data and resets the event name after them', () => {
		expect(parseWhole('event: ping\n\ndata: x\n\n')).toEqual([{ data: 'x' }]);
	});

	it('keeps an empty data line as an empty event and preserves colons and extra spaces in values', () => {
		expect(parseWhole('data:\n\ndata:  two spaces: yes\n\n')).toEqual([{ data: '' }, { data: ' two spaces: yes' }]);
	});

	it('strips a UTF-8 byte-order mark at the start only', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('data: \uFEFFx\n\n')]);
		expect(parseSplit(bytes, [1, 2])).toEqual([{ data: '\uFEFFx' }]);
	});

	it('handles many events in one large chunk with only LF line ends', () => {
		const n = 5000;
		const text = Array.from({ length: n }, (_, i) => `data: {"i":${i}}\n\n`).join('');
		const events = parseWhole(text);
		expect(events).toHaveLength(n);
		expect(events[n - 1]).toEqual({ data: `{"i":${n - 1}}` });
	});
});

describe('SSE encoders', () => {
	it('frames JSON data, named events and the DONE marker', () => {
		expect(sseData({ a: 1 })).toBe('data: {"a":1}\n\n');
		expect(sseEvent('message_stop', { type: 'message_stop' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
		expect(SSE_DONE).toBe('data: [DONE]\n\n');
		expect(parseWhole(sseData({ x: 'a\nb' }) + SSE_DONE)).toEqual([{ data: '{"x":"a\\nb"}' }, { data: '[DONE]' }]);
	});
});
