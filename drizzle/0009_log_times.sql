CREATE TABLE "workflow_step_log_times" (
	"step_id" bigint PRIMARY KEY NOT NULL,
	"marks" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflow_step_log_times" ADD CONSTRAINT "workflow_step_log_times_step_id_workflow_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_steps"("id") ON DELETE cascade ON UPDATE no action;