// Mock LLM upstream speaking the OpenAI, Anthropic and Gemini wire formats on one loopback port.
// Behaviour is scripted by the model name (see README in this folder). Plain ESM so that node
// scripts (bench, Playwright) and Vitest can all import it.
import { createServer } from 'node:http';

const WORDS = (text) => text.split(/(?<= )/);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function lastUserText(messages) {
	for (let i = (messages ?? []).length - 1; i >= 0; i--) {
		const m = messages[i];
		if (m.role !== 'user') continue;
		if (typeof m.content === 'string') return m.content;
		if (Array.isArray(m.content)) return m.content.filter((p) => p.type === 'text').map((p) => p.text).join(' ');
	}
	return '';
}

function geminiUserText(contents) {
	for (let i = (contents ?? []).length - 1; i >= 0; i--) {
		const c = contents[i];
		if (c.role === 'model') continue;
		const t = (c.parts ?? []).filter((p) => typeof p.text === 'string').map((p) => p.text).join(' ');
		if (t) return t;
	}
	return '';
}

function toolNames(tools, fallback = ['get_weather', 'get_time']) {
	const names = (tools ?? [])
		.map((t) => t.function?.name ?? t.name ?? t.functionDeclarations?.[0]?.name)
		.filter(Boolean);
	if ((tools ?? [])[0]?.functionDeclarations) names.splice(0, names.length, ...tools.flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name)));
	return [names[0] ?? fallback[0], names[1] ?? fallback[1]];
}

const TOOL_ARGS = [{ city: 'Paris', unit: 'celsius' }, { tz: 'Europe/Paris' }];

function fragments(json) {
	const s = JSON.stringify(json);
	const n = Math.ceil(s.length / 3);
	return [s.slice(0, n), s.slice(n, 2 * n), s.slice(2 * n)];
}

