/**
 * The side panel's form for each node type: one field per key of the type's zod data schema
 * (fields.spec.ts keeps the two in step), with the widget that suits it. Values are checked by the
 * schema through validateGraph; its errors carry the field path shown under each field.
 */
import { getNodeType } from '$lib/workflow';

export type FieldKind =
	| 'text'
	| 'textarea'
	| 'template'
	| 'code'
	| 'expression'
	| 'number'
	| 'select'
	| 'bool'
	| 'provider'
	| 'model'
	| 'cron'
	| 'timezone'
	| 'json'
	| 'kv'
	| 'list'
	| 'cases'
	| 'nodeConfig'
	| 'workflow'
	| 'agent'
	| 'skills'
	| 'markdown'
	| 'color'
	| 'duration';

export interface FieldDef {
	/** A key of `data`, or a dotted path (`retry.count`). */
	name: string;
	label: string;
	kind: FieldKind;
	help?: string;
	placeholder?: string;
	options?: readonly string[];
	min?: number;
	max?: number;
	step?: number;
	/** `advanced` fields sit in a collapsed section. */
	section?: 'main' | 'advanced';
	/** A JSON field that must hold an array/object. */
	json?: 'object' | 'array' | 'any';
	/** Shown only when this returns true. */
	when?: (data: Record<string, unknown>) => boolean;
}

/** Schema keys that are not edited in the form (set by the server). */
export const HIDDEN_FIELDS = new Set(['trigger_id']);

export const NOTE_COLORS = ['yellow', 'blue', 'green', 'pink', 'purple', 'gray'] as const;

const label = (placeholder = 'Name shown on the canvas'): FieldDef => ({ name: 'label', label: 'Name', kind: 'text', placeholder });

const common: FieldDef[] = [
	{ name: 'timeout', label: 'Timeout (seconds)', kind: 'number', min: 0, step: 1, placeholder: 'no limit', section: 'advanced', help: 'Fails the node when one attempt takes longer.' },
	{ name: 'retry.count', label: 'Retries', kind: 'number', min: 0, max: 10, step: 1, section: 'advanced', help: 'Attempts after the first failure.' },
	{ name: 'retry.backoff', label: 'Backoff (seconds)', kind: 'number', min: 0, max: 3600, step: 0.5, section: 'advanced', help: 'Wait before the first retry; doubles each time.' },
	{
		name: 'stop_on_error',
		label: 'Stop the run on error',
		kind: 'bool',
		section: 'advanced',
		help: 'Off: the failure is recorded, this node’s outputs stay inactive and the run goes on. An error port, when present, always takes the failure.'
	}
];

const promptHelp = 'Template over the inputs, e.g. {{ prompt }} or {{ context.text }}.';

