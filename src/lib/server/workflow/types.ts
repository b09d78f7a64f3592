import type { Graph, GraphNode } from '$lib/workflow';
import type { RunSource, RunStatus } from '../store/schema';

/** What a node hands to the runner: the value of each output port it activates (absent = inactive). */
export interface NodeResult {
	outputs: Record<string, unknown>;
	/**
	 * Set when the node reports an error on its `error` port without throwing (an HTTP status ≥ 400):
	 * the step is recorded as failed with this message, and when neither `error` nor `always` is
	 * connected the runner treats it as a failure (stop_on_error).
	 */
	error?: string;
	/** The reported error may go away on a retry (HTTP 408, 429, 5xx): `retry` applies. */
	retryable?: boolean;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ChatCallRequest {
	provider: string;
	model: string;
	messages: Record<string, unknown>[];
	temperature?: number | null;
	max_tokens?: number | null;
	response_format?: 'text' | 'json';
	tools?: Record<string, unknown>[];
}

export interface ChatCallResult {
	message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] };
	usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
	model: string;
	finish_reason: string | null;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ChildRunRequest {
	workflowId: string;
	inputs: unknown;
	parentRunId: string;
	depth: number;
	signal: AbortSignal;
}

export interface ChildRunResult {
	runId: string;
	status: RunStatus;
	outputs: Record<string, unknown>;
	error: string | null;
}

/** Services an executor may use; the engine provides them (tests may provide fakes). */
export interface EngineHost {
	instanceId: string;
	config: {
		execEnabled: boolean;
		allowHosts: string[];
		maxDepth: number;
	};
	getVar(key: string): Promise<string | undefined>;
	chat(req: ChatCallRequest, signal: AbortSignal): Promise<ChatCallResult>;
	runChild(req: ChildRunRequest): Promise<ChildRunResult>;
	/** Loads rows the resource-using executors need (skills, agents, email configs). */
	loaders: ResourceLoaders;
}

export interface SkillDef {
	id: string;
	name: string;
	description: string;
	system_prompt: string;
	tools: { name: string; description: string; input_schema: Record<string, unknown>; handler: string; handler_type: 'js' | 'bash' }[];
}

export interface AgentDef {
	id: string;
	name: string;
	description: string;
	provider: string;
	model: string;
	system_prompt: string;
	skills: string[];
	mcp_urls: string[];
	max_iterations: number;
	tool_timeout: number;
}

export interface ResourceLoaders {
	skills(refs: string[]): Promise<SkillDef[]>;
	agents(refs: string[]): Promise<AgentDef[]>;
	/** A node config with its secrets decrypted; undefined when missing. */
	nodeConfig(ref: string): Promise<{ id: string; name: string; type: string; data: Record<string, unknown> } | undefined>;
}

export interface RunInfo {
	id: string;
	workflowId: string;
	version: number | null;
	source: RunSource;
	inputs: unknown;
	/** The trigger's payload for webhook and cron runs. */
	payload: unknown;
	triggerId: string | null;
	depth: number;
	graph: Graph;
}

export interface NodeContext {
	node: GraphNode;
	/** `data` parsed by the node type's schema (defaults filled). */
	data: Record<string, unknown>;
	/** Values of the active incoming edges by port name; "many" ports hold arrays. */
	inputs: Record<string, unknown>;
	/** Aborts on run cancel, run failure elsewhere, or this node's timeout. */
	signal: AbortSignal;
	attempt: number;
	iteration: number;
	run: RunInfo;
	host: EngineHost;
	/** What scripts and templates see: the inputs by port name, plus `inputs`. */
	scope: Record<string, unknown>;
	render(template: string): Promise<string>;
	/** The node's templated fields (NodeTypeDef.templated) rendered over the scope. */
	renderData(): Promise<Record<string, unknown>>;
	log(level: LogLevel, message: string): void;
}

export type Executor = (ctx: NodeContext) => Promise<NodeResult>;

/** A failure whose message is final (no "node X:" prefix is needed beyond the runner's). */
export class NodeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NodeError';
	}
}

export class CancelledError extends Error {
	constructor(message = 'cancelled') {
		super(message);
		this.name = 'CancelledError';
	}
}
