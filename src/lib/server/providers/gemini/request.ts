import type { AssistantMessage, ChatRequest, ReasoningEffort, UserContentPart } from '$lib/schemas/chat';
import {
	audioMime,
	fileData,
	isRecord,
	maxTokensOf,
	mimeFromName,
	parseArguments,
	parseDataUrl,
	safeJsonParse,
	stopList,
	textOf
} from '../common';
import { TranslationError, type BuildContext } from '../types';
import { sanitizeParameters, sanitizeSchema } from './schema';

export type GeminiPart = Record<string, unknown>;
export interface GeminiContent {
	role: 'user' | 'model';
	parts: GeminiPart[];
}

/**
 * Google's documented placeholder for a function call whose thought signature is unknown (history
 * from another model, or a client that dropped it); Gemini 3 rejects unsigned calls otherwise.
 */
export const DUMMY_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/** Thinking budget (tokens) per `reasoning_effort` for Gemini 2.x; 0 turns thinking off where allowed. */
export const GEMINI_THINKING_BUDGET: Record<ReasoningEffort, number> = {
	none: 0,
	minimal: 512,
	low: 1024,
	medium: 8192,
	high: 24576,
	xhigh: 32768
};

/** Gemini 3 and later take a thinking level instead of a budget. */
function geminiMajor(model: string): number {
	const m = /gemini-(\d+)/.exec(model);
	return m ? Number(m[1]) : 0;
}

function thinkingConfigOf(effort: ReasoningEffort, model: string): Record<string, unknown> {
	if (geminiMajor(model) >= 3) {
		const level = effort === 'none' ? 'minimal' : effort === 'xhigh' ? 'high' : effort;
		return { thinkingLevel: level, includeThoughts: effort !== 'none' };
	}
	const budget = GEMINI_THINKING_BUDGET[effort];
	return budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
}

async function mediaPart(url: string, ctx: BuildContext, param: string): Promise<GeminiPart> {
	const inline = parseDataUrl(url);
	if (inline) return { inlineData: inline };
	if (/^https?:\/\//i.test(url)) {
		if (ctx.fetchMedia) return { inlineData: await ctx.fetchMedia(url) };
		return { fileData: { mimeType: mimeFromName(new URL(url).pathname) ?? 'image/jpeg', fileUri: url } };
	}
	if (url.startsWith('gs://')) return { fileData: { mimeType: mimeFromName(url) ?? 'image/jpeg', fileUri: url } };
	throw new TranslationError('image_url must be a data: URL or an http(s) URL', { param });
}

async function userParts(content: string | UserContentPart[], ctx: BuildContext, param: string): Promise<GeminiPart[]> {
	if (typeof content === 'string') return content ? [{ text: content }] : [];
	const parts: GeminiPart[] = [];
	for (let i = 0; i < content.length; i++) {
		const p = content[i];
		const pp = `${param}.${i}`;
		switch (p.type) {
			case 'text':
				if (p.text) parts.push({ text: p.text });
				break;
			case 'image_url':
				parts.push(await mediaPart(p.image_url.url, ctx, `${pp}.image_url.url`));
				break;
			case 'input_audio':
				parts.push({ inlineData: { mimeType: audioMime(p.input_audio.format), data: p.input_audio.data } });
				break;
			case 'file':
				parts.push({ inlineData: fileData(p.file, `${pp}.file`, 'Gemini') });
				break;
		}
	}
	return parts;
}

function assistantParts(m: AssistantMessage, param: string, ctx: BuildContext, names: Map<string, string>, unsigned: string | undefined): GeminiPart[] {
	const parts: GeminiPart[] = [];
	const text = typeof m.content === 'string' ? m.content : textOf(m.content?.filter((p) => p.type === 'text'));
	if (text) parts.push({ text });
	m.tool_calls?.forEach((tc, j) => {
		names.set(tc.id, tc.function.name);
		const part: GeminiPart = {
			functionCall: { name: tc.function.name, args: parseArguments(tc.function.arguments, `${param}.tool_calls.${j}.function.arguments`) }
		};
		const sig = tc.extra_content?.google?.thought_signature ?? ctx.signatureCache?.get(tc.id) ?? (j === 0 ? unsigned : undefined);
		if (sig) part.thoughtSignature = sig;
		parts.push(part);
	});
	return parts;
}

/** A tool message's content as the `response` object Gemini wants. */
function functionResponse(content: string | UserContentPart[]): Record<string, unknown> {
	const text = textOf(content);
	const parsed = safeJsonParse(text);
	return isRecord(parsed) ? parsed : { output: parsed !== undefined && typeof parsed !== 'string' ? parsed : text };
}

