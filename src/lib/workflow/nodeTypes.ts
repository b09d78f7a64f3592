/**
 * The node-type registry (SPEC §8.3): ports, `data` schemas with defaults, palette metadata.
 *
 * Port kinds type the handles: `data` ports carry values; resource outputs (`skills`, `mcp`,
 * `memory`, `agent`) only connect to inputs of the same kind (agent_call's `skills`, `mcp`, `memory`,
 * `agents`), and data outputs only to data inputs.
 *
 * Script inputs: a script node always has the ten input ports `data`, `data2` … `data10` (all
 * optional, single-valued); the code sees each connected one by name, and `inputs` holds all of
 * them. Ports are fixed so AT graphs using any of them import unchanged; the canvas may show only
 * the connected ports plus one free one.
 *
 * Durations: `timeout` and `retry.backoff` are seconds. `delay.duration` is seconds (a number) or a
 * string such as `500ms`, `5s`, `2m`, `1h` (see parseDurationMs).
 *
 * Every executable node carries the common fields `label`, `retry: {count, backoff}`, `timeout`
 * (seconds, optional) and `stop_on_error` (default true: a failure without an `error` port fails the
 * run; false: the failure is recorded, the node's outputs stay inactive and the run goes on).
 */
import { z } from 'zod';
import type { GraphNode } from './graph';

export type PortKind = 'data' | 'skills' | 'mcp' | 'memory' | 'agent';
export type PaletteGroup = 'Triggers' | 'Processing' | 'Flow control' | 'Resources' | 'Output' | 'Annotation';
export type EntrySource = 'api' | 'webhook' | 'cron';

export interface PortDef {
	name: string;
	label: string;
	/** Collects a list from any number of edges; otherwise at most one edge may feed the port. */
	many: boolean;
	/** Must be connected for the graph to be valid (inputs only). */
	required: boolean;
	kind: PortKind;
}

export interface DataIssue {
	/** Dotted path inside `data`, e.g. `cases.1.name`. */
	field: string;
	message: string;
}

export interface NodeTypeDef {
	type: string;
	label: string;
	description: string;
	group: PaletteGroup;
	/** A lucide icon name. */
	icon: string;
	inputs: PortDef[];
	/** Static output ports; see `outputsFor` for types whose ports depend on `data`. */
	outputs: PortDef[];
	outputsFor?: (data: Record<string, unknown>) => PortDef[];
	dataSchema: z.ZodType<Record<string, unknown>>;
	/** Semantic checks beyond the schema (required settings); run on parsed data. */
	check?: (data: Record<string, unknown>) => DataIssue[];
	/** `data` fields rendered with the template engine over the node's inputs before use. */
	templated: string[];
	/** Set for nodes that start runs of this source. */
	entry?: EntrySource;
	/** Never executed (group, sticky_note). */
	visualOnly: boolean;
	/** Only edges from the ports the node selects at run time are activated. */
	selectsPorts: boolean;
	/** A `*_config` node: runs only when it feeds a node that runs. */
	resource: boolean;
}

function port(name: string, opts: Partial<Omit<PortDef, 'name'>> = {}): PortDef {
	return {
		name,
		label: opts.label ?? name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' '),
		many: opts.many ?? false,
		required: opts.required ?? false,
		kind: opts.kind ?? 'data'
	};
}

const label = z.string().default('');

/** Numbers as AT's forms sometimes saved them: numeric strings are accepted, blank means unset. */
function num<T extends z.ZodType>(schema: T) {
	return z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v), schema);
}

/** Enum values compared case-insensitively, with aliases (`warning` → `warn`). */
function choice<const V extends readonly [string, ...string[]]>(values: V, fallback: V[number], aliases: Record<string, V[number]> = {}) {
	return z.preprocess((v) => {
		if (typeof v !== 'string') return v;
		const k = v.trim();
		if (k === '') return undefined;
		return aliases[k.toLowerCase()] ?? values.find((x) => x.toLowerCase() === k.toLowerCase()) ?? k;
	}, z.enum(values).default(fallback));
}

const retrySchema = z.looseObject({
	count: num(z.number().int().min(0).max(10).default(0)),
	/** Seconds before the first retry; doubles on each further attempt. */
	backoff: num(z.number().min(0).max(3600).default(1))
});

