import { z } from 'zod';
import { agentSchema, agentUpdateSchema } from '$lib/schemas/agent';
import { userCreateSchema, userUpdateSchema } from '$lib/schemas/auth';
import { chatRequestSchema, embeddingsRequestSchema } from '$lib/schemas/chat';
import { nodeConfigSchema, nodeConfigUpdateSchema } from '$lib/schemas/nodeConfig';
import {
	discoveredModelsSchema,
	discoverModelsSchema,
	providerCreateSchema,
	providerJsonSchema,
	providerTestResultSchema,
	providerTestSchema,
	providerUpdateSchema
} from '$lib/schemas/provider';
import { rerunQuerySchema, runListQuerySchema } from '$lib/schemas/run';
import {
	infoJsonSchema,
	priceJsonSchema,
	priceUpsertSchema,
	rotateKeyResultSchema,
	rotateKeySchema,
	settingsJsonSchema
} from '$lib/schemas/settings';
import { skillSchema, skillUpdateSchema, testHandlerSchema } from '$lib/schemas/skill';
import {
	tokenCreatedSchema,
	tokenCreateSchema,
	tokenInfoSchema,
	tokenUpdateSchema,
	tokenUsageQuerySchema,
	tokenUsageSchema
} from '$lib/schemas/token';
import { triggerCreateSchema, triggerUpdateSchema } from '$lib/schemas/trigger';
import { usageQuerySchema } from '$lib/schemas/usage';
import { variableSchema, variableUpdateSchema } from '$lib/schemas/variable';
import { activeVersionSchema, runQuerySchema, runRequestSchema, workflowCreateSchema, workflowUpdateSchema } from '$lib/schemas/workflow';

/**
 * GET /api/v1/openapi.json: OpenAPI 3.1 for the management API and the gateway. Request bodies,
 * query strings and AT's own response shapes are generated from the zod schemas the routes validate
 * with (z.toJSONSchema); shapes that have no zod schema are written here once. openapi.spec.ts fails
 * when a route exists that this document does not describe, or the other way round.
 */
type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Body = z.ZodType | Json;

interface Op {
	summary: string;
	tag: string;
	description?: string;
	body?: Body;
	query?: z.ZodObject;
	/** Success status (default 200) and body; `sse` for text/event-stream. */
	status?: number;
	response?: Body;
	sse?: boolean;
	/** Also answers 202 RunResult (a run that continues in the background). */
	accepted?: boolean;
	/** Error statuses besides the ones every route of its kind can answer. */
	errors?: number[];
	/** Default: admin credentials under /api, a gateway token under /gateway. */
	auth?: 'none';
}

// Hand-written JSON Schemas for shapes without a zod schema (serializers in workflow/serialize.ts, gateway types in schemas/chat.ts).
const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const any = {};
const time = { type: 'string', format: 'date-time' };
const nullable = (s: Json): Json => ({ anyOf: [s, { type: 'null' }] });
const arr = (items: Json): Json => ({ type: 'array', items });
const obj = (properties: Record<string, Json>, optional: string[] = []): Json => ({
	type: 'object',
	properties,
	required: Object.keys(properties).filter((k) => !optional.includes(k))
});
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const audit = { created_at: time, updated_at: time, created_by: str, updated_by: str };

