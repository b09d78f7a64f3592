// Mock LLM upstream speaking the OpenAI, Anthropic and Gemini wire formats on one loopback port.
// Behaviour is scripted by the model name (list in upstream.d.mts). Plain ESM so that node scripts
// (bench, Playwright) and Vitest can all import it. It is also the benchmark's target: the plain
// echo path does no work beyond parsing the body and serialising one answer.
import { createServer } from 'node:http';

export const TOOL_ARGS = [{ city: 'Paris', unit: 'celsius' }, { tz: 'Europe/Paris' }];
export const DEFAULT_TOOL_NAMES = ['get_weather', 'get_time'];
export const THINKING = 'thinking about it';
export const ANTHROPIC_SIGNATURE = 'sig-mock-123';
export const GEMINI_CALL_SIGNATURE = 'c2lnLTA=';
export const GEMINI_THOUGHT_SIGNATURE = 'c2lnLXRoaW5r';
export const PRE_TOOL_TEXT = 'Let me check.';
export const CACHED_TOKENS = 8;
export const CACHE_CREATION_TOKENS = 4;
export const STALL_TEXT = 'stalling';
export const OPENAI_MODELS = ['mock-echo', 'mock-tools', 'mock-text-and-tool', 'mock-think', 'mock-usage-cached', 'mock-embed'];
export const ANTHROPIC_MODELS = ['claude-mock-1', 'claude-mock-2', 'claude-mock-3'];
export const GEMINI_MODELS = [
	{ id: 'gemini-mock', methods: ['generateContent', 'countTokens'] },
	{ id: 'gemini-mock-think', methods: ['generateContent', 'countTokens', 'createCachedContent'] },
	{ id: 'embedding-mock', methods: ['embedContent'] }
];

const COMPLETION_TOKENS = 5;
const THOUGHT_TOKENS = 3;

/** Splits into words keeping the spaces, so that the deltas join back to the text. */
const words = (text) => text.split(/(?<= )/);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fragments(value) {
	const s = JSON.stringify(value);
	const n = Math.ceil(s.length / 3);
	return [s.slice(0, n), s.slice(n, 2 * n), s.slice(2 * n)];
}