/** Fields every executable node accepts. */
const common = {
	label,
	retry: retrySchema.default({ count: 0, backoff: 1 }),
	timeout: num(z.number().positive('must be a positive number of seconds').nullish()),
	stop_on_error: z.boolean().default(true)
};

const stringMap = z.record(z.string(), z.string());

function executable<T extends z.ZodRawShape>(shape: T) {
	return z.looseObject({ ...common, ...shape });
}

function required(data: Record<string, unknown>, field: string, message = 'is required'): DataIssue[] {
	const v = data[field];
	return typeof v === 'string' && v.trim() === '' ? [{ field, message }] : v == null ? [{ field, message }] : [];
}

const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/;

/** `delay.duration` in milliseconds: a number is seconds; strings accept ms, s, m, h suffixes. */
export function parseDurationMs(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : null;
	if (typeof value !== 'string') return null;
	const m = DURATION_RE.exec(value);
	if (!m) return null;
	const n = Number(m[1]);
	const unit = m[2] ?? 's';
	return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!;
}

const switchCaseSchema = z.looseObject({
	name: z.string().default(''),
	expression: z.string().default('')
});

const PORT_NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const successPorts = [port('success'), port('error'), port('always')];
const boolPorts = [port('true'), port('false'), port('always')];
const SCRIPT_INPUTS = [port('data'), ...Array.from({ length: 9 }, (_, i) => port(`data${i + 2}`, { label: `Data ${i + 2}` }))];

/** Each node type's `data` schema (with defaults). */
export const nodeDataSchemas = {
	input: z.looseObject({ label, input_schema: z.unknown().optional() }),
	http_trigger: z.looseObject({
		label,
		alias: z
			.string()
			.regex(/^$|^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _ only (at most 64)')
			.default(''),
		public: z.boolean().default(false),
		trigger_id: z.string().nullish()
	}),
	cron_trigger: z.looseObject({
		label,
		schedule: z.string().default(''),
		timezone: z.string().default('UTC'),
		payload: z.unknown().default({}),
		trigger_id: z.string().nullish()
	}),
	output: executable({}),
	llm_call: executable({
		provider: z.string().default(''),
		model: z.string().default(''),
		system_prompt: z.string().default(''),
		prompt: z.string().default(''),
		temperature: num(z.number().min(0).max(2).nullish()),
		max_tokens: num(z.number().int().positive().nullish()),
		response_format: choice(['text', 'json'], 'text', { json_object: 'json', json_schema: 'json' })
	}),
	agent_call: executable({
		agent_id: z.string().nullish(),
		provider: z.string().default(''),
		model: z.string().default(''),
		system_prompt: z.string().default(''),
		prompt: z.string().default(''),
		max_iterations: num(z.number().int().min(1).max(100).default(10)),
		tool_timeout: num(z.number().positive().default(60)),
		skills: z.array(z.string()).default([]),
		mcp_urls: z.array(z.string()).default([]),
		tools: z.array(z.unknown()).default([])
	}),
	skill_config: z.looseObject({ label, skills: z.array(z.string()).default([]) }),
	mcp_config: z.looseObject({
		label,
		mcp_urls: z.array(z.string()).default([]),
		headers: stringMap.default({})
	}),
	memory_config: z.looseObject({ label }),
	agent_config: z.looseObject({ label, agent_id: z.string().default('') }),
	template: executable({ template: z.string().default('') }),
	conditional: executable({ expression: z.string().default('') }),
	switch: executable({ cases: z.array(switchCaseSchema).default([]) }),
	loop: executable({
		expression: z.string().default('input'),
		concurrency: num(z.number().int().min(1).max(64).default(4))
	}),
	script: executable({ code: z.string().default('return data;') }),
	http_request: executable({
		method: choice(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], 'GET'),
		url: z.string().default(''),
		headers: stringMap.default({}),
		body: z.string().default(''),
		proxy: z.string().nullish()
	}),
	email: executable({
		config_id: z.string().default(''),
		to: z.string().default(''),
		cc: z.string().default(''),
		bcc: z.string().default(''),
		subject: z.string().default(''),
		body: z.string().default(''),
		content_type: choice(['text/plain', 'text/html'], 'text/plain', { text: 'text/plain', plain: 'text/plain', html: 'text/html' })
	}),
	exec: executable({
		command: z.string().default(''),
		working_dir: z.string().default(''),
		env: stringMap.default({})
	}),
	log: executable({
		level: choice(['debug', 'info', 'warn', 'error'], 'info', { warning: 'warn' }),
		message: z.string().default('')
	}),
	workflow_call: executable({
		workflow_id: z.string().default(''),
		inputs: z.string().default('')
	}),
	delay: executable({ duration: z.union([z.number(), z.string()]).default(1) }),
	group: z.looseObject({ label, color: z.string().default('') }),
	sticky_note: z.looseObject({ label, text: z.string().default(''), color: z.string().default('') }),
};

