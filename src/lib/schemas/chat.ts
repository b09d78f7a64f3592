/**
 * The OpenAI Chat Completions and Embeddings wire formats as the gateway accepts them.
 *
 * Every object is loose: fields this schema does not know survive parsing untouched and are
 * forwarded to OpenAI-compatible upstreams. Optional parameters accept `null` (several SDKs send
 * explicit nulls) and translators treat `null` like an absent field.
 *
 * Extensions beyond OpenAI's format, used to round-trip provider state through clients:
 * - assistant `reasoning_content`: the model's reasoning text (Anthropic thinking, Gemini thoughts).
 * - assistant `thinking_blocks`: Anthropic thinking blocks with their `signature` (or redacted
 *   blocks with `data`), in order. Sent back unchanged on the next turn they are replayed to
 *   Anthropic, which requires them when thinking is combined with tool use. In a stream each
 *   completed block arrives whole in one delta's `thinking_blocks` array.
 * - tool call `extra_content.google.thought_signature`: Gemini's thought signature for a function
 *   call (the convention of Google's own OpenAI-compatible endpoint), echoed back to Gemini.
 */
import { z } from 'zod';

const nullish = <T extends z.ZodType>(t: T) => t.nullish();

export const cacheControlSchema = z.looseObject({ type: z.string(), ttl: z.string().optional() });

export const textPartSchema = z.looseObject({
	type: z.literal('text'),
	text: z.string(),
	cache_control: nullish(cacheControlSchema)
});
export const imagePartSchema = z.looseObject({
	type: z.literal('image_url'),
	image_url: z.looseObject({
		url: z.string().min(1),
		detail: nullish(z.enum(['auto', 'low', 'high']))
	}),
	cache_control: nullish(cacheControlSchema)
});
export const audioPartSchema = z.looseObject({
	type: z.literal('input_audio'),
	input_audio: z.looseObject({ data: z.string(), format: z.string() }),
	cache_control: nullish(cacheControlSchema)
});
export const filePartSchema = z.looseObject({
	type: z.literal('file'),
	file: z.looseObject({
		file_data: nullish(z.string()),
		file_id: nullish(z.string()),
		filename: nullish(z.string())
	}),
	cache_control: nullish(cacheControlSchema)
});
export const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const userContentPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema, audioPartSchema, filePartSchema]);
const assistantContentPartSchema = z.discriminatedUnion('type', [textPartSchema, refusalPartSchema]);

export const toolCallSchema = z.looseObject({
	id: z.string(),
	type: z.literal('function').default('function'),
	function: z.looseObject({ name: z.string(), arguments: z.string() }),
	extra_content: nullish(z.looseObject({ google: nullish(z.looseObject({ thought_signature: nullish(z.string()) })) }))
});

export const thinkingBlockSchema = z.discriminatedUnion('type', [
	z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
	z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() })
]);

const textContent = z.union([z.string(), z.array(textPartSchema)]);

export const systemMessageSchema = z.looseObject({ role: z.literal('system'), content: textContent, name: nullish(z.string()) });
export const developerMessageSchema = z.looseObject({ role: z.literal('developer'), content: textContent, name: nullish(z.string()) });
export const userMessageSchema = z.looseObject({
	role: z.literal('user'),
	content: z.union([z.string(), z.array(userContentPartSchema)]),
	name: nullish(z.string())
});
export const assistantMessageSchema = z.looseObject({
	role: z.literal('assistant'),
	content: nullish(z.union([z.string(), z.array(assistantContentPartSchema)])),
	name: nullish(z.string()),
	refusal: nullish(z.string()),
	tool_calls: nullish(z.array(toolCallSchema)),
	function_call: nullish(z.looseObject({ name: z.string(), arguments: z.string() })),
	audio: nullish(z.looseObject({ id: z.string() })),
	reasoning_content: nullish(z.string()),
	thinking_blocks: nullish(z.array(thinkingBlockSchema))
});
export const toolMessageSchema = z.looseObject({
	role: z.literal('tool'),
	content: z.union([z.string(), z.array(userContentPartSchema)]),
	tool_call_id: z.string(),
	name: nullish(z.string())
});

export const chatMessageSchema = z.discriminatedUnion('role', [
	systemMessageSchema,
	developerMessageSchema,
	userMessageSchema,
	assistantMessageSchema,
	toolMessageSchema
]);