const HAND_WRITTEN: Record<string, Json> = {
	Error: { ...obj({ message: str }), description: 'Every /api/v1 error: a message naming the problem.' },
	GatewayError: {
		...obj({ error: obj({ message: str, type: str, param: nullable(str), code: nullable(str) }) }),
		description: "Every /gateway error, in OpenAI's shape."
	},
	Graph: {
		type: 'object',
		description: 'Nodes and edges (SPEC §8.1): nodes [{id, type, position, data, width?, height?, parent_id?, node_number?}], edges [{id, source, source_handle, target, target_handle}].',
		properties: { nodes: arr({ type: 'object' }), edges: arr({ type: 'object' }) }
	},
	User: obj({ id: str, username: str, role: { type: 'string', enum: ['admin', 'editor', 'viewer'] }, has_password: bool, created_at: time, last_login_at: nullable(time) }),
	Workflow: obj({ id: str, name: str, description: str, graph: ref('Graph'), active_version: nullable(int), ...audit }),
	WorkflowSummary: obj({ id: str, name: str, description: str, active_version: nullable(int), node_count: int, ...audit }),
	WorkflowVersion: obj({ id: str, workflow_id: str, version: int, name: str, description: str, graph: ref('Graph'), created_at: time, created_by: str }, ['graph']),
	Trigger: obj(
		{
			id: str,
			workflow_id: str,
			node_id: nullable(str),
			type: { type: 'string', enum: ['http', 'cron'] },
			config: { type: 'object', description: 'http: {secret: "***" when set, body_limit}; cron: {schedule, timezone, payload}' },
			has_secret: bool,
			webhook_path: str,
			alias: nullable(str),
			public: bool,
			enabled: bool,
			last_error: nullable(str),
			last_run_at: nullable(time),
			last_status: nullable(str),
			next_run_at: nullable(time),
			...audit
		},
		['has_secret', 'webhook_path']
	),
	Run: obj({
		id: str,
		run_id: str,
		workflow_id: str,
		workflow_version: nullable(int),
		parent_run_id: nullable(str),
		trigger_id: nullable(str),
		source: { type: 'string', enum: ['api', 'webhook', 'cron', 'workflow', 'editor'] },
		status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
		inputs: any,
		outputs: any,
		error: nullable(str),
		started_at: time,
		finished_at: nullable(time),
		duration_ms: nullable(int),
		instance_id: str,
		rerun_of: { ...nullable(str), description: 'The run this one reruns.' },
		rerun_from: { ...nullable(str), description: 'The node it was rerun from (null: the whole run).' }
	}),
	RunStep: obj({
		node_id: str,
		node_type: str,
		status: { type: 'string', enum: ['succeeded', 'failed', 'skipped', 'running'] },
		inputs: any,
		outputs: any,
		error: nullable(str),
		attempt: int,
		iteration: int,
		started_at: time,
		finished_at: nullable(time),
		duration_ms: nullable(int),
		reused: { type: 'boolean', description: 'The outputs were copied from the run this one reruns.' }
	}),
	RunResult: {
		...obj({ run_id: str, workflow_id: str, status: str, outputs: any, error: nullable(str) }, ['outputs', 'error']),
		description: 'Async: 202 {run_id, workflow_id, status}. Sync: the outputs when the run finished (or the first output node with early=true).'
	},
	Skill: obj({ id: str, name: str, description: str, system_prompt: str, tools: arr({ type: 'object' }), ...audit }),
	Agent: obj({
		id: str,
		name: str,
		description: str,
		provider: str,
		model: str,
		system_prompt: str,
		skills: arr(str),
		mcp_urls: arr(str),
		max_iterations: int,
		tool_timeout: int,
		...audit
	}),
	Variable: obj({ id: str, key: str, value: { type: 'string', description: '"***" for secret variables' }, has_value: bool, description: str, secret: bool, ...audit }),
	NodeConfig: obj({ id: str, name: str, type: str, data: { type: 'object', description: 'sensitive fields are "***" with a has_<field> flag' }, ...audit }),
	HandlerResult: obj({ result: any, error: nullable(str), duration_ms: num, logs: arr(any) }, ['logs']),
	UsageReport: obj(
		{
			from: time,
			to: time,
			group_by: str,
			totals: obj({ requests: int, prompt_tokens: int, completion_tokens: int, cached_tokens: int, cost: num, errors: int }),
			groups: arr(obj({ key: str, requests: int, prompt_tokens: int, completion_tokens: int, cached_tokens: int, cost: num, errors: int, avg_latency_ms: int })),
			recent: arr({ type: 'object' })
		},
		['recent']
	),
	Model: obj({ id: { type: 'string', description: '"provider/model"' }, object: { type: 'string', const: 'model' }, created: int, owned_by: str }),
	ModelList: obj({ object: { type: 'string', const: 'list' }, data: arr(ref('Model')) }),
	ChatCompletion: {
		...obj({ id: str, object: { type: 'string', const: 'chat.completion' }, created: int, model: str, choices: arr({ type: 'object' }), usage: { type: 'object' } }, ['usage']),
		description: "OpenAI's chat.completion object; with stream=true a text/event-stream of chat.completion.chunk frames ending with data: [DONE]."
	},
	EmbeddingsResponse: obj({ object: { type: 'string', const: 'list' }, data: arr(obj({ object: str, index: int, embedding: any })), model: str, usage: { type: 'object' } })
};

