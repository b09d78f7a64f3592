import { NodeError, type Executor } from '../types';
import { maybeJson } from '../util';

export function asText(v: unknown): string {
	if (v === undefined || v === null) return '';
	return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * One chat completion through the gateway's provider layer (usage recorded with source `workflow`).
 * The user message is the rendered prompt template, or the `prompt` input when the template is blank;
 * the `context` input is added as a second user message part.
 */
export const llmCall: Executor = async (ctx) => {
	const d = await ctx.renderData();
	const prompt = String(d.prompt ?? '').trim() ? String(d.prompt) : asText(ctx.inputs.prompt);
	if (!prompt.trim()) throw new NodeError('prompt: empty (set a prompt template or connect the prompt input)');
	const messages: Record<string, unknown>[] = [];
	if (String(d.system_prompt ?? '').trim()) messages.push({ role: 'system', content: String(d.system_prompt) });
	const context = asText(ctx.inputs.context);
	messages.push({ role: 'user', content: context ? `${prompt}\n\nContext:\n${context}` : prompt });
	const json = d.response_format === 'json';
	const res = await ctx.host.chat(
		{
			provider: String(d.provider ?? ''),
			model: String(d.model ?? ''),
			messages,
			temperature: typeof d.temperature === 'number' ? d.temperature : null,
			max_tokens: typeof d.max_tokens === 'number' ? d.max_tokens : null,
			response_format: json ? 'json' : 'text'
		},
		ctx.signal
	);
	const text = res.message.content ?? '';
	return { outputs: { response: json ? maybeJson(text) : text, usage: res.usage } };
};
