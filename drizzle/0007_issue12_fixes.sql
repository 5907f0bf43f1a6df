CREATE TABLE "runner_heartbeat_buckets" (
	"runner_id" bigint PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"refilled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "max_parallel" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "token_chain" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runner_heartbeat_buckets" ADD CONSTRAINT "runner_heartbeat_buckets_runner_id_workflow_runners_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."workflow_runners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_jobs_concurrency_idx" ON "workflow_jobs" USING btree ("concurrency_group") WHERE "workflow_jobs"."concurrency_group" <> '';