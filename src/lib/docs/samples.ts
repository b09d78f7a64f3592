/**
 * Code samples for the Docs page, filled with this instance's gateway URL and real model ids. Pure
 * string builders (the page renders them as text), so the page can switch the example model in the
 * browser without a round trip.
 */

export type SampleLang = 'bash' | 'python' | 'js' | 'json';

export interface Sample {
	id: string;
	label: string;
	lang: SampleLang;
	/** File or shell the code belongs in, shown above it. */
	file?: string;
	code: string;
}

export interface DocsContext {
	/** `origin + base + /gateway/v1` */
	gatewayUrl: string;
	/** A `provider/model` id for the chat samples. */
	model: string;
	/** Every model id the registry announces (OpenCode lists them). */
	models: string[];
}

/** Quotes a value for a single-quoted POSIX shell string. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A double-quoted string literal valid in Python, JavaScript and JSON. */
const str = (s: string) => JSON.stringify(s);

export function chatSamples(ctx: DocsContext): Sample[] {
	const { gatewayUrl: url, model } = ctx;
	const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello in one sentence.' }] });
	return [
		{
			id: 'curl',
			label: 'curl',
			lang: 'bash',
			code: `curl ${url}/chat/completions \\
  -H "Authorization: Bearer $AT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d ${sh(body)}`
		},
		{
			id: 'python',
			label: 'Python',
			lang: 'python',
			file: 'pip install openai',
			code: `import os
from openai import OpenAI

client = OpenAI(base_url=${str(url)}, api_key=os.environ["AT_TOKEN"])

# Streamed: tokens are printed as they arrive.
stream = client.chat.completions.create(
    model=${str(model)},
    messages=[{"role": "user", "content": "Say hello in one sentence."}],
    stream=True,
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)`
		},
		{
			id: 'js',
			label: 'JavaScript',
			lang: 'js',
			file: 'npm install openai',
			code: `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: ${str(url)}, apiKey: process.env.AT_TOKEN });

const completion = await client.chat.completions.create({
  model: ${str(model)},
  messages: [{ role: 'user', content: 'Say hello in one sentence.' }]
});
console.log(completion.choices[0].message.content, completion.usage);`
		},
		{
			id: 'langchain-py',
			label: 'LangChain (Python)',
			lang: 'python',
			file: 'pip install langchain-openai',
			code: `import os
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model=${str(model)}, base_url=${str(url)}, api_key=os.environ["AT_TOKEN"])
print(llm.invoke("Say hello in one sentence.").content)`
		},
		{
			id: 'langchain-js',
			label: 'LangChain (JS)',
			lang: 'js',
			file: 'npm install @langchain/openai',
			code: `import { ChatOpenAI } from '@langchain/openai';

const llm = new ChatOpenAI({
  model: ${str(model)},
  apiKey: process.env.AT_TOKEN,
  configuration: { baseURL: ${str(url)} }
});
console.log((await llm.invoke('Say hello in one sentence.')).content);`
		},
		{
			id: 'ai-sdk',
			label: 'Vercel AI SDK',
			lang: 'js',
			file: 'npm install ai @ai-sdk/openai-compatible',
			code: `import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';

const at = createOpenAICompatible({ name: 'at', baseURL: ${str(url)}, apiKey: process.env.AT_TOKEN });

const result = streamText({ model: at(${str(model)}), prompt: 'Say hello in one sentence.' });
for await (const text of result.textStream) process.stdout.write(text);`
		}
	];
}

/** OpenCode talks to the gateway as an OpenAI-compatible provider named "at". */
export function openCodeConfig(ctx: DocsContext): Sample {
	const config = {
		$schema: 'https://opencode.ai/config.json',
		provider: {
			at: {
				npm: '@ai-sdk/openai-compatible',
				name: 'AT gateway',
				options: { baseURL: ctx.gatewayUrl, apiKey: '{env:AT_TOKEN}' },
				models: Object.fromEntries(ctx.models.map((m) => [m, { name: m }]))
			}
		},
		model: `at/${ctx.model}`
	};
	// One line per model keeps a long model list readable.
	const code = JSON.stringify(config, null, 2).replace(/\{\n\s+"name": ("(?:[^"\\]|\\.)*")\n\s+\}/g, '{ "name": $1 }');
	return { id: 'opencode', label: 'OpenCode', lang: 'json', file: 'opencode.json', code };
}

export interface AnthropicProvider {
	key: string;
	/** The provider's own model name (no `key/` prefix): the passthrough forwards the body unchanged. */
	model: string;
}

/**
 * Claude Code and the Anthropic SDKs use the native passthrough of an anthropic-type provider
 * (`/gateway/v1/providers/{key}`): AT swaps the caller's AT token for the provider's API key.
 */
export function anthropicSamples(ctx: DocsContext, p: AnthropicProvider): Sample[] {
	const base = `${ctx.gatewayUrl}/providers/${p.key}`;
	return [
		{
			id: 'claude-code',
			label: 'Claude Code',
			lang: 'bash',
			file: 'shell',
			code: `export ANTHROPIC_BASE_URL=${sh(base)}
export ANTHROPIC_AUTH_TOKEN="$AT_TOKEN"
export ANTHROPIC_MODEL=${sh(p.model)}
claude`
		},
		{
			id: 'anthropic-py',
			label: 'Anthropic SDK (Python)',
			lang: 'python',
			file: 'pip install anthropic',
			code: `import os
import anthropic

client = anthropic.Anthropic(base_url=${str(base)}, api_key=os.environ["AT_TOKEN"])
message = client.messages.create(
    model=${str(p.model)},
    max_tokens=1024,
    messages=[{"role": "user", "content": "Say hello in one sentence."}],
)
print(message.content[0].text)`
		},
		{
			id: 'anthropic-js',
			label: 'Anthropic SDK (JS)',
			lang: 'js',
			file: 'npm install @anthropic-ai/sdk',
			code: `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: ${str(base)}, apiKey: process.env.AT_TOKEN });
const message = await client.messages.create({
  model: ${str(p.model)},
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Say hello in one sentence.' }]
});
console.log(message.content);`
		}
	];
}

export function endpointSamples(ctx: DocsContext, embeddingModel: string | null): Sample[] {
	const out: Sample[] = [
		{ id: 'models', label: 'List models', lang: 'bash', code: `curl ${ctx.gatewayUrl}/models \\\n  -H "Authorization: Bearer $AT_TOKEN"` },
		{
			id: 'stream',
			label: 'Streaming',
			lang: 'bash',
			code: `curl -N ${ctx.gatewayUrl}/chat/completions \\
  -H "Authorization: Bearer $AT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d ${sh(JSON.stringify({ model: ctx.model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count to five.' }] }))}`
		}
	];
	if (embeddingModel)
		out.push({
			id: 'embeddings',
			label: 'Embeddings',
			lang: 'bash',
			code: `curl ${ctx.gatewayUrl}/embeddings \\
  -H "Authorization: Bearer $AT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d ${sh(JSON.stringify({ model: embeddingModel, input: ['first text', 'second text'] }))}`
		});
	return out;
}

/** What every gateway error looks like: here the answer to an unknown provider, with this instance's keys. */
export function errorSample(providerKeys: string[]): string {
	const known = providerKeys.join(', ') || 'none configured';
	return JSON.stringify(
		{
			error: {
				message: `The model "nope/model" does not exist: unknown provider "nope". Use "provider/model" with one of: ${known}.`,
				type: 'invalid_request_error',
				param: 'model',
				code: 'model_not_found'
			}
		},
		null,
		2
	);
}
