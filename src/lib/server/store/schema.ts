import {
	bigint,
	bigserial,
	boolean,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const audit = {
	createdAt: ts('created_at').notNull().defaultNow(),
	updatedAt: ts('updated_at').notNull().defaultNow(),
	createdBy: text('created_by').notNull().default(''),
	updatedBy: text('updated_by').notNull().default('')
};

export type Role = 'admin' | 'editor' | 'viewer';

export const users = pgTable('at_users', {
	id: text('id').primaryKey(),
	username: text('username').notNull().unique(),
	passwordHash: text('password_hash'),
	role: text('role').$type<Role>().notNull().default('viewer'),
	createdAt: ts('created_at').notNull().defaultNow(),
	lastLoginAt: ts('last_login_at')
});

export const sessions = pgTable(
	'at_sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: ts('expires_at').notNull()
	},
	(t) => [index('at_sessions_user_idx').on(t.userId)]
);

/** Provider config as stored (secrets in `enc:` form when a key is set). */
export interface StoredProviderConfig {
	type: string;
	api_key?: string;
	base_url?: string;
	model?: string;
	models?: string[];
	extra_headers?: Record<string, string>;
	proxy?: string;
	insecure_skip_verify?: boolean;
	[k: string]: unknown;
}

export const providers = pgTable('at_providers', {
	id: text('id').primaryKey(),
	key: text('key').notNull().unique(),
	config: jsonb('config').$type<StoredProviderConfig>().notNull(),
	...audit
});

export const tokens = pgTable('at_tokens', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	tokenHash: text('token_hash').notNull().unique(),
	tokenPrefix: text('token_prefix').notNull(),
	allowedProviders: jsonb('allowed_providers').$type<string[] | null>(),
	allowedModels: jsonb('allowed_models').$type<string[] | null>(),
	allowedWebhooks: jsonb('allowed_webhooks').$type<string[] | null>(),
	expiresAt: ts('expires_at'),
	rateLimitRpm: integer('rate_limit_rpm'),
	rateLimitTpm: integer('rate_limit_tpm'),
	budgetUsd: doublePrecision('budget_usd'),
	budgetPeriod: text('budget_period'),
	lastUsedAt: ts('last_used_at'),
	...audit
});

export const workflows = pgTable('at_workflows', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	graph: jsonb('graph').$type<unknown>().notNull(),
	activeVersion: integer('active_version'),
	...audit
});

