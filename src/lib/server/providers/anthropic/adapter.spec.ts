import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '$lib/schemas/chat';
import { fixtureContext, runGoldenFixtures } from '../goldenFixtures';
import { TranslationError, UpstreamStreamError } from '../types';
import { anthropicAdapter } from './adapter';
import { finishReasonOf } from './response';

const config = { type: 'anthropic' as const, api_key: 'sk-ant-test' };
runGoldenFixtures(anthropicAdapter, join(import.meta.dirname, 'fixtures'), { upstreamModel: 'claude-sonnet-4-5', config });

const ctx = () => fixtureContext({}, { upstreamModel: 'claude-sonnet-4-5' });

async function bodyOf(request: unknown): Promise<Record<string, unknown>> {
	const up = await anthropicAdapter.buildChatRequest(chatRequestSchema.parse(request), config, ctx(), false);
	return JSON.parse(up.body!);
}

describe('anthropic request mapping', () => {
	it('maps every tool_choice form', async () => {
		const base = {
			model: 'a/c',
			messages: [{ role: 'user', content: 'x' }],
			tools: [
				{ type: 'function', function: { name: 'a' } },
				{ type: 'function', function: { name: 'b' } }
			]
		};
		expect((await bodyOf({ ...base, tool_choice: 'auto' })).tool_choice).toEqual({ type: 'auto' });
		expect((await bodyOf({ ...base, tool_choice: 'none' })).tool_choice).toEqual({ type: 'none' });
		expect((await bodyOf({ ...base, tool_choice: 'required' })).tool_choice).toEqual({ type: 'any' });
		expect((await bodyOf({ ...base, tool_choice: { type: 'function', function: { name: 'b' } } })).tool_choice).toEqual({ type: 'tool', name: 'b' });
		const allowed = await bodyOf({
			...base,
			tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'a' } }] } }
		});
		expect(allowed.tool_choice).toEqual({ type: 'any' });
		expect(allowed.tools).toEqual([{ name: 'a', input_schema: { type: 'object', properties: {} } }]);
		expect((await bodyOf({ ...base, parallel_tool_calls: false })).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
		expect((await bodyOf({ ...base, tool_choice: 'none', parallel_tool_calls: false })).tool_choice).toEqual({ type: 'none' });
	});

	it('leaves thinking off when a tool is forced, and honours a raw thinking object as sent', async () => {
		const base = { model: 'a/c', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'a' } }] };
		const forced = await bodyOf({ ...base, reasoning_effort: 'high', tool_choice: 'required' });
		expect(forced.thinking).toBeUndefined();
		expect(forced.max_tokens).toBe(4096);
		const raw = await bodyOf({ ...base, thinking: { type: 'adaptive' }, max_tokens: 8000 });
		expect(raw.thinking).toEqual({ type: 'adaptive' });
		expect(raw.max_tokens).toBe(8000);
	});

	it('skips thinking when max_tokens leaves no room for the minimum budget, and for effort none', async () => {
		const small = await bodyOf({ model: 'a/c', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'low', max_tokens: 800, temperature: 0.3 });
		expect(small.thinking).toBeUndefined();
		expect(small.temperature).toBe(0.3);
		expect((await bodyOf({ model: 'a/c', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'none' })).thinking).toBeUndefined();
	});

	it('rejects what Anthropic cannot take, naming the field', async () => {
		const fail = async (request: unknown) => {
			try {
				await bodyOf(request);
			} catch (e) {
				expect(e).toBeInstanceOf(TranslationError);
				return (e as TranslationError).param;
			}
			throw new Error('expected a TranslationError');
		};
		expect(await fail({ model: 'a/c', messages: [{ role: 'user', content: 'x' }], n: 2 })).toBe('n');
		expect(await fail({ model: 'a/c', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] })).toBe(
			'messages.0.content.0'
		);
		expect(await fail({ model: 'a/c', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] })).toBe('messages.0.content.0.file');
		expect(
			await fail({
				model: 'a/c',
				messages: [
					{ role: 'user', content: 'x' },
					{ role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{oops' } }] }
				]
			})
		).toBe('messages.1.tool_calls.0.function.arguments');
		expect(await fail({ model: 'a/c', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'custom', custom: { name: 'c' } }] })).toBe('tools.0');
	});
});