export type NodeTypeName = keyof typeof nodeDataSchemas;
export type NodeDataOf<T extends NodeTypeName> = z.output<(typeof nodeDataSchemas)[T]>;

const defs: NodeTypeDef[] = [
	{
		type: 'input',
		label: 'Input',
		description: "Emits the run's inputs.",
		group: 'Triggers',
		icon: 'log-in',
		inputs: [],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.input,
		templated: [],
		entry: 'api',
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'http_trigger',
		label: 'Webhook trigger',
		description: 'Starts a run when its webhook is called; emits method, path, query, headers and body.',
		group: 'Triggers',
		icon: 'webhook',
		inputs: [],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.http_trigger,
		templated: [],
		entry: 'webhook',
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'cron_trigger',
		label: 'Schedule trigger',
		description: 'Starts a run on a cron schedule; emits its payload with trigger_id, triggered_at and schedule.',
		group: 'Triggers',
		icon: 'clock',
		inputs: [],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.cron_trigger,
		check: (d) => required(d, 'schedule', 'a cron schedule is required'),
		templated: [],
		entry: 'cron',
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'output',
		label: 'Output',
		description: "Contributes its input to the run's outputs (keyed by label, or merged when an object).",
		group: 'Output',
		icon: 'log-out',
		inputs: [port('input', { required: true })],
		outputs: [],
		dataSchema: nodeDataSchemas.output,
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'llm_call',
		label: 'LLM call',
		description: 'One chat completion through the gateway’s providers.',
		group: 'Processing',
		icon: 'sparkles',
		inputs: [port('prompt'), port('context')],
		outputs: [port('response'), port('usage')],
		dataSchema: nodeDataSchemas.llm_call,
		check: (d) => required(d, 'provider', 'choose a provider'),
		templated: ['system_prompt', 'prompt'],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'agent_call',
		label: 'Agent',
		description: 'A tool-using model loop with skills, MCP servers and sub-agents.',
		group: 'Processing',
		icon: 'bot',
		inputs: [
			port('prompt'),
			port('context'),
			port('skills', { many: true, kind: 'skills' }),
			port('mcp', { label: 'MCP', many: true, kind: 'mcp' }),
			port('memory', { kind: 'memory' }),
			port('agents', { many: true, kind: 'agent' })
		],
		outputs: [port('response')],
		dataSchema: nodeDataSchemas.agent_call,
		check: (d) =>
			(typeof d.agent_id === 'string' && d.agent_id !== '') || (typeof d.provider === 'string' && d.provider !== '')
				? []
				: [{ field: 'provider', message: 'choose an agent preset or a provider' }],
		templated: ['system_prompt', 'prompt'],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'skill_config',
		label: 'Skills',
		description: 'Skills for an agent.',
		group: 'Resources',
		icon: 'wrench',
		inputs: [],
		outputs: [port('skills', { kind: 'skills' })],
		dataSchema: nodeDataSchemas.skill_config,
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: true
	},
	{
		type: 'mcp_config',
		label: 'MCP servers',
		description: 'MCP servers (Streamable HTTP) whose tools an agent may call.',
		group: 'Resources',
		icon: 'plug',
		inputs: [],
		outputs: [port('mcp', { label: 'MCP', kind: 'mcp' })],
		dataSchema: nodeDataSchemas.mcp_config,
		check: (d) => {
			const urls = Array.isArray(d.mcp_urls) ? d.mcp_urls : [];
			const out: DataIssue[] = [];
			urls.forEach((u, i) => {
				if (typeof u !== 'string' || !/^https?:\/\/[^\s]+$/i.test(u)) out.push({ field: `mcp_urls.${i}`, message: 'must be an http(s) URL' });
			});
			return out;
		},
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: true
	},
	{
		type: 'memory_config',
		label: 'Memory',
		description: "Text appended to an agent's prompt.",
		group: 'Resources',
		icon: 'brain',
		inputs: [port('data')],
		outputs: [port('memory', { kind: 'memory' })],
		dataSchema: nodeDataSchemas.memory_config,
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: true
	},
	{
		type: 'agent_config',
		label: 'Sub-agent',
		description: 'An agent preset offered to an agent as a delegate_to_<name> tool.',
		group: 'Resources',
		icon: 'user-cog',
		inputs: [],
		outputs: [port('agent', { kind: 'agent' })],
		dataSchema: nodeDataSchemas.agent_config,
		check: (d) => required(d, 'agent_id', 'choose an agent'),
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: true
	},
	{
		type: 'template',
		label: 'Template',
		description: 'Renders text from its input.',
		group: 'Processing',
		icon: 'file-text',
		inputs: [port('input')],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.template,
		templated: ['template'],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'conditional',
		label: 'If',
		description: 'Routes on the truthiness of a JavaScript expression.',
		group: 'Flow control',
		icon: 'git-branch',
		inputs: [port('input', { required: true })],
		outputs: [port('true'), port('false')],
		dataSchema: nodeDataSchemas.conditional,
		check: (d) => required(d, 'expression', 'an expression is required'),
		templated: [],
		visualOnly: false,
		selectsPorts: true,
		resource: false
	},
	{
		type: 'switch',
		label: 'Switch',
		description: 'Routes to the first case whose expression is truthy, else to default.',
		group: 'Flow control',
		icon: 'split',
		inputs: [port('input', { required: true })],
		outputs: [port('default')],
		outputsFor: (d) => {
			const cases = Array.isArray(d.cases) ? d.cases : [];
			const seen = new Set<string>();
			const out: PortDef[] = [];
			for (const c of cases) {
				const name = c && typeof c === 'object' ? (c as { name?: unknown }).name : undefined;
				if (typeof name !== 'string' || !name || name === 'default' || seen.has(name)) continue;
				seen.add(name);
				out.push(port(name, { label: name }));
			}
			out.push(port('default'));
			return out;
		},
		dataSchema: nodeDataSchemas.switch,
		check: (d) => {
			const out: DataIssue[] = [];
			const seen = new Set<string>();
			(d.cases as { name: string; expression: string }[]).forEach((c, i) => {
				if (!c.name) out.push({ field: `cases.${i}.name`, message: 'a case name is required' });
				else if (!PORT_NAME_RE.test(c.name)) out.push({ field: `cases.${i}.name`, message: 'letters, digits, - and _ only, not starting with a digit' });
				else if (c.name === 'default') out.push({ field: `cases.${i}.name`, message: '"default" is reserved' });
				else if (seen.has(c.name)) out.push({ field: `cases.${i}.name`, message: `duplicate case "${c.name}"` });
				seen.add(c.name);
				if (!c.expression.trim()) out.push({ field: `cases.${i}.expression`, message: 'an expression is required' });
			});
			return out;
		},
		templated: [],
		visualOnly: false,
		selectsPorts: true,
		resource: false
	},
	{
		type: 'loop',
		label: 'Loop',
		description: 'Runs the item branch once per element; done fires with all results in order.',
		group: 'Flow control',
		icon: 'repeat',
		inputs: [port('input', { required: true })],
		outputs: [port('item'), port('done')],
		dataSchema: nodeDataSchemas.loop,
		check: (d) => required(d, 'expression', 'an expression returning an array is required'),
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'script',
		label: 'Script',
		description: 'JavaScript in a sandbox; returning routes to true, throwing to false.',
		group: 'Processing',
		icon: 'code',
		inputs: SCRIPT_INPUTS,
		outputs: boolPorts,
		dataSchema: nodeDataSchemas.script,
		check: (d) => required(d, 'code', 'code is required'),
		templated: [],
		visualOnly: false,
		selectsPorts: true,
		resource: false
	},
	{
		type: 'http_request',
		label: 'HTTP request',
		description: 'Calls a URL (through the SSRF guard); 2xx routes to success, errors to error.',
		group: 'Processing',
		icon: 'globe',
		inputs: [port('values'), port('data')],
		outputs: successPorts,
		dataSchema: nodeDataSchemas.http_request,
		check: (d) => required(d, 'url', 'a URL is required'),
		templated: ['url', 'headers', 'body'],
		visualOnly: false,
		selectsPorts: true,
		resource: false
	},
	{
		type: 'email',
		label: 'Email',
		description: 'Sends an email over SMTP using a saved email configuration.',
		group: 'Output',
		icon: 'mail',
		inputs: [port('values'), port('data')],
		outputs: successPorts,
		dataSchema: nodeDataSchemas.email,
		check: (d) => [...required(d, 'config_id', 'choose an email configuration'), ...required(d, 'to', 'a recipient is required')],
		templated: ['to', 'cc', 'bcc', 'subject', 'body'],
		visualOnly: false,
		selectsPorts: true,
		resource: false
	},
	{
		type: 'exec',
		label: 'Command',
		description: 'Runs a shell command in a per-run directory (only when enabled in the configuration).',
		group: 'Processing',
		icon: 'terminal',
		inputs: [port('data')],
		outputs: boolPorts,
		dataSchema: nodeDataSchemas.exec,
		check: (d) => required(d, 'command', 'a command is required'),
		templated: [],
		visualOnly: false,
		selectsPorts: true,
		resource: false
	},
	{
		type: 'log',
		label: 'Log',
		description: 'Writes a message to the run log and passes its input through.',
		group: 'Output',
		icon: 'scroll-text',
		inputs: [port('data')],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.log,
		templated: ['message'],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'workflow_call',
		label: 'Call workflow',
		description: "Runs another workflow's active version as a child run.",
		group: 'Processing',
		icon: 'workflow',
		inputs: [port('inputs')],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.workflow_call,
		check: (d) => required(d, 'workflow_id', 'choose a workflow'),
		templated: ['inputs'],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'delay',
		label: 'Delay',
		description: 'Waits, then passes its input through.',
		group: 'Flow control',
		icon: 'timer',
		inputs: [port('input', { required: true })],
		outputs: [port('output')],
		dataSchema: nodeDataSchemas.delay,
		check: (d) => {
			const ms = parseDurationMs(d.duration);
			return ms === null ? [{ field: 'duration', message: 'a number of seconds or e.g. "500ms", "5s", "2m", "1h"' }] : ms > 86_400_000 ? [{ field: 'duration', message: 'at most 24 hours' }] : [];
		},
		templated: [],
		visualOnly: false,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'group',
		label: 'Group',
		description: 'A labelled frame around nodes.',
		group: 'Annotation',
		icon: 'square-dashed',
		inputs: [],
		outputs: [],
		dataSchema: nodeDataSchemas.group,
		templated: [],
		visualOnly: true,
		selectsPorts: false,
		resource: false
	},
	{
		type: 'sticky_note',
		label: 'Note',
		description: 'A markdown note.',
		group: 'Annotation',
		icon: 'sticky-note',
		inputs: [],
		outputs: [],
		dataSchema: nodeDataSchemas.sticky_note,
		templated: [],
		visualOnly: true,
		selectsPorts: false,
		resource: false
	}
];