const ZOD_REQUESTS: Record<string, z.ZodType> = {
	ProviderCreate: providerCreateSchema,
	ProviderUpdate: providerUpdateSchema,
	DiscoverModelsRequest: discoverModelsSchema,
	ProviderTestRequest: providerTestSchema,
	TokenCreate: tokenCreateSchema,
	TokenUpdate: tokenUpdateSchema,
	RotateKeyRequest: rotateKeySchema,
	PriceUpsert: priceUpsertSchema,
	WorkflowCreate: workflowCreateSchema,
	WorkflowUpdate: workflowUpdateSchema,
	ActiveVersion: activeVersionSchema,
	RunRequest: runRequestSchema,
	TriggerCreate: triggerCreateSchema,
	TriggerUpdate: triggerUpdateSchema,
	SkillCreate: skillSchema,
	SkillUpdate: skillUpdateSchema,
	TestHandlerRequest: testHandlerSchema,
	AgentCreate: agentSchema,
	AgentUpdate: agentUpdateSchema,
	VariableCreate: variableSchema,
	VariableUpdate: variableUpdateSchema,
	UserCreate: userCreateSchema,
	UserUpdate: userUpdateSchema,
	NodeConfigCreate: nodeConfigSchema,
	NodeConfigUpdate: nodeConfigUpdateSchema,
	ChatRequest: chatRequestSchema,
	EmbeddingsRequest: embeddingsRequestSchema
};

const ZOD_RESPONSES: Record<string, z.ZodType> = {
	Info: infoJsonSchema,
	Provider: providerJsonSchema,
	ProviderTestResult: providerTestResultSchema,
	DiscoveredModels: discoveredModelsSchema,
	TokenInfo: tokenInfoSchema,
	TokenCreated: tokenCreatedSchema,
	TokenUsage: tokenUsageSchema,
	Settings: settingsJsonSchema,
	RotateKeyResult: rotateKeyResultSchema,
	Price: priceJsonSchema
};

/** Names registered zod schemas so a body can be given as the schema itself. */
const nameOf = new Map<z.ZodType, string>([...Object.entries(ZOD_REQUESTS), ...Object.entries(ZOD_RESPONSES)].map(([k, v]) => [v, k]));
const list = (key: string, item: string): Json => obj({ [key]: arr(ref(item)) });

const passthrough = (method: string): Op => ({
	summary: `${method} native passthrough`,
	tag: 'Gateway',
	description:
		"Forwards method, path, query and body to the provider's own API at its configured base URL, with the provider's credentials instead of the caller's token; the answer (SSE included) is streamed back. The token must allow the whole provider (`key` or `key/*`).",
	body: { description: 'forwarded unchanged' },
	response: { description: "the provider's answer, unchanged" },
	errors: [403, 404, 413, 502]
});
const passthroughOps = { get: passthrough('GET'), post: passthrough('POST'), put: passthrough('PUT'), patch: passthrough('PATCH'), delete: passthrough('DELETE') };

