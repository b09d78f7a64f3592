import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { anthropicSamples, chatSamples, endpointSamples, errorSample, openCodeConfig, type DocsContext } from './samples';

const ctx: DocsContext = { gatewayUrl: 'https://ai.example.test/at/gateway/v1', model: "acme/it's-a-model", models: ['acme/a', "acme/it's-a-model"] };

describe('chat samples', () => {
	it('every sample names the gateway URL and the chosen model', () => {
		const samples = chatSamples(ctx);
		expect(samples.map((s) => s.id)).toEqual(['curl', 'python', 'js', 'langchain-py', 'langchain-js', 'ai-sdk']);
		for (const s of samples) {
			expect(s.code, s.id).toContain(s.id === 'curl' ? 'https://ai.example.test/at/gateway/v1/chat/completions' : '"https://ai.example.test/at/gateway/v1"');
			expect(s.code, s.id).toMatch(/acme\/it(\\u0027|'\\''|')s-a-model/);
		}
	});

	// Fails when a model id with a quote breaks the copied shell command.
	it('quotes the curl body so that the shell passes it unchanged', () => {
		const curl = chatSamples(ctx)[0].code;
		const body = curl.slice(curl.indexOf('-d ') + 3);
		const echoed = execFileSync('sh', ['-c', `printf %s ${body}`]).toString();
		expect(JSON.parse(echoed)).toEqual({ model: "acme/it's-a-model", messages: [{ role: 'user', content: 'Say hello in one sentence.' }] });
	});
});

describe('tool samples', () => {
	it('OpenCode gets an openai-compatible provider with every model and the chosen default', () => {
		const cfg = JSON.parse(openCodeConfig(ctx).code);
		expect(cfg.provider.at).toMatchObject({ npm: '@ai-sdk/openai-compatible', options: { baseURL: ctx.gatewayUrl, apiKey: '{env:AT_TOKEN}' } });
		expect(Object.keys(cfg.provider.at.models)).toEqual(ctx.models);
		expect(cfg.model).toBe("at/acme/it's-a-model");
	});

	it('Claude Code and the Anthropic SDKs use the provider passthrough with its native model name', () => {
		const [claude, py, js] = anthropicSamples(ctx, { key: 'claude', model: 'claude-sonnet-4-5' });
		expect(claude.code).toContain("ANTHROPIC_BASE_URL='https://ai.example.test/at/gateway/v1/providers/claude'");
		expect(claude.code).toContain("ANTHROPIC_MODEL='claude-sonnet-4-5'");
		for (const s of [py, js]) {
			expect(s.code).toContain('"https://ai.example.test/at/gateway/v1/providers/claude"');
			expect(s.code).toContain('"claude-sonnet-4-5"');
		}
	});
});

describe('endpoint samples', () => {
	it('shows embeddings only when an embedding model exists', () => {
		expect(endpointSamples(ctx, null).map((s) => s.id)).toEqual(['models', 'stream']);
		const withEmb = endpointSamples(ctx, 'acme/text-embedding-3-small');
		expect(withEmb.find((s) => s.id === 'embeddings')?.code).toContain('acme/text-embedding-3-small');
	});

	it('the error sample is the gateway error shape naming the real provider keys', () => {
		const e = JSON.parse(errorSample(['acme', 'claude']));
		expect(Object.keys(e.error)).toEqual(['message', 'type', 'param', 'code']);
		expect(e.error.message).toContain('acme, claude');
	});
});
