ALTER TABLE "at_run_steps" ADD COLUMN "reused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "at_runs" ADD COLUMN "rerun_of" text;--> statement-breakpoint
ALTER TABLE "at_runs" ADD COLUMN "rerun_from" text;