const PATHS: Record<string, Partial<Record<Method, Op>>> = {
	'/api/v1/info': { get: { summary: 'Instance, caller and live providers', tag: 'Instance', response: infoJsonSchema } },
	'/api/v1/openapi.json': { get: { summary: 'This document', tag: 'Instance', response: { type: 'object' } } },
	'/api/v1/models': { get: { summary: 'Every model of every provider (no token scope)', tag: 'Instance', response: ref('ModelList') } },
	'/api/v1/usage': { get: { summary: 'Usage totals and groups for charts', tag: 'Usage', query: usageQuerySchema, response: ref('UsageReport'), errors: [400] } },
	'/api/v1/chat/completions': {
		post: {
			summary: 'Chat playground (the gateway path, signed-in user)',
			tag: 'Gateway',
			body: chatRequestSchema,
			response: ref('ChatCompletion'),
			errors: [400, 404, 413, 502]
		}
	},

	'/api/v1/providers': {
		get: { summary: 'List providers (at.yaml and database)', tag: 'Providers', response: obj({ providers: arr(ref('Provider')) }) },
		post: {
			summary: 'Create a provider',
			tag: 'Providers',
			description: 'A key that exists in at.yaml creates a database override of that entry (blank or "***" secrets are then taken from the file).',
			body: providerCreateSchema,
			status: 201,
			response: providerJsonSchema,
			errors: [400, 409, 413]
		}
	},
	'/api/v1/providers/{key}': {
		get: { summary: 'Get a provider', tag: 'Providers', response: providerJsonSchema, errors: [404] },
		put: {
			summary: 'Update a database provider',
			tag: 'Providers',
			description: 'Fields left out keep their values; a blank or "***" api_key or header value keeps the stored secret. at.yaml providers answer 409.',
			body: providerUpdateSchema,
			response: providerJsonSchema,
			errors: [400, 404, 409, 413]
		},
		delete: {
			summary: 'Delete a database provider',
			tag: 'Providers',
			description: 'Deleting a database override brings back the at.yaml entry with the same key; at.yaml providers answer 409.',
			status: 204,
			errors: [404, 409]
		}
	},
	'/api/v1/providers/discover-models': {
		post: {
			summary: "List a provider's upstream models",
			tag: 'Providers',
			description: '`{key}` uses a saved provider (with its secrets), `{key, config}` overlays unsaved form values on it, a bare config is used as given. The base URL passes the SSRF guard.',
			body: discoverModelsSchema,
			response: discoveredModelsSchema,
			errors: [400, 404, 409, 413, 502]
		}
	},
	'/api/v1/providers/{key}/test': {
		post: {
			summary: 'Send a one-token request through a provider',
			tag: 'Providers',
			description: 'Answers 200 with ok=false and the upstream error when the provider fails.',
			body: providerTestSchema,
			response: providerTestResultSchema,
			errors: [400, 404]
		}
	},

	'/api/v1/api-tokens': {
		get: { summary: 'List gateway tokens (created and from at.yaml)', tag: 'API tokens', response: obj({ tokens: arr(ref('TokenInfo')) }) },
		post: {
			summary: 'Create a gateway token',
			tag: 'API tokens',
			description: 'The plaintext token is in this answer only.',
			body: tokenCreateSchema,
			status: 201,
			response: tokenCreatedSchema,
			errors: [400, 413]
		}
	},
	'/api/v1/api-tokens/{id}': {
		get: { summary: 'Get a gateway token', tag: 'API tokens', response: tokenInfoSchema, errors: [404] },
		put: {
			summary: "Change a token's name, scopes, expiry or limits",
			tag: 'API tokens',
			body: tokenUpdateSchema,
			response: tokenInfoSchema,
			errors: [400, 404, 409, 413]
		},
		delete: { summary: 'Delete a gateway token', tag: 'API tokens', status: 204, errors: [404, 409] }
	},
	'/api/v1/api-tokens/{id}/usage': {
		get: { summary: "A token's usage", tag: 'API tokens', query: tokenUsageQuerySchema, response: tokenUsageSchema, errors: [400, 404] }
	},

	'/api/v1/settings': { get: { summary: 'Instance settings (never the key)', tag: 'Settings', response: settingsJsonSchema } },
	'/api/v1/settings/rotate-key': {
		post: {
			summary: 'Rotate the encryption key',
			tag: 'Settings',
			description:
				'Re-encrypts every secret in one transaction and switches every instance to the new key; "" decrypts everything to plaintext. A value that cannot be decrypted aborts the rotation and nothing changes.',
			body: rotateKeySchema,
			response: rotateKeyResultSchema,
			errors: [400, 409, 413, 500, 503]
		}
	},
	'/api/v1/prices': { get: { summary: 'The model price table', tag: 'Settings', response: obj({ prices: arr(ref('Price')) }) } },
	'/api/v1/prices/{model}': {
		put: {
			summary: "Set a model's price",
			tag: 'Settings',
			description: 'USD per million tokens. The model id may contain "/". 201 when the model had no price yet. Later usage rows use the new price.',
			body: priceUpsertSchema,
			response: priceJsonSchema,
			errors: [400, 413]
		},
		delete: { summary: "Delete a model's price", tag: 'Settings', status: 204, errors: [400, 404] }
	},

	'/api/v1/workflows': {
		get: { summary: 'List workflows', tag: 'Workflows', response: list('workflows', 'WorkflowSummary') },
		post: { summary: 'Create a workflow', tag: 'Workflows', body: workflowCreateSchema, status: 201, response: ref('Workflow'), errors: [400, 413] }
	},
	'/api/v1/workflows/{id}': {
		get: { summary: 'Get a workflow (draft graph)', tag: 'Workflows', response: ref('Workflow'), errors: [404] },
		put: { summary: 'Save a workflow (creates a version)', tag: 'Workflows', body: workflowUpdateSchema, response: ref('Workflow'), errors: [400, 404, 413] },
		delete: { summary: 'Delete a workflow', tag: 'Workflows', status: 204, errors: [404] }
	},
	'/api/v1/workflows/{id}/versions': { get: { summary: 'List versions', tag: 'Workflows', response: list('versions', 'WorkflowVersion'), errors: [404] } },
	'/api/v1/workflows/{id}/versions/{n}': { get: { summary: 'Get a version', tag: 'Workflows', response: ref('WorkflowVersion'), errors: [404] } },
	'/api/v1/workflows/{id}/active-version': {
		put: { summary: 'Publish a version (null unpublishes)', tag: 'Workflows', body: activeVersionSchema, response: ref('Workflow'), errors: [400, 404] }
	},
	'/api/v1/workflows/{id}/run': {
		post: {
			summary: 'Run a workflow',
			tag: 'Runs',
			query: runQuerySchema,
			body: runRequestSchema,
			response: ref('RunResult'),
			description: 'Async: 202 {run_id}. With sync=true: waits for the outputs (early=true: the first output node).',
			accepted: true,
			errors: [400, 404, 413, 504]
		}
	},
	'/api/v1/workflows/{id}/runs': { get: { summary: "A workflow's runs", tag: 'Runs', query: runListQuerySchema, response: list('runs', 'Run'), errors: [400] } },
	'/api/v1/workflows/{id}/triggers': {
		get: { summary: "A workflow's triggers", tag: 'Triggers', response: list('triggers', 'Trigger'), errors: [404] },
		post: { summary: 'Create a trigger', tag: 'Triggers', body: triggerCreateSchema, status: 201, response: ref('Trigger'), errors: [400, 404, 409, 413] }
	},
	'/api/v1/runs': { get: { summary: 'List runs', tag: 'Runs', query: runListQuerySchema, response: list('runs', 'Run'), errors: [400] } },
	'/api/v1/runs/{id}': {
		get: { summary: 'Get a run with its steps', tag: 'Runs', response: { allOf: [ref('Run'), obj({ steps: arr(ref('RunStep')) })] }, errors: [404] }
	},
	'/api/v1/runs/{id}/cancel': {
		post: { summary: 'Cancel a run (on whichever instance runs it)', tag: 'Runs', status: 202, response: obj({ run_id: str, status: str }), errors: [404, 409] }
	},
	'/api/v1/runs/{id}/rerun': {
		post: {
			summary: 'Rerun a run, optionally from a node',
			tag: 'Runs',
			query: rerunQuerySchema,
			response: ref('RunResult'),
			description: 'Nodes not downstream of from_node reuse their recorded outputs.',
			accepted: true,
			errors: [400, 404]
		}
	},
	'/api/v1/runs/{id}/events': {
		get: { summary: "Live step events of a run (SSE)", tag: 'Runs', sse: true, description: 'Events: run, step, ... and finally end.', errors: [404] }
	},
	'/api/v1/triggers': { get: { summary: 'List every trigger', tag: 'Triggers', response: list('triggers', 'Trigger') } },
	'/api/v1/triggers/{id}': {
		get: { summary: 'Get a trigger', tag: 'Triggers', response: ref('Trigger'), errors: [404] },
		put: { summary: 'Update a trigger', tag: 'Triggers', body: triggerUpdateSchema, response: ref('Trigger'), errors: [400, 404, 409, 413] },
		delete: { summary: 'Delete a trigger', tag: 'Triggers', status: 204, errors: [404] }
	},
	'/api/v1/skills': {
		get: { summary: 'List skills', tag: 'Skills', response: list('skills', 'Skill') },
		post: { summary: 'Create a skill', tag: 'Skills', body: skillSchema, status: 201, response: ref('Skill'), errors: [400, 409, 413] }
	},
	'/api/v1/skills/{id}': {
		get: { summary: 'Get a skill', tag: 'Skills', response: ref('Skill'), errors: [404] },
		put: { summary: 'Update a skill', tag: 'Skills', body: skillUpdateSchema, response: ref('Skill'), errors: [400, 404, 409, 413] },
		delete: { summary: 'Delete a skill', tag: 'Skills', status: 204, errors: [404] }
	},
	'/api/v1/skills/test-handler': {
		post: { summary: 'Run one tool handler in the sandbox', tag: 'Skills', body: testHandlerSchema, response: ref('HandlerResult'), errors: [400, 413] }
	},
	'/api/v1/agents': {
		get: { summary: 'List agents', tag: 'Agents', response: list('agents', 'Agent') },
		post: { summary: 'Create an agent', tag: 'Agents', body: agentSchema, status: 201, response: ref('Agent'), errors: [400, 409, 413] }
	},
	'/api/v1/agents/{id}': {
		get: { summary: 'Get an agent', tag: 'Agents', response: ref('Agent'), errors: [404] },
		put: { summary: 'Update an agent', tag: 'Agents', body: agentUpdateSchema, response: ref('Agent'), errors: [400, 404, 409, 413] },
		delete: { summary: 'Delete an agent', tag: 'Agents', status: 204, errors: [404] }
	},
	'/api/v1/users': {
		get: { summary: 'List users (admin only; never password hashes)', tag: 'Users', response: list('users', 'User') },
		post: {
			summary: 'Create a user',
			tag: 'Users',
			description: 'Without a password the user can only sign in through forward-auth.',
			body: userCreateSchema,
			status: 201,
			response: ref('User'),
			errors: [400, 409, 413]
		}
	},
	'/api/v1/users/{id}': {
		get: { summary: 'Get a user', tag: 'Users', response: ref('User'), errors: [404] },
		put: {
			summary: 'Update a user',
			tag: 'Users',
			description: 'Omitted fields are kept; a blank password keeps the stored one. Demoting the last admin answers 409; a password change ends that user’s other sessions.',
			body: userUpdateSchema,
			response: ref('User'),
			errors: [400, 404, 409, 413]
		},
		delete: { summary: 'Delete a user (not yourself, not the last admin)', tag: 'Users', status: 204, errors: [404, 409] }
	},
	'/api/v1/variables': {
		get: { summary: 'List variables (secret values never returned)', tag: 'Variables', response: list('variables', 'Variable') },
		post: { summary: 'Create a variable', tag: 'Variables', body: variableSchema, status: 201, response: ref('Variable'), errors: [400, 409, 413] }
	},
	'/api/v1/variables/{id}': {
		get: { summary: 'Get a variable', tag: 'Variables', response: ref('Variable'), errors: [404] },
		put: {
			summary: 'Update a variable',
			tag: 'Variables',
			description: 'A blank or "***" value on a secret variable keeps the stored value.',
			body: variableUpdateSchema,
			response: ref('Variable'),
			errors: [400, 404, 409, 413]
		},
		delete: { summary: 'Delete a variable', tag: 'Variables', status: 204, errors: [404] }
	},
	'/api/v1/node-configs': {
		get: { summary: 'List node configs (sensitive fields never returned)', tag: 'Node configs', response: list('node_configs', 'NodeConfig') },
		post: { summary: 'Create a node config', tag: 'Node configs', body: nodeConfigSchema, status: 201, response: ref('NodeConfig'), errors: [400, 409, 413] }
	},
	'/api/v1/node-configs/{id}': {
		get: { summary: 'Get a node config', tag: 'Node configs', response: ref('NodeConfig'), errors: [404] },
		put: {
			summary: 'Update a node config',
			tag: 'Node configs',
			description: 'A blank or "***" sensitive field keeps the stored value.',
			body: nodeConfigUpdateSchema,
			response: ref('NodeConfig'),
			errors: [400, 404, 409, 413]
		},
		delete: { summary: 'Delete a node config', tag: 'Node configs', status: 204, errors: [404] }
	},

	'/gateway/v1/chat/completions': {
		post: {
			summary: 'Chat completions (OpenAI-compatible, every provider type)',
			tag: 'Gateway',
			description: 'model is "provider/model" (or a route of a provider). stream=true answers text/event-stream.',
			body: chatRequestSchema,
			response: ref('ChatCompletion'),
			errors: [400, 403, 404, 413, 429, 502, 504]
		}
	},
	'/gateway/v1/embeddings': {
		post: { summary: 'Embeddings', tag: 'Gateway', body: embeddingsRequestSchema, response: ref('EmbeddingsResponse'), errors: [400, 403, 404, 413, 502] }
	},
	'/gateway/v1/models': {
		get: {
			summary: "The models the token may use, sorted (Anthropic's list shape when anthropic-version is sent)",
			tag: 'Gateway',
			response: ref('ModelList')
		}
	},
	'/gateway/v1/models/{id}': {
		get: { summary: 'One model ("provider/model"; the id may contain "/")', tag: 'Gateway', response: ref('Model'), errors: [403, 404] }
	},
	'/gateway/v1/health': { get: { summary: 'Gateway liveness', tag: 'Gateway', auth: 'none', response: obj({ status: str, providers: int }) } },
	'/gateway/v1/providers/{key}/{path}': passthroughOps,
	'/gateway/proxy/{key}/{path}': passthroughOps
};

