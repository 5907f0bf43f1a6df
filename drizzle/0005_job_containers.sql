ALTER TABLE "workflow_jobs" ADD COLUMN "containers" jsonb;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "workflow_call" jsonb;