describe('anthropic responses and streams', () => {
	it('maps stop reasons', () => {
		expect(finishReasonOf('end_turn')).toBe('stop');
		expect(finishReasonOf('stop_sequence')).toBe('stop');
		expect(finishReasonOf('max_tokens')).toBe('length');
		expect(finishReasonOf('tool_use')).toBe('tool_calls');
		expect(finishReasonOf('refusal')).toBe('content_filter');
	});

	it('rejects a body without content as a bad upstream response', () => {
		expect(() => anthropicAdapter.parseChatResponse({ type: 'message' }, ctx())).toThrow(TranslationError);
	});

	it('surfaces an error event that arrives before message_start', () => {
		const t = anthropicAdapter.createStreamTranslator({ ...ctx(), includeUsage: false });
		expect(() => t.push({ event: 'error', data: '{"type":"error","error":{"type":"api_error","message":"Internal server error"}}' })).toThrow(
			UpstreamStreamError
		);
	});
});

describe('anthropic errors, usage, models and passthrough', () => {
	it('keeps Anthropic error types and messages', () => {
		expect(
			anthropicAdapter.parseError(
				400,
				'{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},"request_id":"req_1"}'
			)
		).toEqual({ message: 'max_tokens: Field required', type: 'invalid_request_error', param: null, code: null });
		expect(anthropicAdapter.parseError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}').type).toBe('overloaded_error');
	});

	it('reads usage from a native Messages response', () => {
		expect(anthropicAdapter.nativeUsage({ usage: { input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 10, output_tokens: 7 } })).toEqual({
			prompt_tokens: 115,
			completion_tokens: 7,
			cached_tokens: 100,
			total_tokens: 122
		});
		expect(anthropicAdapter.nativeUsage({ type: 'model' })).toBeUndefined();
	});

	it('pages through /v1/models with after_id', () => {
		const first = anthropicAdapter.buildModelsRequest({ type: 'anthropic', api_key: 'k' });
		expect(first).toEqual({
			url: 'https://api.anthropic.com/v1/models?limit=1000',
			method: 'GET',
			headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k' }
		});
		const page = anthropicAdapter.parseModels({
			data: [{ type: 'model', id: 'claude-sonnet-4-5-20250929' }, { type: 'model', id: 'claude-haiku-4-5' }],
			has_more: true,
			first_id: 'claude-sonnet-4-5-20250929',
			last_id: 'claude-haiku-4-5'
		});
		expect(page).toEqual({ ids: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5'], next: 'claude-haiku-4-5' });
		expect(anthropicAdapter.buildModelsRequest({ type: 'anthropic' }, undefined, page.next).url).toBe(
			'https://api.anthropic.com/v1/models?limit=1000&after_id=claude-haiku-4-5'
		);
		expect(anthropicAdapter.parseModels({ data: [{ id: 'x' }], has_more: false, last_id: 'x' })).toEqual({ ids: ['x'] });
	});

	it('uses the configured base URL and the provider key for passthrough', () => {
		expect(anthropicAdapter.nativeBaseUrl({ type: 'anthropic' })).toBe('https://api.anthropic.com');
		expect(anthropicAdapter.nativeBaseUrl({ type: 'anthropic', base_url: 'https://proxy.example/anthropic/' })).toBe('https://proxy.example/anthropic');
		expect(anthropicAdapter.nativeAuthHeaders({ type: 'anthropic', api_key: 'k', extra_headers: { 'anthropic-beta': 'b' } })).toEqual({
			'anthropic-version': '2023-06-01',
			'x-api-key': 'k',
			'anthropic-beta': 'b'
		});
	});
});