export const nodeTypes: Readonly<Record<string, NodeTypeDef>> = Object.freeze(Object.fromEntries(defs.map((d) => [d.type, d])));

export const paletteGroups: readonly PaletteGroup[] = ['Triggers', 'Processing', 'Flow control', 'Resources', 'Output', 'Annotation'];

export function getNodeType(type: string): NodeTypeDef | undefined {
	return Object.hasOwn(nodeTypes, type) ? nodeTypes[type] : undefined;
}

/** A new node's `data`: every field at its default. Throws for an unknown type. */
export function defaultData(type: string): Record<string, unknown> {
	const def = getNodeType(type);
	if (!def) throw new Error(`unknown node type "${type}"`);
	return def.dataSchema.parse({});
}

export function inputPorts(node: Pick<GraphNode, 'type' | 'data'>): PortDef[] {
	return getNodeType(node.type)?.inputs ?? [];
}

export function outputPorts(node: Pick<GraphNode, 'type' | 'data'>): PortDef[] {
	const def = getNodeType(node.type);
	if (!def) return [];
	return def.outputsFor ? def.outputsFor(node.data ?? {}) : def.outputs;
}

/** A node's `data` parsed by its type's schema, defaults filled in. Throws a ZodError when invalid. */
export function parseNodeData<T extends NodeTypeName>(type: T, data: unknown): NodeDataOf<T> {
	return nodeDataSchemas[type].parse(data ?? {}) as NodeDataOf<T>;
}
