CREATE TABLE "workflow_step_log_outbox" (
	"step_id" bigint PRIMARY KEY NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD COLUMN "log_sha256" text;--> statement-breakpoint
ALTER TABLE "workflow_step_log_outbox" ADD CONSTRAINT "workflow_step_log_outbox_step_id_workflow_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_step_log_outbox_due_idx" ON "workflow_step_log_outbox" USING btree ("next_attempt_at","step_id");--> statement-breakpoint
CREATE INDEX "runner_jwt_used_used_idx" ON "runner_jwt_used" USING btree ("used_at");--> statement-breakpoint
CREATE INDEX "workflow_artifacts_expires_idx" ON "workflow_artifacts" USING btree ("expires_at","id");