const fieldsByType: Record<string, FieldDef[]> = {
	input: [
		label('e.g. Question'),
		{ name: 'input_schema', label: 'Input schema (JSON Schema, optional)', kind: 'json', json: 'any', help: 'Documents the inputs this workflow expects; shown on the card.', placeholder: '{"type": "object", "properties": {"question": {"type": "string"}}}' }
	],
	http_trigger: [
		label(),
		{ name: 'alias', label: 'Alias', kind: 'text', placeholder: 'e.g. new-order', help: 'A readable webhook path instead of the trigger id: letters, digits, - and _.' },
		{ name: 'public', label: 'Public webhook', kind: 'bool', help: 'Off: callers send a gateway token allowed for this webhook.' }
	],
	cron_trigger: [
		label(),
		{ name: 'schedule', label: 'Schedule', kind: 'cron', placeholder: '0 9 * * 1-5' },
		{ name: 'timezone', label: 'Timezone', kind: 'timezone' },
		{ name: 'payload', label: 'Payload (JSON)', kind: 'json', json: 'any', help: 'Emitted with trigger_id, triggered_at and schedule.' }
	],
	output: [{ name: 'label', label: 'Output key', kind: 'text', placeholder: 'e.g. answer', help: 'The key of this value in the run’s outputs. Blank: an object input is merged into the outputs.' }, ...common],
	llm_call: [
		label(),
		{ name: 'provider', label: 'Provider', kind: 'provider' },
		{ name: 'model', label: 'Model', kind: 'model', help: 'Blank uses the provider’s default model.' },
		{ name: 'system_prompt', label: 'System prompt', kind: 'template', help: promptHelp },
		{ name: 'prompt', label: 'Prompt', kind: 'template', help: 'Blank sends the prompt input as is. ' + promptHelp },
		{ name: 'temperature', label: 'Temperature', kind: 'number', min: 0, max: 2, step: 0.1, placeholder: 'provider default' },
		{ name: 'max_tokens', label: 'Max tokens', kind: 'number', min: 1, step: 1, placeholder: 'provider default' },
		{ name: 'response_format', label: 'Response format', kind: 'select', options: ['text', 'json'] },
		...common
	],
	agent_call: [
		label(),
		{ name: 'agent_id', label: 'Agent preset', kind: 'agent', help: 'A preset supplies provider, model, prompt, skills and limits; the fields below add to it.' },
		{ name: 'provider', label: 'Provider', kind: 'provider' },
		{ name: 'model', label: 'Model', kind: 'model' },
		{ name: 'system_prompt', label: 'System prompt', kind: 'template', help: promptHelp },
		{ name: 'prompt', label: 'Prompt', kind: 'template', help: promptHelp },
		{ name: 'skills', label: 'Skills', kind: 'skills' },
		{ name: 'mcp_urls', label: 'MCP server URLs', kind: 'list', placeholder: 'https://mcp.example.com/mcp' },
		{ name: 'tools', label: 'Inline tools (JSON array)', kind: 'json', json: 'array', section: 'advanced', help: 'Extra tools: [{name, description, input_schema, handler}].' },
		{ name: 'max_iterations', label: 'Max iterations', kind: 'number', min: 1, max: 100, step: 1 },
		{ name: 'tool_timeout', label: 'Tool timeout (seconds)', kind: 'number', min: 1, step: 1 },
		...common
	],
	skill_config: [label(), { name: 'skills', label: 'Skills', kind: 'skills' }],
	mcp_config: [
		label(),
		{ name: 'mcp_urls', label: 'Server URLs', kind: 'list', placeholder: 'https://mcp.example.com/mcp', help: 'Streamable HTTP endpoints.' },
		{ name: 'headers', label: 'Headers', kind: 'kv', placeholder: 'Authorization' }
	],
	memory_config: [label()],
	agent_config: [label(), { name: 'agent_id', label: 'Agent', kind: 'agent', help: 'Offered to the agent as a delegate_to_<name> tool.' }],
	template: [label(), { name: 'template', label: 'Template', kind: 'template', help: 'Liquid: {{ input }}, {{ input.name | upcase }}, {{ input | json }}, {{ "KEY" | getVar }}.' }, ...common],
	conditional: [
		label(),
		{ name: 'expression', label: 'Condition (JavaScript)', kind: 'expression', placeholder: 'input.score > 0.5', help: 'Truthy → true port, otherwise false. The input is `input`.' },
		...common
	],
	switch: [label(), { name: 'cases', label: 'Cases', kind: 'cases', help: 'The first case whose expression is truthy wins; otherwise default.' }, ...common],
	loop: [
		label(),
		{ name: 'expression', label: 'Items (JavaScript returning an array)', kind: 'expression', placeholder: 'input.items' },
		{ name: 'concurrency', label: 'Concurrency', kind: 'number', min: 1, max: 64, step: 1, help: 'Iterations running at once.' },
		...common
	],
	script: [
		label(),
		{ name: 'code', label: 'Code (JavaScript)', kind: 'code', help: 'Runs in a sandbox. Inputs by port name (data, data2…) and `inputs`; `return` routes to true, `throw` to false. getVar(key), http.get/post, log.info.' },
		...common
	],
	http_request: [
		label(),
		{ name: 'method', label: 'Method', kind: 'select', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
		{ name: 'url', label: 'URL', kind: 'template', placeholder: 'https://api.example.com/items/{{ values.id }}' },
		{ name: 'headers', label: 'Headers', kind: 'kv', placeholder: 'Content-Type' },
		{ name: 'body', label: 'Body', kind: 'template', placeholder: '{{ data | json }}', when: (d) => !['GET', 'HEAD'].includes(String(d.method ?? 'GET').toUpperCase()) },
		{ name: 'proxy', label: 'Proxy URL', kind: 'text', placeholder: 'http://proxy:3128', section: 'advanced' },
		...common
	],
	email: [
		label(),
		{ name: 'config_id', label: 'Email configuration', kind: 'nodeConfig' },
		{ name: 'to', label: 'To', kind: 'template', placeholder: 'ops@example.com, {{ values.email }}' },
		{ name: 'cc', label: 'Cc', kind: 'template', section: 'advanced' },
		{ name: 'bcc', label: 'Bcc', kind: 'template', section: 'advanced' },
		{ name: 'subject', label: 'Subject', kind: 'template' },
		{ name: 'body', label: 'Body', kind: 'template' },
		{ name: 'content_type', label: 'Content type', kind: 'select', options: ['text/plain', 'text/html'] },
		...common
	],
	exec: [
		label(),
		{ name: 'command', label: 'Command', kind: 'code', help: 'Runs with sh in a per-run directory; only when workflow.exec.enabled is on.' },
		{ name: 'working_dir', label: 'Working directory', kind: 'text', placeholder: 'the run’s directory' },
		{ name: 'env', label: 'Environment', kind: 'kv', placeholder: 'NAME' },
		...common
	],
	log: [
		label(),
		{ name: 'level', label: 'Level', kind: 'select', options: ['debug', 'info', 'warn', 'error'] },
		{ name: 'message', label: 'Message', kind: 'template', placeholder: 'Got {{ data | json }}' },
		...common
	],
	workflow_call: [
		label(),
		{ name: 'workflow_id', label: 'Workflow', kind: 'workflow', help: 'Runs its published (active) version as a child run.' },
		{ name: 'inputs', label: 'Inputs', kind: 'template', placeholder: '{{ inputs | json }}', help: 'Rendered, then parsed as JSON when it is JSON.' },
		...common
	],
	delay: [label(), { name: 'duration', label: 'Duration', kind: 'duration', placeholder: '5s', help: 'Seconds, or 500ms, 5s, 2m, 1h (at most 24 h).' }, ...common],
	group: [label('e.g. Enrichment'), { name: 'color', label: 'Colour', kind: 'color', options: NOTE_COLORS }],
	sticky_note: [
		{ name: 'label', label: 'Title', kind: 'text', placeholder: 'optional' },
		{ name: 'text', label: 'Note (Markdown)', kind: 'markdown' },
		{ name: 'color', label: 'Colour', kind: 'color', options: NOTE_COLORS }
	]
};

export function formFields(type: string): FieldDef[] {
	if (!getNodeType(type)) return [];
	return fieldsByType[type] ?? [];
}

export function getPath(data: Record<string, unknown>, path: string): unknown {
	let v: unknown = data;
	for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
	return v;
}

/** `data` with `path` set to `value` (copies along the path; `undefined` removes the key). */
export function setPath(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
	const [k, ...rest] = path.split('.');
	const out = { ...data };
	if (rest.length) {
		const inner = out[k] && typeof out[k] === 'object' && !Array.isArray(out[k]) ? (out[k] as Record<string, unknown>) : {};
		out[k] = setPath(inner, rest.join('.'), value);
	} else if (value === undefined) delete out[k];
	else out[k] = value;
	return out;
}