export async function geminiContents(req: ChatRequest, ctx: BuildContext): Promise<{ contents: GeminiContent[]; system?: GeminiPart[] }> {
	const contents: GeminiContent[] = [];
	const system: GeminiPart[] = [];
	const names = new Map<string, string>();
	const unsigned = geminiMajor(ctx.upstreamModel) >= 3 ? DUMMY_THOUGHT_SIGNATURE : undefined;
	const push = (role: 'user' | 'model', parts: GeminiPart[]) => {
		if (!parts.length) return;
		const prev = contents[contents.length - 1];
		if (prev && prev.role === role) prev.parts.push(...parts);
		else contents.push({ role, parts });
	};
	for (let i = 0; i < req.messages.length; i++) {
		const m = req.messages[i];
		const param = `messages.${i}`;
		switch (m.role) {
			case 'system':
			case 'developer':
				if (typeof m.content === 'string') {
					if (m.content) system.push({ text: m.content });
				} else for (const p of m.content) if (p.text) system.push({ text: p.text });
				break;
			case 'user':
				push('user', await userParts(m.content, ctx, `${param}.content`));
				break;
			case 'assistant':
				push('model', assistantParts(m, param, ctx, names, unsigned));
				break;
			case 'tool': {
				const name = names.get(m.tool_call_id) ?? m.name ?? undefined;
				if (!name) {
					throw new TranslationError(`tool message refers to tool call "${m.tool_call_id}", which no earlier assistant message made`, {
						param: `${param}.tool_call_id`
					});
				}
				push('user', [{ functionResponse: { name, response: functionResponse(m.content) } }]);
				break;
			}
		}
	}
	return system.length ? { contents, system } : { contents };
}

function toolConfigOf(req: ChatRequest): { config?: Record<string, unknown>; allowed?: Set<string> } {
	const tc = req.tool_choice;
	if (tc == null) return {};
	if (tc === 'auto') return { config: { functionCallingConfig: { mode: 'AUTO' } } };
	if (tc === 'none') return { config: { functionCallingConfig: { mode: 'NONE' } } };
	if (tc === 'required') return { config: { functionCallingConfig: { mode: 'ANY' } } };
	if (tc.type === 'function') return { config: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [tc.function.name] } } };
	if (tc.type === 'custom') return { config: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [tc.custom.name] } } };
	const allowed = new Set(tc.allowed_tools.tools.map((t) => t.function?.name).filter((n): n is string => !!n));
	const mode = tc.allowed_tools.mode === 'required' ? 'ANY' : 'AUTO';
	return { config: { functionCallingConfig: mode === 'ANY' ? { mode, allowedFunctionNames: [...allowed] } : { mode } }, allowed };
}

function generationConfigOf(req: ChatRequest, model: string): Record<string, unknown> | undefined {
	const g: Record<string, unknown> = {};
	if (req.temperature != null) g.temperature = req.temperature;
	if (req.top_p != null) g.topP = req.top_p;
	if (req.top_k != null) g.topK = req.top_k;
	const max = maxTokensOf(req);
	if (max !== undefined) g.maxOutputTokens = max;
	const stop = stopList(req.stop);
	if (stop) g.stopSequences = stop;
	if (req.seed != null) g.seed = req.seed;
	if (req.presence_penalty != null) g.presencePenalty = req.presence_penalty;
	if (req.frequency_penalty != null) g.frequencyPenalty = req.frequency_penalty;
	if (req.n != null && req.n > 1) g.candidateCount = req.n;
	if (req.logprobs) {
		g.responseLogprobs = true;
		if (req.top_logprobs != null) g.logprobs = req.top_logprobs;
	}
	const rf = req.response_format;
	if (rf?.type === 'json_object') g.responseMimeType = 'application/json';
	else if (rf?.type === 'json_schema') {
		g.responseMimeType = 'application/json';
		if (rf.json_schema.schema) g.responseSchema = sanitizeSchema(rf.json_schema.schema);
	}
	if (req.modalities?.length) g.responseModalities = req.modalities.map((m) => m.toUpperCase());
	if (req.reasoning_effort) g.thinkingConfig = thinkingConfigOf(req.reasoning_effort, model);
	return Object.keys(g).length ? g : undefined;
}

/** The generateContent body for an OpenAI chat request (SPEC §5.4 "Gemini mapping"). */
export async function geminiBody(req: ChatRequest, ctx: BuildContext): Promise<Record<string, unknown>> {
	const { contents, system } = await geminiContents(req, ctx);
	const body: Record<string, unknown> = {};
	if (system) body.systemInstruction = { parts: system };
	body.contents = contents;
	if (req.tools?.length) {
		const { config, allowed } = toolConfigOf(req);
		const decls: Record<string, unknown>[] = [];
		req.tools.forEach((t, i) => {
			if (t.type !== 'function') throw new TranslationError('Gemini supports function tools only', { param: `tools.${i}` });
			if (allowed && !allowed.has(t.function.name)) return;
			const d: Record<string, unknown> = { name: t.function.name };
			if (t.function.description) d.description = t.function.description;
			const params = sanitizeParameters(t.function.parameters);
			if (params) d.parameters = params;
			decls.push(d);
		});
		body.tools = [{ functionDeclarations: decls }];
		if (config) body.toolConfig = config;
	}
	const gen = generationConfigOf(req, ctx.upstreamModel);
	if (gen) body.generationConfig = gen;
	return body;
}