export const functionToolSchema = z.looseObject({
	type: z.literal('function'),
	function: z.looseObject({
		name: z.string().min(1),
		description: nullish(z.string()),
		parameters: nullish(z.record(z.string(), z.unknown())),
		strict: nullish(z.boolean())
	}),
	cache_control: nullish(cacheControlSchema)
});
export const customToolSchema = z.looseObject({
	type: z.literal('custom'),
	custom: z.looseObject({ name: z.string().min(1), description: nullish(z.string()) })
});
export const toolSchema = z.discriminatedUnion('type', [functionToolSchema, customToolSchema]);

const namedToolChoice = z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) });
export const toolChoiceSchema = z.union([
	z.enum(['none', 'auto', 'required']),
	z.discriminatedUnion('type', [
		namedToolChoice,
		z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string() }) }),
		z.looseObject({
			type: z.literal('allowed_tools'),
			allowed_tools: z.looseObject({
				mode: z.enum(['auto', 'required']),
				tools: z.array(z.looseObject({ type: z.string(), function: nullish(z.looseObject({ name: z.string() })) }))
			})
		})
	])
]);

export const responseFormatSchema = z.discriminatedUnion('type', [
	z.looseObject({ type: z.literal('text') }),
	z.looseObject({ type: z.literal('json_object') }),
	z.looseObject({
		type: z.literal('json_schema'),
		json_schema: z.looseObject({
			name: z.string(),
			description: nullish(z.string()),
			schema: nullish(z.record(z.string(), z.unknown())),
			strict: nullish(z.boolean())
		})
	})
]);

export const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