const STATUS_TEXT: Record<number, string> = {
	400: 'Malformed JSON or an invalid field (named in the message)',
	401: 'Missing or invalid credentials',
	403: 'Not allowed for this role or token scope',
	404: 'Not found',
	409: 'Conflict (the message says with what)',
	413: 'The request body is larger than the limit',
	429: 'Rate limit or budget exceeded',
	500: 'Server-side failure (the message names it)',
	502: 'The upstream provider failed or cannot be reached',
	503: 'Temporarily unavailable: retry',
	504: 'Timed out'
};

function toJsonSchemas(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
	const registry = z.registry<{ id: string }>();
	for (const [id, s] of Object.entries(schemas)) registry.add(s, { id });
	const out = z.toJSONSchema(registry, { io, target: 'draft-2020-12', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
	return Object.fromEntries(
		Object.entries(out.schemas).map(([id, s]) => {
			const { $schema: _schema, $id: _id, ...rest } = s as Json;
			return [id, rest];
		})
	);
}

function schemaOf(b: Body, io: 'input' | 'output'): Json {
	if (!(b instanceof z.ZodType)) return b;
	const name = nameOf.get(b);
	if (name) return ref(name);
	const { $schema: _schema, ...rest } = z.toJSONSchema(b, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
	return rest;
}

function queryParameters(q: z.ZodObject): Json[] {
	const js = z.toJSONSchema(q, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as { properties?: Record<string, Json>; required?: string[] };
	return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
		name,
		in: 'query',
		required: js.required?.includes(name) ?? false,
		schema
	}));
}

function operation(path: string, method: Method, op: Op): Json {
	const gateway = path.startsWith('/gateway/');
	const errorBody = { 'application/json': { schema: ref(gateway ? 'GatewayError' : 'Error') } };
	const parameters: Json[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: str }));
	if (op.query) parameters.push(...queryParameters(op.query));
	const status = op.status ?? 200;
	const responses: Record<string, Json> = {};
	if (status === 204) responses['204'] = { description: 'Done (no content)' };
	else if (op.sse) responses[String(status)] = { description: op.summary, content: { 'text/event-stream': { schema: str } } };
	else responses[String(status)] = { description: op.summary, content: { 'application/json': { schema: schemaOf(op.response ?? any, 'output') } } };
	if (op.accepted)
		responses['202'] = { description: 'Accepted: the run started and continues in the background', content: { 'application/json': { schema: ref('RunResult') } } };
	const errors = new Set([...(op.errors ?? []), ...(op.auth === 'none' ? [] : [401]), ...(gateway || op.auth === 'none' ? [] : [403])]);
	for (const code of [...errors].sort()) responses[String(code)] = { description: STATUS_TEXT[code] ?? 'Error', content: errorBody };
	const words = path.replace(/[{}]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
	const out: Json = { summary: op.summary, tags: [op.tag], operationId: method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''), responses };
	if (op.description) out.description = op.description;
	if (parameters.length) out.parameters = parameters;
	if (op.body) out.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } };
	if (op.auth === 'none') out.security = [];
	else if (gateway) out.security = [{ gatewayToken: [] }, { anthropicApiKey: [] }];
	return out;
}