const scripts = new Map();
/** The scripted behaviour for a model name (cached: the bench asks for the same name every time). */
function script(model) {
	const name = String(model ?? '').replace(/^models\//, '');
	let s = scripts.get(name);
	if (s) return s;
	s = { kind: 'echo', status: 0, delay: 0, cached: false };
	const err = /^mock-error-([1-5]\d\d)$/.exec(name);
	const slow = /^mock-slow-(\d+)$/.exec(name);
	if (err && Number(err[1]) >= 400) s = { ...s, kind: 'error', status: Number(err[1]) };
	else if (slow) s = { ...s, delay: Number(slow[1]) };
	else if (name === 'mock-tools') s = { ...s, kind: 'tools' };
	else if (name === 'mock-text-and-tool') s = { ...s, kind: 'text-and-tool' };
	else if (name === 'mock-think') s = { ...s, kind: 'think' };
	else if (name === 'mock-stall') s = { ...s, kind: 'stall' };
	else if (name === 'mock-cut') s = { ...s, kind: 'cut' };
	else if (name === 'mock-usage-cached') s = { ...s, cached: true };
	if (scripts.size < 10_000) scripts.set(name, s);
	return s;
}

const textOf = (content) => {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	let out = '';
	for (const p of content) if (p && p.type === 'text' && typeof p.text === 'string') out += (out ? ' ' : '') + p.text;
	return out;
};

/** OpenAI and Anthropic messages: the last user text and, when the conversation ends with tool results, their text. */
function readMessages(messages) {
	const list = Array.isArray(messages) ? messages : [];
	let toolResult = null;
	const last = list[list.length - 1];
	if (last?.role === 'tool') {
		const parts = [];
		for (let i = list.length - 1; i >= 0 && list[i].role === 'tool'; i--) parts.unshift(textOf(list[i].content));
		toolResult = parts.join(' ');
	} else if (last?.role === 'user' && Array.isArray(last.content) && last.content.some((b) => b?.type === 'tool_result')) {
		toolResult = last.content
			.filter((b) => b?.type === 'tool_result')
			.map((b) => textOf(b.content))
			.join(' ');
	}
	for (let i = list.length - 1; i >= 0; i--) {
		if (list[i].role !== 'user') continue;
		const t = textOf(list[i].content);
		if (t) return { userText: t, toolResult };
	}
	return { userText: '', toolResult };
}

function readGemini(contents) {
	const list = Array.isArray(contents) ? contents : [];
	let toolResult = null;
	const lastParts = list[list.length - 1]?.parts ?? [];
	const responses = lastParts.filter((p) => p?.functionResponse);
	if (responses.length) toolResult = responses.map((p) => JSON.stringify(p.functionResponse.response ?? {})).join(' ');
	for (let i = list.length - 1; i >= 0; i--) {
		const c = list[i];
		if (c.role === 'model') continue;
		let t = '';
		for (const p of c.parts ?? []) if (typeof p?.text === 'string') t += (t ? ' ' : '') + p.text;
		if (t) return { userText: t, toolResult };
	}
	return { userText: '', toolResult };
}

/**
 * What to answer, independent of the wire format: optional thinking, optional text before the tool
 * calls, the tool calls, and the final text.
 */
function plan(s, userText, toolResult, names, seq) {
	const p = { thinking: false, pre: null, calls: [], text: null, stop: 'stop', prompt: 10 + userText.length };
	const call = (i) => ({ id: `call_${seq}_${i}`, name: names[i], args: TOOL_ARGS[i] });
	if ((s.kind === 'tools' || s.kind === 'text-and-tool') && toolResult !== null) p.text = `tool results: ${toolResult}`;
	else if (s.kind === 'tools') {
		p.calls = [call(0), call(1)];
		p.stop = 'tool_calls';
	} else if (s.kind === 'text-and-tool') {
		p.pre = PRE_TOOL_TEXT;
		p.calls = [call(0)];
		p.stop = 'tool_calls';
	} else {
		p.thinking = s.kind === 'think';
		p.text = `echo: ${userText}`;
	}
	return p;
}

function namesFrom(list) {
	return [list[0] ?? DEFAULT_TOOL_NAMES[0], list[1] ?? DEFAULT_TOOL_NAMES[1]];
}
const openaiToolNames = (tools) => namesFrom((Array.isArray(tools) ? tools : []).map((t) => t?.function?.name).filter(Boolean));
const anthropicToolNames = (tools) => namesFrom((Array.isArray(tools) ? tools : []).map((t) => t?.name).filter(Boolean));
const geminiToolNames = (tools) =>
	namesFrom((Array.isArray(tools) ? tools : []).flatMap((t) => (t?.functionDeclarations ?? []).map((f) => f?.name)).filter(Boolean));

// ---------------------------------------------------------------------------------------------
// Errors in each provider's own shape.

const OPENAI_ERR = { 400: ['invalid_request_error', null], 401: ['invalid_request_error', 'invalid_api_key'], 403: ['invalid_request_error', 'unsupported_country_region_territory'], 404: ['invalid_request_error', 'model_not_found'], 429: ['requests', 'rate_limit_exceeded'] };
const ANTHROPIC_ERR = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' };
const GEMINI_ERR = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

export function errorBody(kind, status, message = `mock upstream error ${status}`) {
	if (kind === 'anthropic')
		return { type: 'error', error: { type: ANTHROPIC_ERR[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message }, request_id: 'req_mock' };
	if (kind === 'gemini') {
		const error = { code: status, message, status: GEMINI_ERR[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') };
		if (status === 429) error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }];
		return { error };
	}
	const [type, code] = OPENAI_ERR[status] ?? [status >= 500 ? 'server_error' : 'invalid_request_error', null];
	return { error: { message, type, param: null, code } };
}

function errorHeaders(kind, status) {
	const h = kind === 'anthropic' ? { 'request-id': 'req_mock' } : kind === 'openai' ? { 'x-request-id': 'req_mock' } : {};
	if (status === 429) {
		h['retry-after'] = '7';
		h['x-ratelimit-limit-requests'] = '1000';
		h['x-ratelimit-remaining-requests'] = '0';
		h['x-ratelimit-reset-requests'] = '7s';
		if (kind === 'anthropic') h['anthropic-ratelimit-requests-remaining'] = '0';
	}
	return h;
}

// ---------------------------------------------------------------------------------------------

const OPENAI_RATE = { 'x-ratelimit-limit-requests': '1000', 'x-ratelimit-remaining-requests': '999', 'x-ratelimit-limit-tokens': '100000', 'x-ratelimit-remaining-tokens': '99990', 'x-ratelimit-reset-requests': '60ms' };
const SSE_HEAD = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };
const OPENAI_SSE_HEAD = { ...SSE_HEAD, ...OPENAI_RATE };

function sendJson(res, status, body, headers) {
	const text = JSON.stringify(body);
	res.writeHead(status, headers ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers } : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

/** Writes the last bytes, then destroys the socket once they have reached the kernel. */
function cut(res, last) {
	res.mockCut = true;
	res.write(last, () => res.socket?.destroy());
}

function embedding(text, i) {
	const len = String(text ?? '').length;
	const v = new Array(8);
	for (let k = 0; k < 8; k++) v[k] = ((len + i + k) % 10) / 10;
	return v;
}

function embeddingBase64(values) {
	return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

/** @param {import('./upstream.d.mts').MockUpstreamOptions} [opts] */
export async function startMockUpstream(opts = {}) {
	const apiKey = opts.apiKey ?? 'mock-key';
	const delayMs = opts.delayMs ?? 0;
	const chunkDelayMs = opts.chunkDelayMs ?? 0;
	const record = opts.record ?? true;
	const requests = [];
	const disconnects = [];
	let waiters = [];
	let seq = 0;

	/** Records a client that went away before the answer was complete (not our own mock-cut). */
	function track(res, path, model) {
		res.on('close', () => {
			if (res.writableEnded || res.mockCut) return;
			const d = { path, model: String(model ?? ''), at: Date.now() };
			disconnects.push(d);
			const w = waiters;
			waiters = [];
			for (const f of w) f(d);
		});
	}

	const pause = chunkDelayMs > 0 ? () => sleep(chunkDelayMs) : null;

	async function openaiChat(req, res, body, path) {
		const s = script(body.model);
		if (s.kind === 'error') return sendJson(res, s.status, errorBody('openai', s.status), errorHeaders('openai', s.status));
		const stream = body.stream === true;
		if (stream || s.delay || s.kind === 'stall') track(res, path, body.model);
		if (s.delay) {
			await sleep(s.delay);
			if (res.destroyed) return;
		}
		if (s.kind === 'stall' && !stream) return;
		const n = ++seq;
		const id = `chatcmpl-mock${n}`;
		const created = Math.floor(Date.now() / 1000);
		const model = body.model;
		const { userText, toolResult } = readMessages(body.messages);
		const p = plan(s, userText, toolResult, openaiToolNames(body.tools), n);
		const usage = {
			prompt_tokens: p.prompt,
			completion_tokens: COMPLETION_TOKENS,
			total_tokens: p.prompt + COMPLETION_TOKENS,
			...(s.cached ? { prompt_tokens_details: { cached_tokens: CACHED_TOKENS, audio_tokens: 0 } } : {}),
			...(p.thinking ? { completion_tokens_details: { reasoning_tokens: THOUGHT_TOKENS } } : {})
		};
		const toolCalls = p.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } }));
		if (!stream) {
			const message = { role: 'assistant', content: p.text ?? p.pre, refusal: null };
			if (p.thinking) message.reasoning_content = THINKING;
			if (toolCalls.length) message.tool_calls = toolCalls;
			return sendJson(
				res,
				200,
				{ id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: p.stop }], usage, system_fingerprint: 'fp_mock' },
				OPENAI_RATE
			);
		}
		const includeUsage = body.stream_options?.include_usage === true;
		// Every chunk shares this prefix; real OpenAI adds "usage": null while usage is requested.
		const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"fp_mock","choices":[{"index":0,"delta":`;
		const tail = includeUsage ? ',"logprobs":null,"finish_reason":null}],"usage":null}\n\n' : ',"logprobs":null,"finish_reason":null}]}\n\n';
		const chunk = (delta) => head + JSON.stringify(delta) + tail;
		res.writeHead(200, OPENAI_SSE_HEAD);
		res.write(chunk({ role: 'assistant', content: '', refusal: null }));
		if (s.kind === 'stall') return void res.write(chunk({ content: STALL_TEXT }));
		if (p.thinking) for (const w of words(THINKING)) res.write(chunk({ reasoning_content: w }));
		const list = p.calls;
		for (let i = 0; i < list.length; i++) {
			const start = { index: i, id: list[i].id, type: 'function', function: { name: list[i].name, arguments: '' } };
			// Text and the first tool call in the same chunk, as OpenAI may send them.
			res.write(chunk(i === 0 && p.pre ? { content: p.pre, tool_calls: [start] } : { tool_calls: [start] }));
			for (const f of fragments(list[i].args)) {
				if (pause) await pause();
				res.write(chunk({ tool_calls: [{ index: i, function: { arguments: f } }] }));
			}
		}
		if (p.text !== null) {
			const ws = words(p.text);
			for (let i = 0; i < ws.length; i++) {
				if (pause) await pause();
				if (res.destroyed) return;
				if (s.kind === 'cut' && (i === 1 || i === ws.length - 1)) return cut(res, chunk({ content: ws[i] }));
				res.write(chunk({ content: ws[i] }));
			}
		}
		let end = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"fp_mock","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"${p.stop}"}]${includeUsage ? ',"usage":null' : ''}}\n\n`;
		if (includeUsage) end += `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_mock', choices: [], usage })}\n\n`;
		res.end(end + 'data: [DONE]\n\n');
	}

	async function anthropicMessages(req, res, body, path) {
		const s = script(body.model);
		if (s.kind === 'error') return sendJson(res, s.status, errorBody('anthropic', s.status), errorHeaders('anthropic', s.status));
		const stream = body.stream === true;
		if (stream || s.delay || s.kind === 'stall') track(res, path, body.model);
		if (s.delay) {
			await sleep(s.delay);
			if (res.destroyed) return;
		}
		if (s.kind === 'stall' && !stream) return;
		const n = ++seq;
		const id = `msg_mock${n}`;
		const { userText, toolResult } = readMessages(body.messages);
		const p = plan(s, userText, toolResult, anthropicToolNames(body.tools), n);
		const usage = {
			input_tokens: p.prompt,
			output_tokens: COMPLETION_TOKENS,
			cache_creation_input_tokens: s.cached ? CACHE_CREATION_TOKENS : 0,
			cache_read_input_tokens: s.cached ? CACHED_TOKENS : 0
		};
		const content = [];
		if (p.thinking) content.push({ type: 'thinking', thinking: THINKING, signature: ANTHROPIC_SIGNATURE });
		if (p.pre) content.push({ type: 'text', text: p.pre });
		if (p.text !== null) content.push({ type: 'text', text: p.text });
		for (const c of p.calls) content.push({ type: 'tool_use', id: `toolu_${c.id.slice(5)}`, name: c.name, input: c.args });
		const stop = p.stop === 'tool_calls' ? 'tool_use' : 'end_turn';
		if (!stream) return sendJson(res, 200, { id, type: 'message', role: 'assistant', model: body.model, content, stop_reason: stop, stop_sequence: null, usage }, { 'request-id': `req_mock${n}` });
		res.writeHead(200, { ...SSE_HEAD, 'request-id': `req_mock${n}` });
		const ev = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
		const message = { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } };
		ev('message_start', { type: 'message_start', message });
		ev('ping', { type: 'ping' });
		if (s.kind === 'stall') {
			ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
			ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: STALL_TEXT } });
			return;
		}
		for (let index = 0; index < content.length; index++) {
			const block = content[index];
			if (block.type === 'text') {
				ev('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
				const ws = words(block.text);
				for (let i = 0; i < ws.length; i++) {
					if (pause) await pause();
					if (res.destroyed) return;
					const frame = `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: ws[i] } })}\n\n`;
					if (s.kind === 'cut' && (i === 1 || i === ws.length - 1)) return cut(res, frame);
					res.write(frame);
				}
			} else if (block.type === 'thinking') {
				ev('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
				for (const w of words(block.thinking)) ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: w } });
				ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
			} else {
				ev('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
				for (const f of fragments(block.input)) {
					if (pause) await pause();
					ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: f } });
				}
			}
			ev('content_block_stop', { type: 'content_block_stop', index });
		}
		ev('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: COMPLETION_TOKENS } });
		res.end('event: message_stop\ndata: {"type":"message_stop"}\n\n');
	}

	async function geminiGenerate(req, res, body, path, model, stream, sse) {
		const s = script(model);
		if (s.kind === 'error') return sendJson(res, s.status, errorBody('gemini', s.status), errorHeaders('gemini', s.status));
		if (stream || s.delay || s.kind === 'stall') track(res, path, model);
		if (s.delay) {
			await sleep(s.delay);
			if (res.destroyed) return;
		}
		if (s.kind === 'stall' && !stream) return;
		const n = ++seq;
		const responseId = `resp_mock${n}`;
		const { userText, toolResult } = readGemini(body.contents);
		const p = plan(s, userText, toolResult, geminiToolNames(body.tools), n);
		const usageMetadata = {
			promptTokenCount: p.prompt,
			candidatesTokenCount: COMPLETION_TOKENS,
			totalTokenCount: p.prompt + COMPLETION_TOKENS + (p.thinking ? THOUGHT_TOKENS : 0),
			...(s.cached ? { cachedContentTokenCount: CACHED_TOKENS } : {}),
			...(p.thinking ? { thoughtsTokenCount: THOUGHT_TOKENS } : {})
		};
		const calls = p.calls.map((c, i) => (i === 0 ? { functionCall: { name: c.name, args: c.args }, thoughtSignature: GEMINI_CALL_SIGNATURE } : { functionCall: { name: c.name, args: c.args } }));
		const candidate = (parts, finishReason) => (finishReason ? { content: { role: 'model', parts }, finishReason, index: 0 } : { content: { role: 'model', parts }, index: 0 });
		const response = (parts, last) => (last ? { candidates: [candidate(parts, 'STOP')], usageMetadata, modelVersion: model, responseId } : { candidates: [candidate(parts)], modelVersion: model, responseId });
		if (!stream) {
			const parts = [];
			if (p.thinking) parts.push({ text: THINKING, thought: true });
			if (p.pre) parts.push({ text: p.pre });
			parts.push(...calls);
			if (p.text !== null) parts.push(p.thinking ? { text: p.text, thoughtSignature: GEMINI_THOUGHT_SIGNATURE } : { text: p.text });
			return sendJson(res, 200, response(parts, true));
		}
		// The chunks Gemini would stream: thoughts, then text word by word; tool calls arrive whole, in one chunk.
		const chunks = [];
		if (s.kind === 'stall') chunks.push(response([{ text: STALL_TEXT }], false));
		else {
			if (p.thinking) chunks.push(response([{ text: THINKING, thought: true }], false));
			if (calls.length) chunks.push(response(p.pre ? [{ text: p.pre }, ...calls] : calls, p.text === null));
			if (p.text !== null) {
				const ws = words(p.text);
				for (let i = 0; i < ws.length; i++) {
					const last = i === ws.length - 1;
					chunks.push(response([last && p.thinking ? { text: ws[i], thoughtSignature: GEMINI_THOUGHT_SIGNATURE } : { text: ws[i] }], last));
				}
			}
		}
		if (!sse) {
			if (s.kind === 'stall') {
				res.writeHead(200, { 'content-type': 'application/json' });
				return void res.write(`[${JSON.stringify(chunks[0])}`);
			}
			return sendJson(res, 200, chunks);
		}
		res.writeHead(200, SSE_HEAD);
		for (let i = 0; i < chunks.length; i++) {
			if (i > 0 && pause) await pause();
			if (res.destroyed) return;
			const frame = `data: ${JSON.stringify(chunks[i])}\r\n\r\n`;
			if (s.kind === 'cut' && (i === 1 || i === chunks.length - 1)) return cut(res, frame);
			res.write(frame);
		}
		if (s.kind !== 'stall') res.end();
	}

	function keyOf(req, kind, query) {
		const h = req.headers;
		if (kind === 'openai') return h.authorization?.replace(/^Bearer\s+/i, '');
		if (kind === 'anthropic') return h['x-api-key'] ?? h.authorization?.replace(/^Bearer\s+/i, '');
		return h['x-goog-api-key'] ?? (query ? new URLSearchParams(query).get('key') : undefined);
	}

	function openaiModels(res, path) {
		if (path === '/v1/models') return sendJson(res, 200, { object: 'list', data: OPENAI_MODELS.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'mock' })) }, OPENAI_RATE);
		const id = decodeURIComponent(path.slice('/v1/models/'.length));
		if (!OPENAI_MODELS.includes(id)) return sendJson(res, 404, errorBody('openai', 404, `The model '${id}' does not exist`));
		return sendJson(res, 200, { id, object: 'model', created: 1700000000, owned_by: 'mock' });
	}

	function anthropicModels(res, path, query) {
		const info = (id) => ({ type: 'model', id, display_name: id.replace('claude-mock-', 'Claude Mock '), created_at: '2025-01-01T00:00:00Z' });
		if (path !== '/v1/models') {
			const id = decodeURIComponent(path.slice('/v1/models/'.length));
			if (!ANTHROPIC_MODELS.includes(id)) return sendJson(res, 404, errorBody('anthropic', 404, `model: ${id}`));
			return sendJson(res, 200, info(id));
		}
		const q = new URLSearchParams(query);
		const limit = Math.min(Math.max(Number(q.get('limit') ?? 20) || 20, 1), 1000);
		const after = q.get('after_id');
		const before = q.get('before_id');
		let start = 0;
		let end = ANTHROPIC_MODELS.length;
		if (after) start = ANTHROPIC_MODELS.indexOf(after) + 1;
		if (before) end = Math.max(ANTHROPIC_MODELS.indexOf(before), 0);
		const page = before && !after ? ANTHROPIC_MODELS.slice(Math.max(end - limit, 0), end) : ANTHROPIC_MODELS.slice(start, Math.min(start + limit, end));
		const hasMore = before && !after ? end - limit > 0 : start + limit < end;
		return sendJson(res, 200, { data: page.map(info), has_more: hasMore, first_id: page[0] ?? null, last_id: page.at(-1) ?? null });
	}

	function geminiModels(res, query) {
		const q = new URLSearchParams(query);
		const size = Math.min(Math.max(Number(q.get('pageSize') ?? 50) || 50, 1), 1000);
		const start = Number(q.get('pageToken') ?? 0) || 0;
		const page = GEMINI_MODELS.slice(start, start + size).map((m) => ({
			name: `models/${m.id}`,
			version: '001',
			displayName: m.id,
			description: `Mock model ${m.id}`,
			inputTokenLimit: 1048576,
			outputTokenLimit: 65536,
			supportedGenerationMethods: m.methods
		}));
		const body = { models: page };
		if (start + size < GEMINI_MODELS.length) body.nextPageToken = String(start + size);
		return sendJson(res, 200, body);
	}

	function openaiEmbeddings(res, body) {
		const s = script(body.model);
		if (s.kind === 'error') return sendJson(res, s.status, errorBody('openai', s.status), errorHeaders('openai', s.status));
		const inputs = Array.isArray(body.input) ? body.input : [body.input];
		const b64 = body.encoding_format === 'base64';
		const data = inputs.map((t, i) => ({ object: 'embedding', index: i, embedding: b64 ? embeddingBase64(embedding(t, i)) : embedding(t, i) }));
		const tokens = inputs.reduce((a, t) => a + Math.max(1, Math.ceil(String(t).length / 4)), 0);
		return sendJson(res, 200, { object: 'list', model: body.model, data, usage: { prompt_tokens: tokens, total_tokens: tokens } }, OPENAI_RATE);
	}

	async function handle(req, res, raw) {
		const url = req.url ?? '/';
		const qi = url.indexOf('?');
		const path = qi < 0 ? url : url.slice(0, qi);
		const query = qi < 0 ? '' : url.slice(qi + 1);
		let body = null;
		if (raw) {
			try {
				body = JSON.parse(raw);
			} catch {
				body = raw;
			}
		}
		if (record) requests.push({ method: req.method, path: url, headers: { ...req.headers }, body });
		if (delayMs) await sleep(delayMs);
		const gemini = path.startsWith('/v1beta/');
		const anthropic = !gemini && (path === '/v1/messages' || req.headers['anthropic-version'] !== undefined);
		const kind = gemini ? 'gemini' : anthropic ? 'anthropic' : 'openai';
		if (keyOf(req, kind, query) !== apiKey) return sendJson(res, 401, errorBody(kind, 401, kind === 'openai' ? 'Incorrect API key provided.' : 'invalid x-api-key'), errorHeaders(kind, 401));
		const json = body !== null && typeof body === 'object' ? body : null;
		const method = req.method;
		if (method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/messages' || path === '/v1/embeddings' || gemini) && !json)
			return sendJson(res, 400, errorBody(kind, 400, 'the request body is not a JSON object'));
		if (method === 'POST' && path === '/v1/chat/completions') return openaiChat(req, res, json, path);
		if (method === 'POST' && path === '/v1/messages') return anthropicMessages(req, res, json, path);
		if (method === 'POST' && path === '/v1/embeddings') return openaiEmbeddings(res, json);
		if (method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'))) return anthropic ? anthropicModels(res, path, query) : openaiModels(res, path);
		if (gemini) {
			if (method === 'GET' && path === '/v1beta/models') return geminiModels(res, query);
			const colon = path.lastIndexOf(':');
			if (method === 'POST' && colon > 0 && path.startsWith('/v1beta/models/')) {
				const model = decodeURIComponent(path.slice('/v1beta/models/'.length, colon));
				const action = path.slice(colon + 1);
				if (action === 'generateContent') return geminiGenerate(req, res, json, path, model, false, false);
				if (action === 'streamGenerateContent') return geminiGenerate(req, res, json, path, model, true, new URLSearchParams(query).get('alt') === 'sse');
				const s = script(model);
				if ((action === 'embedContent' || action === 'batchEmbedContents') && s.kind === 'error') return sendJson(res, s.status, errorBody('gemini', s.status), errorHeaders('gemini', s.status));
				if (action === 'embedContent') return sendJson(res, 200, { embedding: { values: embedding(json.content?.parts?.[0]?.text, 0) } });
				if (action === 'batchEmbedContents') return sendJson(res, 200, { embeddings: (json.requests ?? []).map((r, i) => ({ values: embedding(r?.content?.parts?.[0]?.text, i) })) });
			}
		}
		return sendJson(res, 404, errorBody(kind, 404, `mock: no route ${method} ${path}`));
	}

	const server = createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			handle(req, res, raw).catch((e) => {
				if (!res.headersSent) sendJson(res, 500, { error: { message: String(e), type: 'server_error', param: null, code: null } });
				else res.destroy();
			});
		});
	});
	server.keepAliveTimeout = 60_000;
	server.headersTimeout = 65_000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve(undefined));
	});
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		disconnects,
		reset() {
			requests.length = 0;
			disconnects.length = 0;
		},
		waitForDisconnect(timeoutMs = 2000) {
			if (disconnects.length) return Promise.resolve(disconnects[0]);
			return new Promise((resolve, reject) => {
				const t = setTimeout(() => {
					waiters = waiters.filter((w) => w !== done);
					reject(new Error(`mock upstream: no client disconnect within ${timeoutMs} ms`));
				}, timeoutMs);
				const done = (d) => {
					clearTimeout(t);
					resolve(d);
				};
				waiters.push(done);
			});
		},
		close() {
			server.closeAllConnections();
			return new Promise((r) => server.close(() => r()));
		}
	};
}
