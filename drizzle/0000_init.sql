CREATE TABLE "at_agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"provider" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"system_prompt" text DEFAULT '' NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mcp_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_iterations" integer DEFAULT 10 NOT NULL,
	"tool_timeout" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_agents_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "at_node_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_node_configs_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "at_prices" (
	"model" text PRIMARY KEY NOT NULL,
	"input_per_million" double precision NOT NULL,
	"output_per_million" double precision NOT NULL,
	"cached_input_per_million" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "at_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_providers_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "at_run_steps" (
	"run_id" text NOT NULL,
	"node_id" text NOT NULL,
	"node_type" text NOT NULL,
	"status" text NOT NULL,
	"inputs" jsonb,
	"outputs" jsonb,
	"error" text,
	"attempt" integer DEFAULT 1 NOT NULL,
	"iteration" integer DEFAULT -1 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "at_run_steps_run_id_node_id_iteration_pk" PRIMARY KEY("run_id","node_id","iteration")
);
--> statement-breakpoint
CREATE TABLE "at_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_version" integer,
	"parent_run_id" text,
	"trigger_id" text,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"inputs" jsonb,
	"outputs" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"instance_id" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "at_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "at_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "at_skills" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"system_prompt" text DEFAULT '' NOT NULL,
	"tools" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_skills_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "at_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_prefix" text NOT NULL,
	"allowed_providers" jsonb,
	"allowed_models" jsonb,
	"allowed_webhooks" jsonb,
	"expires_at" timestamp with time zone,
	"rate_limit_rpm" integer,
	"rate_limit_tpm" integer,
	"budget_usd" double precision,
	"budget_period" text,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "at_triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"node_id" text,
	"type" text NOT NULL,
	"config" jsonb NOT NULL,
	"alias" text,
	"public" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_error" text,
	"last_run_at" timestamp with time zone,
	"last_status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_triggers_alias_unique" UNIQUE("alias")
);
--> statement-breakpoint
CREATE TABLE "at_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"time" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" text,
	"token_id" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"cost" double precision DEFAULT 0 NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"status" integer NOT NULL,
	"error" text,
	"stream" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'gateway' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "at_users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "at_users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "at_variables" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	CONSTRAINT "at_variables_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "at_workflow_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"graph" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "at_workflows" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"graph" jsonb NOT NULL,
	"active_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "at_run_steps" ADD CONSTRAINT "at_run_steps_run_id_at_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "at_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "at_sessions" ADD CONSTRAINT "at_sessions_user_id_at_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "at_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "at_triggers" ADD CONSTRAINT "at_triggers_workflow_id_at_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "at_workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "at_workflow_versions" ADD CONSTRAINT "at_workflow_versions_workflow_id_at_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "at_workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "at_runs_workflow_idx" ON "at_runs" USING btree ("workflow_id","started_at");--> statement-breakpoint
CREATE INDEX "at_runs_started_idx" ON "at_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "at_runs_status_idx" ON "at_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "at_sessions_user_idx" ON "at_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "at_triggers_workflow_idx" ON "at_triggers" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "at_usage_time_idx" ON "at_usage" USING btree ("time");--> statement-breakpoint
CREATE INDEX "at_usage_token_idx" ON "at_usage" USING btree ("token_id","time");--> statement-breakpoint
CREATE UNIQUE INDEX "at_workflow_versions_wf_version_uq" ON "at_workflow_versions" USING btree ("workflow_id","version");