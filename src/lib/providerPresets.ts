/**
 * Provider presets for the provider form: picking one prefills the type, the base URL and model
 * suggestions. For `openai`-type presets the base URL is the full chat-completions URL that AT posts
 * to (SPEC §5.4); the models URL is derived from it by replacing `chat/completions` with `models`.
 * For `anthropic` and `gemini` it is the API origin, for `vertex` the Vertex OpenAI-compatible
 * chat-completions endpoint with the project and region still to fill in.
 */
export type PresetProviderType = 'openai' | 'anthropic' | 'gemini' | 'vertex';

export interface ProviderPreset {
	/** Also the suggested provider key. */
	id: string;
	label: string;
	type: PresetProviderType;
	baseUrl: string;
	/** Suggestions shown next to the model fields; the first one is the suggested default model. */
	models: string[];
	/** `none`: local servers that take no key; `optional`: a key only when the server was started with one. */
	apiKey: 'required' | 'optional' | 'none';
	/** Where to create an API key. */
	keyUrl?: string;
	/** Shown under the preset picker: what to change before saving. */
	note?: string;
	/** Placeholders in `baseUrl` the user must replace. */
	placeholders?: string[];
	group: 'cloud' | 'local' | 'custom';
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
	{
		id: 'openai',
		label: 'OpenAI',
		type: 'openai',
		baseUrl: 'https://api.openai.com/v1/chat/completions',
		models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'gpt-5', 'gpt-5-mini', 'o4-mini'],
		apiKey: 'required',
		keyUrl: 'https://platform.openai.com/api-keys',
		group: 'cloud'
	},
	{
		id: 'anthropic',
		label: 'Anthropic',
		type: 'anthropic',
		baseUrl: 'https://api.anthropic.com',
		models: ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5', 'claude-3-5-haiku'],
		apiKey: 'required',
		keyUrl: 'https://console.anthropic.com/settings/keys',
		group: 'cloud'
	},
	{
		id: 'gemini',
		label: 'Google Gemini',
		type: 'gemini',
		baseUrl: 'https://generativelanguage.googleapis.com',
		models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite', 'gemini-2.0-flash'],
		apiKey: 'required',
		keyUrl: 'https://aistudio.google.com/apikey',
		group: 'cloud'
	},
	{
		id: 'vertex',
		label: 'Vertex AI',
		type: 'vertex',
		baseUrl: 'https://us-central1-aiplatform.googleapis.com/v1/projects/PROJECT_ID/locations/us-central1/endpoints/openapi/chat/completions',
		models: ['google/gemini-2.5-flash', 'google/gemini-2.5-pro', 'google/gemini-2.5-flash-lite'],
		apiKey: 'optional',
		note: 'Replace PROJECT_ID (and us-central1 twice, for another region). Paste a service-account JSON key, or leave it empty to use Application Default Credentials on the server.',
		placeholders: ['PROJECT_ID'],
		group: 'cloud'
	},
	{
		id: 'groq',
		label: 'Groq',
		type: 'openai',
		baseUrl: 'https://api.groq.com/openai/v1/chat/completions',
		models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'openai/gpt-oss-20b'],
		apiKey: 'required',
		keyUrl: 'https://console.groq.com/keys',
		group: 'cloud'
	},
	{
		id: 'deepseek',
		label: 'DeepSeek',
		type: 'openai',
		baseUrl: 'https://api.deepseek.com/chat/completions',
		models: ['deepseek-chat', 'deepseek-reasoner'],
		apiKey: 'required',
		keyUrl: 'https://platform.deepseek.com/api_keys',
		group: 'cloud'
	},
	{
		id: 'mistral',
		label: 'Mistral',
		type: 'openai',
		baseUrl: 'https://api.mistral.ai/v1/chat/completions',
		models: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest'],
		apiKey: 'required',
		keyUrl: 'https://console.mistral.ai/api-keys',
		group: 'cloud'
	},
	{
		id: 'together',
		label: 'Together AI',
		type: 'openai',
		baseUrl: 'https://api.together.xyz/v1/chat/completions',
		models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-V3', 'Qwen/Qwen2.5-72B-Instruct-Turbo'],
		apiKey: 'required',
		keyUrl: 'https://api.together.ai/settings/api-keys',
		group: 'cloud'
	},
	{
		id: 'openrouter',
		label: 'OpenRouter',
		type: 'openai',
		baseUrl: 'https://openrouter.ai/api/v1/chat/completions',
		models: ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash', 'meta-llama/llama-3.3-70b-instruct'],
		apiKey: 'required',
		keyUrl: 'https://openrouter.ai/settings/keys',
		note: 'Optional: add the extra headers HTTP-Referer and X-Title to show your app in OpenRouter\u2019s rankings.',
		group: 'cloud'
	},
	{
		id: 'github',
		label: 'GitHub Models',
		type: 'openai',
		baseUrl: 'https://models.github.ai/inference/chat/completions',
		models: ['openai/gpt-4.1', 'openai/gpt-4.1-mini', 'openai/gpt-4o-mini', 'meta/Llama-3.3-70B-Instruct'],
		apiKey: 'required',
		keyUrl: 'https://github.com/settings/personal-access-tokens',
		note: 'Use a GitHub token with the models:read permission. Model ids carry the publisher: github/openai/gpt-4.1.',
		group: 'cloud'
	},
	{
		id: 'xai',
		label: 'xAI (Grok)',
		type: 'openai',
		baseUrl: 'https://api.x.ai/v1/chat/completions',
		models: ['grok-4', 'grok-3', 'grok-3-mini'],
		apiKey: 'required',
		keyUrl: 'https://console.x.ai',
		group: 'cloud'
	},
	{
		id: 'fireworks',
		label: 'Fireworks AI',
		type: 'openai',
		baseUrl: 'https://api.fireworks.ai/inference/v1/chat/completions',
		models: ['accounts/fireworks/models/llama-v3p3-70b-instruct', 'accounts/fireworks/models/deepseek-v3', 'accounts/fireworks/models/qwen3-235b-a22b'],
		apiKey: 'required',
		keyUrl: 'https://fireworks.ai/account/api-keys',
		group: 'cloud'
	},
	{
		id: 'perplexity',
		label: 'Perplexity',
		type: 'openai',
		baseUrl: 'https://api.perplexity.ai/chat/completions',
		models: ['sonar', 'sonar-pro', 'sonar-reasoning', 'sonar-reasoning-pro'],
		apiKey: 'required',
		keyUrl: 'https://www.perplexity.ai/settings/api',
		note: 'Perplexity has no model list endpoint: add the models by hand instead of discovering them.',
		group: 'cloud'
	},
	{
		id: 'cerebras',
		label: 'Cerebras',
		type: 'openai',
		baseUrl: 'https://api.cerebras.ai/v1/chat/completions',
		models: ['llama-3.3-70b', 'gpt-oss-120b', 'qwen-3-32b'],
		apiKey: 'required',
		keyUrl: 'https://cloud.cerebras.ai',
		group: 'cloud'
	},
	{
		id: 'deepinfra',
		label: 'DeepInfra',
		type: 'openai',
		baseUrl: 'https://api.deepinfra.com/v1/openai/chat/completions',
		models: ['meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-V3', 'Qwen/Qwen2.5-72B-Instruct'],
		apiKey: 'required',
		keyUrl: 'https://deepinfra.com/dash/api_keys',
		group: 'cloud'
	},
	{
		id: 'huggingface',
		label: 'Hugging Face',
		type: 'openai',
		baseUrl: 'https://router.huggingface.co/v1/chat/completions',
		models: ['openai/gpt-oss-120b', 'meta-llama/Llama-3.3-70B-Instruct', 'Qwen/Qwen3-235B-A22B'],
		apiKey: 'required',
		keyUrl: 'https://huggingface.co/settings/tokens',
		group: 'cloud'
	},
	{
		id: 'ollama',
		label: 'Ollama',
		type: 'openai',
		baseUrl: 'http://localhost:11434/v1/chat/completions',
		models: ['llama3.2', 'qwen2.5', 'gemma3', 'mistral'],
		apiKey: 'none',
		note: 'Ollama\u2019s OpenAI-compatible API. Use the host AT can reach (not localhost when AT runs in a container), and allow it in workflow.http.allow_hosts for model discovery of private addresses.',
		group: 'local'
	},
	{
		id: 'vllm',
		label: 'vLLM',
		type: 'openai',
		baseUrl: 'http://localhost:8000/v1/chat/completions',
		models: [],
		apiKey: 'optional',
		note: 'The key is only needed when vLLM was started with --api-key. Discover models to list what the server loaded.',
		group: 'local'
	},
	{
		id: 'lmstudio',
		label: 'LM Studio',
		type: 'openai',
		baseUrl: 'http://localhost:1234/v1/chat/completions',
		models: [],
		apiKey: 'none',
		note: 'Start the local server in LM Studio (Developer tab), then discover the loaded models.',
		group: 'local'
	},
	{
		id: 'custom',
		label: 'Other compatible API',
		type: 'openai',
		baseUrl: '',
		models: [],
		apiKey: 'optional',
		note: 'Enter the full chat-completions URL, e.g. https://llm.example.com/v1/chat/completions (a URL ending in /v1 works too).',
		group: 'custom'
	}
];