/** Parses the scripted behaviour out of a model name. */
function script(model = '') {
	const m = String(model).replace(/^models\//, '');
	const err = /^mock-error-(\d{3})$/.exec(m);
	if (err) return { kind: 'error', status: Number(err[1]) };
	const slow = /^mock-slow-(\d+)$/.exec(m);
	if (slow) return { kind: 'echo', delay: Number(slow[1]) };
	if (m === 'mock-tools') return { kind: 'tools' };
	if (m === 'mock-text-and-tool') return { kind: 'text-and-tool' };
	if (m === 'mock-think') return { kind: 'think' };
	if (m === 'mock-stall') return { kind: 'stall' };
	if (m === 'mock-cut') return { kind: 'cut' };
	if (m === 'mock-usage-cached') return { kind: 'echo', cached: true };
	return { kind: 'echo' };
}

const ERR = {
	openai: (status) => ({ error: { message: `mock upstream error ${status}`, type: status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: status === 429 ? 'rate_limit_exceeded' : null } }),
	anthropic: (status) => ({ type: 'error', error: { type: status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : status === 401 ? 'authentication_error' : 'invalid_request_error', message: `mock upstream error ${status}` } }),
	gemini: (status) => ({ error: { code: status, message: `mock upstream error ${status}`, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : status === 401 ? 'UNAUTHENTICATED' : 'INVALID_ARGUMENT' } })
};

export async function startMockUpstream(opts = {}) {
	const apiKey = opts.apiKey ?? 'mock-key';
	const delayMs = opts.delayMs ?? 0;
	const record = opts.record ?? true;
	const state = { requests: [], disconnects: [] };
	let seq = 0;

	function send(res, status, body, headers = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	function sseHead(res, headers = {}) {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
		res.flushHeaders();
	}

	function watchDisconnect(req, res, path, model) {
		res.on('close', () => {
			if (!res.writableEnded) state.disconnects.push({ path, model, at: Date.now() });
		});
	}

	const rateHeaders = { 'x-ratelimit-limit-requests': '1000', 'x-ratelimit-remaining-requests': '999' };
	const errHeaders = (status) => (status === 429 ? { 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' } : {});

	async function openaiChat(req, res, body) {
		const s = script(body.model);
		const id = `chatcmpl-mock${++seq}`;
		const created = Math.floor(Date.now() / 1000);
		const model = body.model;
		if (s.kind === 'error') return send(res, s.status, ERR.openai(s.status), errHeaders(s.status));
		if (s.delay) await sleep(s.delay);
		const text = `echo: ${lastUserText(body.messages)}`;
		const prompt = 10 + lastUserText(body.messages).length;
		const usage = (completion) => ({
			prompt_tokens: prompt,
			completion_tokens: completion,
			total_tokens: prompt + completion,
			...(s.cached ? { prompt_tokens_details: { cached_tokens: 8 } } : {})
		});
		const [n0, n1] = toolNames(body.tools);
		const calls = [
			{ id: `call_${seq}_0`, type: 'function', function: { name: n0, arguments: JSON.stringify(TOOL_ARGS[0]) } },
			{ id: `call_${seq}_1`, type: 'function', function: { name: n1, arguments: JSON.stringify(TOOL_ARGS[1]) } }
		];
		if (!body.stream) {
			const message =
				s.kind === 'tools'
					? { role: 'assistant', content: null, tool_calls: calls }
					: s.kind === 'text-and-tool'
						? { role: 'assistant', content: 'Let me check.', tool_calls: [calls[0]] }
						: s.kind === 'think'
							? { role: 'assistant', content: text, reasoning_content: 'thinking about it' }
							: { role: 'assistant', content: text };
			const finish = s.kind === 'tools' || s.kind === 'text-and-tool' ? 'tool_calls' : 'stop';
			return send(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage: usage(5), system_fingerprint: 'fp_mock' }, rateHeaders);
		}
		sseHead(res, rateHeaders);
		watchDisconnect(req, res, req.url, model);
		const chunk = (delta, finish = null, extra = {}) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
		res.write(chunk({ role: 'assistant', content: '' }));
		if (s.kind === 'stall') {
			res.write(chunk({ content: 'stalling' }));
			return;
		}
		if (s.kind === 'tools' || s.kind === 'text-and-tool') {
			const list = s.kind === 'tools' ? calls : [calls[0]];
			if (s.kind === 'text-and-tool') res.write(chunk({ content: 'Let me check.' }));
			list.forEach((c, i) => {
				const [a, b, d] = fragments(TOOL_ARGS[i]);
				res.write(chunk({ tool_calls: [{ index: i, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] }));
				for (const f of [a, b, d]) res.write(chunk({ tool_calls: [{ index: i, function: { arguments: f } }] }));
			});
			res.write(chunk({}, 'tool_calls'));
		} else {
			if (s.kind === 'think') res.write(chunk({ reasoning_content: 'thinking about it' }));
			const words = WORDS(text);
			for (let i = 0; i < words.length; i++) {
				if (s.kind === 'cut' && i === 2) return res.socket.destroy();
				res.write(chunk({ content: words[i] }));
			}
			if (s.kind === 'cut') return res.socket.destroy();
			res.write(chunk({}, 'stop'));
		}
		if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usage(5) })}\n\n`);
		res.end('data: [DONE]\n\n');
	}

	async function anthropicMessages(req, res, body) {
		const s = script(body.model);
		if (s.kind === 'error') return send(res, s.status, ERR.anthropic(s.status), errHeaders(s.status));
		if (s.delay) await sleep(s.delay);
		const id = `msg_mock${++seq}`;
		const userText = lastUserText(body.messages);
		const text = `echo: ${userText}`;
		const inputTokens = 10 + userText.length;
		const usage = { input_tokens: inputTokens, output_tokens: 5, ...(s.cached ? { cache_read_input_tokens: 8, cache_creation_input_tokens: 0 } : {}) };
		const [n0, n1] = toolNames(body.tools);
		const toolBlocks = [
			{ type: 'tool_use', id: `toolu_${seq}_0`, name: n0, input: TOOL_ARGS[0] },
			{ type: 'tool_use', id: `toolu_${seq}_1`, name: n1, input: TOOL_ARGS[1] }
		];
		let content;
		let stop = 'end_turn';
		if (s.kind === 'tools') {
			content = toolBlocks;
			stop = 'tool_use';
		} else if (s.kind === 'text-and-tool') {
			content = [{ type: 'text', text: 'Let me check.' }, toolBlocks[0]];
			stop = 'tool_use';
		} else if (s.kind === 'think') content = [{ type: 'thinking', thinking: 'thinking about it', signature: 'sig-mock-123' }, { type: 'text', text }];
		else content = [{ type: 'text', text }];
		if (!body.stream)
			return send(res, 200, { id, type: 'message', role: 'assistant', model: body.model, content, stop_reason: stop, stop_sequence: null, usage });
		sseHead(res);
		watchDisconnect(req, res, req.url, body.model);
		const ev = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
		ev('message_start', { message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
		if (s.kind === 'stall') {
			ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
			ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'stalling' } });
			return;
		}
		content.forEach((block, index) => {
			if (block.type === 'text') {
				ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
				const words = WORDS(block.text);
				for (let i = 0; i < words.length; i++) {
					if (s.kind === 'cut' && i === 2) return;
					ev('content_block_delta', { index, delta: { type: 'text_delta', text: words[i] } });
				}
			} else if (block.type === 'thinking') {
				ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
				ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking } });
				ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
			} else {
				ev('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
				for (const f of fragments(block.input)) ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: f } });
			}
			ev('content_block_stop', { index });
		});
		if (s.kind === 'cut') return res.socket.destroy();
		ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } });
		ev('message_stop', {});
		res.end();
	}

	async function gemini(req, res, body, model, stream) {
		const s = script(model);
		if (s.kind === 'error') return send(res, s.status, ERR.gemini(s.status), errHeaders(s.status));
		if (s.delay) await sleep(s.delay);
		const userText = geminiUserText(body.contents);
		const text = `echo: ${userText}`;
		const prompt = 10 + userText.length;
		const usageMetadata = { promptTokenCount: prompt, candidatesTokenCount: 5, totalTokenCount: prompt + 5, ...(s.cached ? { cachedContentTokenCount: 8 } : {}) };
		const [n0, n1] = toolNames(body.tools);
		const candidate = (parts, finishReason) => ({ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) });
		const fc = [
			{ functionCall: { name: n0, args: TOOL_ARGS[0] }, thoughtSignature: 'c2lnLTA=' },
			{ functionCall: { name: n1, args: TOOL_ARGS[1] } }
		];
		const final =
			s.kind === 'tools'
				? fc
				: s.kind === 'text-and-tool'
					? [{ text: 'Let me check.' }, fc[0]]
					: s.kind === 'think'
						? [{ text: 'thinking about it', thought: true }, { text }]
						: [{ text }];
		if (!stream) return send(res, 200, { candidates: [candidate(final, 'STOP')], usageMetadata, modelVersion: model, responseId: `resp${++seq}` });
		sseHead(res);
		watchDisconnect(req, res, req.url, model);
		const out = (obj) => res.write(`data: ${JSON.stringify(obj)}\r\n\r\n`);
		if (s.kind === 'stall') {
			out({ candidates: [candidate([{ text: 'stalling' }])] });
			return;
		}
		if (s.kind === 'tools' || s.kind === 'text-and-tool' || s.kind === 'think') {
			out({ candidates: [candidate(final, 'STOP')], usageMetadata, modelVersion: model });
			return res.end();
		}
		const words = WORDS(text);
		for (let i = 0; i < words.length; i++) {
			if (s.kind === 'cut' && i === 2) return res.socket.destroy();
			const last = i === words.length - 1;
			out({ candidates: [candidate([{ text: words[i] }], last ? 'STOP' : undefined)], ...(last ? { usageMetadata } : {}), modelVersion: model });
		}
		res.end();
	}

	const embedding = (text, i) => Array.from({ length: 8 }, (_, k) => ((String(text).length + i + k) % 10) / 10);

	function authorized(req, url, kind) {
		const h = req.headers;
		const key =
			kind === 'openai'
				? (h.authorization ?? '').replace(/^Bearer\s+/i, '')
				: kind === 'anthropic'
					? (h['x-api-key'] ?? (h.authorization ?? '').replace(/^Bearer\s+/i, ''))
					: (h['x-goog-api-key'] ?? url.searchParams.get('key'));
		return key === apiKey;
	}

	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const url = new URL(req.url, 'http://mock');
			const raw = Buffer.concat(chunks).toString('utf8');
			let body = {};
			try {
				body = raw ? JSON.parse(raw) : {};
			} catch {
				body = raw;
			}
			if (record) state.requests.push({ method: req.method, path: url.pathname + url.search, headers: { ...req.headers }, body });
			if (delayMs) await sleep(delayMs);
			const p = url.pathname;
			const isAnthropic = req.headers['anthropic-version'] !== undefined || p === '/v1/messages';
			const kind = p.startsWith('/v1beta/') ? 'gemini' : isAnthropic ? 'anthropic' : 'openai';
			if (!authorized(req, url, kind)) {
				const e = kind === 'openai' ? ERR.openai(401) : kind === 'anthropic' ? ERR.anthropic(401) : ERR.gemini(401);
				e.error.message = 'invalid api key';
				return send(res, 401, e);
			}
			try {
				if (req.method === 'POST' && p === '/v1/chat/completions') return await openaiChat(req, res, body);
				if (req.method === 'POST' && p === '/v1/messages') return await anthropicMessages(req, res, body);
				if (req.method === 'POST' && p === '/v1/embeddings') {
					const inputs = Array.isArray(body.input) ? body.input : [body.input];
					if (script(body.model).kind === 'error') return send(res, script(body.model).status, ERR.openai(script(body.model).status));
					return send(res, 200, { object: 'list', model: body.model, data: inputs.map((t, i) => ({ object: 'embedding', index: i, embedding: embedding(t, i) })), usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 } });
				}
				if (req.method === 'GET' && p === '/v1/models') {
					if (isAnthropic) {
						const all = ['claude-mock-1', 'claude-mock-2', 'claude-mock-3'];
						const after = url.searchParams.get('after_id');
						const start = after ? all.indexOf(after) + 1 : 0;
						const limit = Number(url.searchParams.get('limit') ?? 2);
						const page = all.slice(start, start + limit);
						return send(res, 200, { data: page.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })), has_more: start + limit < all.length, first_id: page[0] ?? null, last_id: page.at(-1) ?? null });
					}
					return send(res, 200, { object: 'list', data: ['mock-echo', 'mock-tools'].map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'mock' })) });
				}
				const g = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/.exec(p);
				if (req.method === 'POST' && g) {
					if (g[2] === 'batchEmbedContents')
						return send(res, 200, { embeddings: (body.requests ?? []).map((r, i) => ({ values: embedding(r.content?.parts?.[0]?.text ?? '', i) })) });
					return await gemini(req, res, body, g[1], g[2] === 'streamGenerateContent');
				}
				if (req.method === 'GET' && p === '/v1beta/models')
					return send(res, 200, { models: [{ name: 'models/gemini-mock', supportedGenerationMethods: ['generateContent', 'countTokens'] }, { name: 'models/embedding-mock', supportedGenerationMethods: ['embedContent'] }] });
				send(res, 404, { error: { message: `mock: no route ${req.method} ${p}`, type: 'invalid_request_error', param: null, code: null } });
			} catch (e) {
				if (!res.headersSent) send(res, 500, { error: { message: String(e), type: 'server_error', param: null, code: null } });
			}
		});
	});
	server.keepAliveTimeout = 60_000;
	await new Promise((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
	const port = server.address().port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: state.requests,
		disconnects: state.disconnects,
		reset() {
			state.requests.length = 0;
			state.disconnects.length = 0;
		},
		close() {
			server.closeAllConnections();
			return new Promise((r) => server.close(() => r()));
		}
	};
}
