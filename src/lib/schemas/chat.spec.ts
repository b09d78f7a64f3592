import { describe, expect, it } from 'vitest';
import { chatRequestSchema, embeddingsRequestSchema, formatZodError } from './chat';

function errorOf(body: unknown) {
	const r = chatRequestSchema.safeParse(body);
	if (r.success) throw new Error('expected a validation error');
	return formatZodError(r.error);
}

describe('chatRequestSchema', () => {
	it('accepts the full OpenAI request with every role and content part and keeps unknown fields', () => {
		const body = {
			model: 'openai/gpt-4.1',
			messages: [
				{ role: 'system', content: 'sys' },
				{ role: 'developer', content: [{ type: 'text', text: 'dev', cache_control: { type: 'ephemeral' } }] },
				{
					role: 'user',
					content: [
						{ type: 'text', text: 'look' },
						{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
						{ type: 'input_audio', input_audio: { data: 'UklG', format: 'wav' } },
						{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } }
					],
					name: 'bob'
				},
				{
					role: 'assistant',
					content: null,
					tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
					reasoning_content: 'hmm',
					thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }]
				},
				{ role: 'tool', tool_call_id: 'call_1', content: 'ok' }
			],
			stream: true,
			stream_options: { include_usage: true },
			temperature: 0.2,
			top_p: 0.9,
			max_tokens: 100,
			max_completion_tokens: 200,
			stop: ['x'],
			n: 1,
			seed: 3,
			presence_penalty: 0.1,
			frequency_penalty: -0.1,
			logit_bias: { '50256': -100 },
			logprobs: true,
			top_logprobs: 2,
			user: 'u',
			tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: true } }],
			tool_choice: { type: 'function', function: { name: 'f' } },
			parallel_tool_calls: false,
			response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' }, strict: true } },
			reasoning_effort: 'low',
			modalities: ['text'],
			metadata: { k: 'v' },
			service_tier: 'flex',
			prediction: { type: 'content', content: 'x' }
		};
		const parsed = chatRequestSchema.parse(body);
		expect(parsed.service_tier).toBe('flex');
		expect(parsed.prediction).toEqual({ type: 'content', content: 'x' });
		expect(parsed.messages).toHaveLength(5);
	});

	it('accepts explicit nulls for optional parameters', () => {
		const parsed = chatRequestSchema.parse({ model: 'a/b', messages: [{ role: 'user', content: 'hi' }], stop: null, tools: null, temperature: null });
		expect(parsed.stop).toBeNull();
	});

	it('names the offending role with the allowed options', () => {
		const e = errorOf({ model: 'a/b', messages: [{ role: 'bot', content: 'x' }] });
		expect(e.param).toBe('messages.0.role');
		expect(e.message).toMatch(/^messages\.0\.role: Invalid option: expected one of "system"\|"developer"\|"user"\|"assistant"\|"tool"/);
	});

	it('names the deepest field inside a content part rather than the union', () => {
		const e = errorOf({ model: 'a/b', messages: [{ role: 'user', content: [{ type: 'text' }] }] });
		expect(e.param).toBe('messages.0.content.0.text');
		expect(e.message).toContain('expected string');
	});

	it('says which types a union field accepts', () => {
		const e = errorOf({ model: 'a/b', messages: [{ role: 'user', content: 5 }] });
		expect(e).toEqual({ param: 'messages.0.content', message: 'messages.0.content: Invalid input: expected string or array' });
	});

	it('reports wrong scalar types and missing required fields', () => {
		expect(errorOf({ model: 'a/b', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }).param).toBe('temperature');
		const e = errorOf({ messages: [] });
		expect(e.param).toBe('model');
		expect(e.message).toContain('messages:');
		expect(errorOf({ model: 'a/b', messages: [{ role: 'tool', content: 'x' }] }).param).toBe('messages.0.tool_call_id');
	});
});

describe('embeddingsRequestSchema', () => {
	it('accepts strings, string arrays and token arrays and rejects an empty list', () => {
		expect(embeddingsRequestSchema.parse({ model: 'a/b', input: 'x' }).input).toBe('x');
		expect(embeddingsRequestSchema.parse({ model: 'a/b', input: [[1, 2]] }).input).toEqual([[1, 2]]);
		expect(embeddingsRequestSchema.safeParse({ model: 'a/b', input: [] }).success).toBe(false);
	});
});