export const PRESET_GROUPS: { id: ProviderPreset['group']; label: string }[] = [
	{ id: 'cloud', label: 'Cloud APIs' },
	{ id: 'local', label: 'Self-hosted' },
	{ id: 'custom', label: 'Custom' }
];

export function findPreset(id: string): ProviderPreset | undefined {
	return PROVIDER_PRESETS.find((p) => p.id === id);
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/**
 * The preset a saved provider most likely came from (same type and base URL), for the edit page's
 * picker. An empty base URL matches the type's default service.
 */
export function matchPreset(type: string, baseUrl: string): ProviderPreset | undefined {
	const url = trimSlash(baseUrl.trim());
	return PROVIDER_PRESETS.find((p) => p.type === type && p.group !== 'custom' && (url === '' ? p.id === type : trimSlash(p.baseUrl) === url));
}

/** Defaults per provider type when no preset is picked: what an empty base URL means. */
export const TYPE_INFO: Record<PresetProviderType, { label: string; baseUrlHint: string; apiKeyLabel: string }> = {
	openai: {
		label: 'OpenAI-compatible',
		baseUrlHint: 'The full chat-completions URL (a URL ending in /v1 gets /chat/completions appended). Empty = https://api.openai.com/v1/chat/completions.',
		apiKeyLabel: 'API key'
	},
	anthropic: { label: 'Anthropic', baseUrlHint: 'The API origin; AT posts to {base}/v1/messages. Empty = https://api.anthropic.com.', apiKeyLabel: 'API key' },
	gemini: {
		label: 'Google Gemini',
		baseUrlHint: 'The API origin; AT calls {base}/v1beta/models/{model}:generateContent. Empty = https://generativelanguage.googleapis.com.',
		apiKeyLabel: 'API key'
	},
	vertex: {
		label: 'Vertex AI',
		baseUrlHint: 'Required: the full Vertex OpenAI-compatible endpoint, …/projects/PROJECT/locations/REGION/endpoints/openapi/chat/completions.',
		apiKeyLabel: 'Service-account JSON'
	}
};