export const workflowVersions = pgTable(
	'at_workflow_versions',
	{
		id: text('id').primaryKey(),
		workflowId: text('workflow_id')
			.notNull()
			.references(() => workflows.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		graph: jsonb('graph').$type<unknown>().notNull(),
		createdAt: ts('created_at').notNull().defaultNow(),
		createdBy: text('created_by').notNull().default('')
	},
	(t) => [uniqueIndex('at_workflow_versions_wf_version_uq').on(t.workflowId, t.version)]
);

export const triggers = pgTable(
	'at_triggers',
	{
		id: text('id').primaryKey(),
		workflowId: text('workflow_id')
			.notNull()
			.references(() => workflows.id, { onDelete: 'cascade' }),
		nodeId: text('node_id'),
		type: text('type').$type<'http' | 'cron'>().notNull(),
		config: jsonb('config').$type<Record<string, unknown>>().notNull(),
		alias: text('alias').unique(),
		public: boolean('public').notNull().default(false),
		enabled: boolean('enabled').notNull().default(true),
		lastError: text('last_error'),
		lastRunAt: ts('last_run_at'),
		lastStatus: text('last_status'),
		lastRunId: text('last_run_id'),
		...audit
	},
	(t) => [index('at_triggers_workflow_idx').on(t.workflowId)]
);

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type RunSource = 'api' | 'webhook' | 'cron' | 'workflow' | 'editor';

export const runs = pgTable(
	'at_runs',
	{
		id: text('id').primaryKey(),
		workflowId: text('workflow_id').notNull(),
		workflowVersion: integer('workflow_version'),
		parentRunId: text('parent_run_id'),
		triggerId: text('trigger_id'),
		source: text('source').$type<RunSource>().notNull(),
		status: text('status').$type<RunStatus>().notNull(),
		inputs: jsonb('inputs').$type<unknown>(),
		outputs: jsonb('outputs').$type<unknown>(),
		error: text('error'),
		startedAt: ts('started_at').notNull().defaultNow(),
		finishedAt: ts('finished_at'),
		instanceId: text('instance_id').notNull().default(''),
		/** A rerun: the run it repeats, and the node it was rerun from (null = the whole run). */
		rerunOf: text('rerun_of'),
		rerunFrom: text('rerun_from')
	},
	// History lists are newest first by id (a ULID, so by start time) with optional filters; each filter
	// column is indexed together with id so a page is an index range scan.
	(t) => [
		index('at_runs_workflow_idx').on(t.workflowId, t.id),
		index('at_runs_started_idx').on(t.startedAt),
		index('at_runs_status_idx').on(t.status, t.id),
		index('at_runs_source_idx').on(t.source, t.id),
		index('at_runs_trigger_idx').on(t.triggerId, t.id),
		index('at_runs_parent_idx').on(t.parentRunId)
	]
);

export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'running';

/** A log line of a step: log nodes, script `log.*` calls, retry notices. */
export interface StepLog {
	time: string;
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

export const runSteps = pgTable(
	'at_run_steps',
	{
		runId: text('run_id')
			.notNull()
			.references(() => runs.id, { onDelete: 'cascade' }),
		nodeId: text('node_id').notNull(),
		nodeType: text('node_type').notNull(),
		status: text('status').$type<StepStatus>().notNull(),
		inputs: jsonb('inputs').$type<unknown>(),
		outputs: jsonb('outputs').$type<unknown>(),
		error: text('error'),
		logs: jsonb('logs').$type<StepLog[]>(),
		attempt: integer('attempt').notNull().default(1),
		iteration: integer('iteration').notNull().default(-1),
		startedAt: ts('started_at').notNull().defaultNow(),
		finishedAt: ts('finished_at'),
		/** The outputs were copied from the run this one reruns, not computed again. */
		reused: boolean('reused').notNull().default(false)
	},
	(t) => [primaryKey({ columns: [t.runId, t.nodeId, t.iteration] })]
);

export interface SkillTool {
	name: string;
	description: string;
	input_schema: Record<string, unknown>;
	handler: string;
	handler_type: 'js' | 'bash';
}

export const skills = pgTable('at_skills', {
	id: text('id').primaryKey(),
	name: text('name').notNull().unique(),
	description: text('description').notNull().default(''),
	systemPrompt: text('system_prompt').notNull().default(''),
	tools: jsonb('tools').$type<SkillTool[]>().notNull().default([]),
	...audit
});

export const agents = pgTable('at_agents', {
	id: text('id').primaryKey(),
	name: text('name').notNull().unique(),
	description: text('description').notNull().default(''),
	provider: text('provider').notNull().default(''),
	model: text('model').notNull().default(''),
	systemPrompt: text('system_prompt').notNull().default(''),
	skills: jsonb('skills').$type<string[]>().notNull().default([]),
	mcpUrls: jsonb('mcp_urls').$type<string[]>().notNull().default([]),
	maxIterations: integer('max_iterations').notNull().default(10),
	toolTimeout: integer('tool_timeout').notNull().default(30),
	...audit
});

export const variables = pgTable('at_variables', {
	id: text('id').primaryKey(),
	key: text('key').notNull().unique(),
	value: text('value').notNull().default(''),
	description: text('description').notNull().default(''),
	secret: boolean('secret').notNull().default(false),
	...audit
});

export const nodeConfigs = pgTable('at_node_configs', {
	id: text('id').primaryKey(),
	name: text('name').notNull().unique(),
	type: text('type').notNull(),
	data: jsonb('data').$type<Record<string, unknown>>().notNull(),
	...audit
});

export const usage = pgTable(
	'at_usage',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		time: ts('time').notNull().defaultNow(),
		requestId: text('request_id'),
		tokenId: text('token_id'),
		provider: text('provider').notNull(),
		model: text('model').notNull(),
		promptTokens: integer('prompt_tokens').notNull().default(0),
		completionTokens: integer('completion_tokens').notNull().default(0),
		cachedTokens: integer('cached_tokens').notNull().default(0),
		cost: doublePrecision('cost').notNull().default(0),
		latencyMs: integer('latency_ms').notNull().default(0),
		status: integer('status').notNull(),
		error: text('error'),
		stream: boolean('stream').notNull().default(false),
		source: text('source').$type<'gateway' | 'workflow' | 'chat'>().notNull().default('gateway')
	},
	(t) => [
		index('at_usage_time_idx').on(t.time),
		index('at_usage_token_idx').on(t.tokenId, t.time)
	]
);

/**
 * Hourly pre-aggregates of at_usage, kept by insertUsageRows in the same transaction as the rows, so that
 * the Usage page reads a few thousand rows instead of scanning every call (SPEC §10). One row per hour
 * and slice: dim 'all' (the hour's totals, with a latency histogram), 'model' (provider + model),
 * 'token' (token_id + source; '' for calls without a token) and 'status'. Unused key columns are ''/0.
 */
export const usageRollup = pgTable(
	'at_usage_rollup',
	{
		hour: ts('hour').notNull(),
		dim: text('dim').$type<'all' | 'model' | 'token' | 'status'>().notNull(),
		provider: text('provider').notNull().default(''),
		model: text('model').notNull().default(''),
		tokenId: text('token_id').notNull().default(''),
		source: text('source').notNull().default(''),
		status: integer('status').notNull().default(0),
		requests: bigint('requests', { mode: 'number' }).notNull().default(0),
		promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull().default(0),
		completionTokens: bigint('completion_tokens', { mode: 'number' }).notNull().default(0),
		cachedTokens: bigint('cached_tokens', { mode: 'number' }).notNull().default(0),
		cost: doublePrecision('cost').notNull().default(0),
		errors: bigint('errors', { mode: 'number' }).notNull().default(0),
		/** Sum of latency_ms (the average is latency_ms / requests). */
		latencyMs: bigint('latency_ms', { mode: 'number' }).notNull().default(0),
		/** dim 'all' only: call counts per latency bucket (see LATENCY_BUCKETS in queries/usage.ts). */
		latencyHist: integer('latency_hist').array()
	},
	(t) => [primaryKey({ columns: [t.hour, t.dim, t.provider, t.model, t.tokenId, t.source, t.status] })]
);

export const prices = pgTable('at_prices', {
	model: text('model').primaryKey(),
	inputPerMillion: doublePrecision('input_per_million').notNull(),
	outputPerMillion: doublePrecision('output_per_million').notNull(),
	cachedInputPerMillion: doublePrecision('cached_input_per_million'),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export const settings = pgTable('at_settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ProviderRow = typeof providers.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type WorkflowRow = typeof workflows.$inferSelect;
export type WorkflowVersionRow = typeof workflowVersions.$inferSelect;
export type TriggerRow = typeof triggers.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type RunStepRow = typeof runSteps.$inferSelect;
export type SkillRow = typeof skills.$inferSelect;
export type AgentRow = typeof agents.$inferSelect;
export type VariableRow = typeof variables.$inferSelect;
export type NodeConfigRow = typeof nodeConfigs.$inferSelect;
export type UsageRow = typeof usage.$inferSelect;
export type NewUsageRow = typeof usage.$inferInsert;
export type PriceRow = typeof prices.$inferSelect;
