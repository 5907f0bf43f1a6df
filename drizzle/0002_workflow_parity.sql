CREATE TABLE "actions_variables" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "actions_variables_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"repo_id" bigint,
	"org_id" bigint,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "actions_variables_one_scope" CHECK (("actions_variables"."repo_id" IS NULL) <> ("actions_variables"."org_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "workflow_job_annotations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_job_annotations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" bigint NOT NULL,
	"step_id" bigint,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"title" text,
	"file" text,
	"line" integer,
	"end_line" integer,
	"col" integer,
	"end_column" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_job_annotations_level" CHECK ("workflow_job_annotations"."level" IN ('error','warning','notice'))
);
--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "output_templates" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "timeout_minutes_expr" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "continue_on_error_expr" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD COLUMN "outputs" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD COLUMN "continue_on_error_expr" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD COLUMN "timeout_minutes_expr" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD COLUMN "summary" text;--> statement-breakpoint
ALTER TABLE "actions_variables" ADD CONSTRAINT "actions_variables_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions_variables" ADD CONSTRAINT "actions_variables_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_job_annotations" ADD CONSTRAINT "workflow_job_annotations_job_id_workflow_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."workflow_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_job_annotations" ADD CONSTRAINT "workflow_job_annotations_step_id_workflow_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "actions_variables_repo_name_uq" ON "actions_variables" USING btree ("repo_id",lower("name")) WHERE "actions_variables"."repo_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "actions_variables_org_name_uq" ON "actions_variables" USING btree ("org_id",lower("name")) WHERE "actions_variables"."org_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflow_job_annotations_job_idx" ON "workflow_job_annotations" USING btree ("job_id","step_id");