export const chatRequestSchema = z.looseObject({
	model: z.string().min(1),
	messages: z.array(chatMessageSchema).min(1),
	stream: nullish(z.boolean()),
	stream_options: nullish(z.looseObject({ include_usage: nullish(z.boolean()) })),
	temperature: nullish(z.number().min(0).max(2)),
	top_p: nullish(z.number().min(0).max(1)),
	max_tokens: nullish(z.number().int().positive()),
	max_completion_tokens: nullish(z.number().int().positive()),
	stop: nullish(z.union([z.string(), z.array(z.string())])),
	n: nullish(z.number().int().min(1).max(128)),
	seed: nullish(z.number().int()),
	presence_penalty: nullish(z.number().min(-2).max(2)),
	frequency_penalty: nullish(z.number().min(-2).max(2)),
	logit_bias: nullish(z.record(z.string(), z.number())),
	logprobs: nullish(z.boolean()),
	top_logprobs: nullish(z.number().int().min(0).max(20)),
	user: nullish(z.string()),
	tools: nullish(z.array(toolSchema)),
	tool_choice: nullish(toolChoiceSchema),
	parallel_tool_calls: nullish(z.boolean()),
	response_format: nullish(responseFormatSchema),
	reasoning_effort: nullish(reasoningEffortSchema),
	modalities: nullish(z.array(z.string())),
	metadata: nullish(z.record(z.string(), z.string())),
	/** Not OpenAI: honoured by the Anthropic and Gemini translators (Anthropic `top_k`, Gemini `topK`). */
	top_k: nullish(z.number().int().positive())
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type SystemMessage = z.infer<typeof systemMessageSchema>;
export type DeveloperMessage = z.infer<typeof developerMessageSchema>;
export type UserMessage = z.infer<typeof userMessageSchema>;
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
export type ToolMessage = z.infer<typeof toolMessageSchema>;
export type UserContentPart = z.infer<typeof userContentPartSchema>;
export type TextPart = z.infer<typeof textPartSchema>;
export type ChatTool = z.infer<typeof toolSchema>;
export type FunctionTool = z.infer<typeof functionToolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;
export type ThinkingBlock = z.infer<typeof thinkingBlockSchema>;
export type RequestToolCall = z.infer<typeof toolCallSchema>;

export const embeddingsRequestSchema = z.looseObject({
	model: z.string().min(1),
	input: z.union([
		z.string(),
		z.array(z.string()).min(1),
		z.array(z.number().int()).min(1),
		z.array(z.array(z.number().int()).min(1)).min(1)
	]),
	encoding_format: nullish(z.enum(['float', 'base64'])),
	dimensions: nullish(z.number().int().positive()),
	user: nullish(z.string())
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Response types (what the gateway sends back). Written by hand: they are produced, not parsed.

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface Usage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number };
	completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number };
	/** AT extension, on chat-playground answers only: USD cost from AT's price table (null: no price for the model). */
	cost?: number | null;
}

export interface GoogleExtraContent {
	google?: { thought_signature?: string };
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
	extra_content?: GoogleExtraContent;
}

export interface ResponseThinkingBlock {
	type: 'thinking';
	thinking: string;
	signature: string;
}
export interface ResponseRedactedThinkingBlock {
	type: 'redacted_thinking';
	data: string;
}

export interface ChatCompletionMessage {
	role: 'assistant';
	content: string | null;
	refusal?: string | null;
	tool_calls?: ToolCall[];
	reasoning_content?: string;
	thinking_blocks?: (ResponseThinkingBlock | ResponseRedactedThinkingBlock)[];
}

export interface ChatCompletionChoice {
	index: number;
	message: ChatCompletionMessage;
	finish_reason: FinishReason | null;
	logprobs: unknown;
}

export interface ChatCompletion {
	id: string;
	object: 'chat.completion';
	created: number;
	model: string;
	choices: ChatCompletionChoice[];
	usage?: Usage;
	system_fingerprint?: string | null;
	service_tier?: string | null;
}

export interface ToolCallDelta {
	index: number;
	id?: string;
	type?: 'function';
	function?: { name?: string; arguments?: string };
	extra_content?: GoogleExtraContent;
}

export interface ChunkDelta {
	role?: 'assistant';
	content?: string | null;
	refusal?: string | null;
	reasoning_content?: string;
	tool_calls?: ToolCallDelta[];
	thinking_blocks?: (ResponseThinkingBlock | ResponseRedactedThinkingBlock)[];
}

export interface ChatCompletionChunkChoice {
	index: number;
	delta: ChunkDelta;
	finish_reason: FinishReason | null;
	logprobs?: unknown;
}

export interface ChatCompletionChunk {
	id: string;
	object: 'chat.completion.chunk';
	created: number;
	model: string;
	choices: ChatCompletionChunkChoice[];
	usage?: Usage | null;
	system_fingerprint?: string | null;
	service_tier?: string | null;
}

export interface Embedding {
	object: 'embedding';
	index: number;
	embedding: number[] | string;
}

export interface EmbeddingsResponse {
	object: 'list';
	data: Embedding[];
	model: string;
	usage: { prompt_tokens: number; total_tokens: number };
}

// ---------------------------------------------------------------------------------------------

export interface FormattedZodError {
	/** `path: message` for each problem (at most five), joined with `; `. */
	message: string;
	/** Dotted path of the first problem (`messages.0.role`), or null when it concerns the whole body. */
	param: string | null;
}

interface IssueLike {
	code: string;
	message: string;
	path: PropertyKey[];
	errors?: IssueLike[][];
	note?: string;
	options?: unknown[];
	discriminator?: string;
}

function pathString(path: readonly PropertyKey[]): string {
	return path.map((p) => String(p)).join('.');
}

/** For a union, the branch that got furthest is the one the caller most likely meant. */
function resolveIssue(issue: IssueLike, prefix: PropertyKey[]): { path: PropertyKey[]; message: string } {
	const path = [...prefix, ...issue.path];
	if (issue.code === 'invalid_union') {
		if (issue.note === 'No matching discriminator' && issue.options) {
			const opts = issue.options.map((o) => JSON.stringify(o)).join('|');
			return { path, message: `Invalid option: expected one of ${opts}` };
		}
		const branches = issue.errors ?? [];
		let best: IssueLike | undefined;
		let bestDepth = 0;
		for (const branch of branches) {
			const first = branch[0];
			if (first && first.path.length > bestDepth) {
				best = first;
				bestDepth = first.path.length;
			}
		}
		if (best) return resolveIssue(best, path);
		const expected = branches
			.map((b) => {
				const m = /expected (\w+)/.exec(b[0]?.message ?? '');
				return m ? m[1] : undefined;
			})
			.filter((x): x is string => !!x);
		if (expected.length) return { path, message: `Invalid input: expected ${[...new Set(expected)].join(' or ')}` };
	}
	return { path, message: issue.message };
}

/** Turns a zod error into one readable message naming the offending fields. */
export function formatZodError(err: z.ZodError): FormattedZodError {
	const issues = (err.issues as unknown as IssueLike[]).map((i) => resolveIssue(i, []));
	if (!issues.length) return { message: 'Invalid request body', param: null };
	const message = issues
		.slice(0, 5)
		.map((i) => (i.path.length ? `${pathString(i.path)}: ${i.message}` : i.message))
		.join('; ');
	const first = issues[0];
	return { message, param: first.path.length ? pathString(first.path) : null };
}