export function buildOpenApi(opts: { title: string; version: string; basePath: string }): Json {
	const paths: Record<string, Json> = {};
	for (const [path, ops] of Object.entries(PATHS))
		paths[path] = Object.fromEntries(Object.entries(ops).map(([m, op]) => [m, operation(path, m as Method, op)]));
	return {
		openapi: '3.1.0',
		info: {
			title: `${opts.title} API`,
			version: opts.version,
			description:
				'/api/v1: the management API (session cookie, forward-auth or the server.admin_token bearer; role checks apply). /gateway/v1: the OpenAI-compatible gateway (gateway tokens). Field names are snake_case; lists are wrapped ({providers: [...]}); secrets are never returned ("***" plus a has_* flag).'
		},
		servers: [{ url: opts.basePath || '/' }],
		security: [{ adminToken: [] }, { session: [] }],
		tags: [...new Set(Object.values(PATHS).flatMap((ops) => Object.values(ops).map((o) => o.tag)))].map((name) => ({ name })),
		paths,
		components: {
			securitySchemes: {
				adminToken: { type: 'http', scheme: 'bearer', description: 'server.admin_token (admin on /api/v1 only)' },
				session: { type: 'apiKey', in: 'cookie', name: 'at_session' },
				gatewayToken: { type: 'http', scheme: 'bearer', description: 'a gateway token: created in AT ("at_…") or from gateway.auth_tokens' },
				anthropicApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'the gateway token, as Anthropic clients send it' }
			},
			schemas: { ...HAND_WRITTEN, ...toJsonSchemas(ZOD_REQUESTS, 'input'), ...toJsonSchemas(ZOD_RESPONSES, 'output') }
		}
	};
}
