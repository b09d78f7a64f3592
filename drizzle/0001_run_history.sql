DROP INDEX "at_runs_workflow_idx";--> statement-breakpoint
DROP INDEX "at_runs_status_idx";--> statement-breakpoint
ALTER TABLE "at_run_steps" ADD COLUMN "logs" jsonb;--> statement-breakpoint
ALTER TABLE "at_triggers" ADD COLUMN "last_run_id" text;--> statement-breakpoint
CREATE INDEX "at_runs_source_idx" ON "at_runs" USING btree ("source","id");--> statement-breakpoint
CREATE INDEX "at_runs_trigger_idx" ON "at_runs" USING btree ("trigger_id","id");--> statement-breakpoint
CREATE INDEX "at_runs_parent_idx" ON "at_runs" USING btree ("parent_run_id");--> statement-breakpoint
CREATE INDEX "at_runs_workflow_idx" ON "at_runs" USING btree ("workflow_id","id");--> statement-breakpoint
CREATE INDEX "at_runs_status_idx" ON "at_runs" USING btree ("status","id");