import type {
	ChatCompletionChunk,
	ChatRequest,
	ChunkDelta,
	FinishReason,
	TextPart,
	Usage,
	UserContentPart
} from '$lib/schemas/chat';
import { typeForStatus, type OpenAIError } from '$lib/server/gateway/errors';
import { TranslationError, type BuildContext, type NormalizedUsage } from './types';

export function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function str(x: unknown): string | undefined {
	return typeof x === 'string' ? x : undefined;
}

export function num(x: unknown): number | undefined {
	return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

export function randomId(): string {
	return crypto.randomUUID().replace(/-/g, '').slice(0, 24);
}

export function newId(ctx: BuildContext): string {
	return ctx.newId ? ctx.newId() : randomId();
}

export function createdOf(ctx: BuildContext): number {
	return ctx.created ?? Math.floor(Date.now() / 1000);
}

export function trimSlash(url: string): string {
	let end = url.length;
	while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
	return end === url.length ? url : url.slice(0, end);
}

/** `data:[<mime>][;base64],<data>`; only base64 payloads are returned (others are re-encoded). */
export function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
	if (!url.startsWith('data:')) return undefined;
	const comma = url.indexOf(',');
	if (comma === -1) return undefined;
	const meta = url.slice(5, comma);
	const isBase64 = meta.endsWith(';base64');
	const mimeType = (isBase64 ? meta.slice(0, -7) : meta).split(';')[0] || 'application/octet-stream';
	const payload = url.slice(comma + 1);
	const data = isBase64 ? payload : Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64');
	return { mimeType, data };
}

const MIME_BY_EXT: Record<string, string> = {
	pdf: 'application/pdf',
	txt: 'text/plain',
	md: 'text/markdown',
	csv: 'text/csv',
	html: 'text/html',
	json: 'application/json',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	heic: 'image/heic',
	wav: 'audio/wav',
	mp3: 'audio/mp3',
	flac: 'audio/flac',
	ogg: 'audio/ogg',
	aac: 'audio/aac',
	mp4: 'video/mp4'
};

export function mimeFromName(name: string | null | undefined): string | undefined {
	if (!name) return undefined;
	const dot = name.lastIndexOf('.');
	return dot === -1 ? undefined : MIME_BY_EXT[name.slice(dot + 1).toLowerCase().split(/[?#]/)[0]];
}

export function audioMime(format: string): string {
	return MIME_BY_EXT[format.toLowerCase()] ?? `audio/${format.toLowerCase()}`;
}

/** A `file` part's payload: a data URL or bare base64 (mime type then from the file name). */
export function fileData(
	file: { file_data?: string | null; file_id?: string | null; filename?: string | null },
	param: string,
	provider: string
): { mimeType: string; data: string } {
	if (file.file_data) {
		const parsed = parseDataUrl(file.file_data);
		if (parsed) return parsed;
		return { mimeType: mimeFromName(file.filename) ?? 'application/pdf', data: file.file_data };
	}
	throw new TranslationError(`file parts need file_data; uploaded file ids cannot be sent to ${provider}`, { param });
}

/** Text of a string or text-part content. */
export function textOf(content: string | TextPart[] | readonly (TextPart | UserContentPart)[] | null | undefined): string {
	if (content == null) return '';
	if (typeof content === 'string') return content;
	let out = '';
	for (const p of content) if (p.type === 'text') out += p.text;
	return out;
}

export function maxTokensOf(req: ChatRequest): number | undefined {
	return req.max_completion_tokens ?? req.max_tokens ?? undefined;
}

export function stopList(stop: ChatRequest['stop']): string[] | undefined {
	if (stop == null) return undefined;
	const list = typeof stop === 'string' ? [stop] : stop;
	return list.length ? list : undefined;
}

/** Parses a tool call's `arguments` into the object Anthropic and Gemini want. */
export function parseArguments(args: string, param: string): Record<string, unknown> {
	if (args.trim() === '') return {};
	let v: unknown;
	try {
		v = JSON.parse(args);
	} catch {
		throw new TranslationError('tool call arguments are not valid JSON', { param });
	}
	if (!isRecord(v)) throw new TranslationError('tool call arguments must be a JSON object', { param });
	return v;
}

export function safeJsonParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The first 300 characters of a non-JSON error body, whitespace collapsed. */
function snippet(text: string): string {
	const t = text.replace(/\s+/g, ' ').trim();
	return t.length > 300 ? t.slice(0, 300) + '…' : t;
}

/**
 * Error bodies in the shapes providers use: OpenAI `{error:{message,type,param,code}}`, Anthropic
 * `{type:"error",error:{type,message}}`, Google `{error:{code,message,status}}`, a bare string, or
 * anything else (HTML from a proxy).
 */
export function parseErrorBody(status: number, bodyText: string): OpenAIError {
	const json = safeJsonParse(bodyText);
	const fallbackType = typeForStatus(status);
	let e: unknown = json;
	if (Array.isArray(json)) e = json[0]; // Google sometimes wraps the error in an array
	if (isRecord(e) && 'error' in e) {
		const inner = e.error;
		if (typeof inner === 'string') return { message: inner, type: fallbackType, param: null, code: null };
		if (isRecord(inner)) {
			const message = str(inner.message) ?? snippet(bodyText);
			const googleStatus = str(inner.status);
			const type = googleStatus ? fallbackType : (str(inner.type) ?? fallbackType);
			const code = googleStatus ?? (inner.code == null ? null : String(inner.code));
			return { message, type, param: str(inner.param) ?? null, code };
		}
	}
	if (isRecord(e) && typeof e.message === 'string') {
		return { message: e.message, type: str(e.type) ?? fallbackType, param: null, code: null };
	}
	const text = snippet(bodyText);
	return { message: text ? `upstream returned HTTP ${status}: ${text}` : `upstream returned HTTP ${status}`, type: fallbackType, param: null, code: null };
}

export function normalizeUsage(u: Usage | null | undefined): NormalizedUsage | undefined {
	if (!u) return undefined;
	const prompt = u.prompt_tokens ?? 0;
	const completion = u.completion_tokens ?? 0;
	return {
		prompt_tokens: prompt,
		completion_tokens: completion,
		cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0,
		total_tokens: u.total_tokens ?? prompt + completion
	};
}

export function truncatedError(provider: string): OpenAIError {
	return {
		message: `the ${provider} stream ended before the response was complete`,
		type: 'api_error',
		param: null,
		code: 'stream_truncated'
	};
}

/** Builds `chat.completion.chunk`s with the shared id/created/model; the first delta gets the role. */
export class ChunkWriter {
	private roleSent = new Set<number>();

	constructor(
		public id: string,
		readonly created: number,
		readonly model: string
	) {}

	delta(delta: ChunkDelta, index = 0): ChatCompletionChunk {
		if (!this.roleSent.has(index)) {
			this.roleSent.add(index);
			delta = { role: 'assistant', ...delta };
		}
		return {
			id: this.id,
			object: 'chat.completion.chunk',
			created: this.created,
			model: this.model,
			choices: [{ index, delta, finish_reason: null }]
		};
	}

	finish(reason: FinishReason, index = 0): ChatCompletionChunk {
		const delta: ChunkDelta = {};
		if (!this.roleSent.has(index)) {
			this.roleSent.add(index);
			delta.role = 'assistant';
		}
		return {
			id: this.id,
			object: 'chat.completion.chunk',
			created: this.created,
			model: this.model,
			choices: [{ index, delta, finish_reason: reason }]
		};
	}

	usage(usage: Usage): ChatCompletionChunk {
		return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage };
	}
}
