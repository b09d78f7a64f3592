/**
 * The one incremental Server-Sent Events parser (WHATWG "event stream interpretation").
 *
 * Feed it chunks split anywhere (even inside a multi-byte character or between CR and LF);
 * it returns every event completed by that chunk. Lines end with CRLF, LF or CR. A CR at the very
 * end of a chunk is held back until the next byte shows whether an LF follows. `flush()` ends the
 * stream: a pending line and a pending event (one without a trailing blank line) are dispatched.
 */

export interface SseEvent {
	/** The `event:` field, when the event had one. */
	event?: string;
	/** The `data:` lines joined with `\n`. */
	data: string;
	/** The `id:` field, when the event had one. */
	id?: string;
}

const LF = 10;
const CR = 13;

export class SseParser {
	private readonly decoder = new TextDecoder('utf-8');
	private buf = '';
	private started = false;
	// The event being assembled.
	private data: string | undefined = undefined;
	private event: string | undefined = undefined;
	private id: string | undefined = undefined;

	push(chunk: Uint8Array | string): SseEvent[] {
		const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		return this.consume(text, false);
	}

	flush(): SseEvent[] {
		const out = this.consume(this.decoder.decode(), true);
		if (this.data !== undefined) out.push(this.take());
		this.data = this.event = this.id = undefined;
		return out;
	}

	private consume(text: string, final: boolean): SseEvent[] {
		const out: SseEvent[] = [];
		let buf = this.buf.length ? this.buf + text : text;
		if (!this.started && buf.length) {
			this.started = true;
			if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
		}
		const len = buf.length;
		let start = 0;
		// Next CR/LF positions, kept across iterations so a stream using only one of them stays O(n).
		let nextLf = -2;
		let nextCr = -2;
		while (start < len) {
			if (nextLf !== -1 && nextLf < start) nextLf = buf.indexOf('\n', start);
			if (nextCr !== -1 && nextCr < start) nextCr = buf.indexOf('\r', start);
			let eol: number;
			if (nextLf === -1) eol = nextCr;
			else if (nextCr === -1) eol = nextLf;
			else eol = nextLf < nextCr ? nextLf : nextCr;
			if (eol === -1) break;
			let next = eol + 1;
			if (buf.charCodeAt(eol) === CR) {
				if (next === len && !final) break; // might be the first half of CRLF
				if (next < len && buf.charCodeAt(next) === LF) next++;
			}
			this.line(buf, start, eol, out);
			start = next;
		}
		if (final && start < len) {
			this.line(buf, start, len, out);
			start = len;
		}
		this.buf = start === 0 ? buf : start >= len ? '' : buf.slice(start);
		return out;
	}

	private line(buf: string, start: number, end: number, out: SseEvent[]): void {
		if (start === end) {
			if (this.data !== undefined) out.push(this.take());
			else this.event = this.id = undefined;
			return;
		}
		const c0 = buf.charCodeAt(start);
		if (c0 === 58 /* : */) return; // comment
		const colon = buf.indexOf(':', start);
		let field: string;
		let value: string;
		if (colon === -1 || colon >= end) {
			field = buf.slice(start, end);
			value = '';
		} else {
			field = buf.slice(start, colon);
			let vs = colon + 1;
			if (vs < end && buf.charCodeAt(vs) === 32) vs++;
			value = buf.slice(vs, end);
		}
		switch (field) {
			case 'data':
				this.data = this.data === undefined ? value : this.data + '\n' + value;
				break;
			case 'event':
				this.event = value;
				break;
			case 'id':
				if (!value.includes('\0')) this.id = value;
				break;
			default:
			// `retry` and unknown fields are ignored.
		}
	}

	private take(): SseEvent {
		const ev: SseEvent = { data: this.data as string };
		if (this.event !== undefined) ev.event = this.event;
		if (this.id !== undefined) ev.id = this.id;
		this.data = this.event = this.id = undefined;
		return ev;
	}
}
