CREATE TABLE "actions_org_policies" (
	"org_id" bigint PRIMARY KEY NOT NULL,
	"actions_enabled" text DEFAULT 'inherit' NOT NULL,
	"require_pr_approval" boolean,
	"max_repo_queued_runs" integer,
	"max_repo_concurrent_jobs" integer,
	"max_owner_concurrent_jobs" integer,
	"actor_trigger_limit_per_hour" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "actions_repo_policies" (
	"repo_id" bigint PRIMARY KEY NOT NULL,
	"actions_enabled" text DEFAULT 'inherit' NOT NULL,
	"require_pr_approval" boolean,
	"max_repo_queued_runs" integer,
	"max_repo_concurrent_jobs" integer,
	"max_owner_concurrent_jobs" integer,
	"actor_trigger_limit_per_hour" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "actions_site_policy" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"actions_enabled" boolean DEFAULT true NOT NULL,
	"require_pr_approval" boolean DEFAULT true NOT NULL,
	"max_repo_queued_runs" integer DEFAULT 50 NOT NULL,
	"max_repo_concurrent_jobs" integer DEFAULT 20 NOT NULL,
	"max_owner_concurrent_jobs" integer DEFAULT 100 NOT NULL,
	"actor_trigger_limit_per_hour" integer DEFAULT 120 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "check_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"repo_id" bigint NOT NULL,
	"head_sha" text NOT NULL,
	"app_slug" text DEFAULT 'shithub-actions' NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"conclusion" text,
	"details_url" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personal_access_tokens" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personal_access_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"scopes" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pull_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pull_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"base_repo_id" bigint NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"author_user_id" bigint,
	"head_repo_id" bigint NOT NULL,
	"head_branch" text NOT NULL,
	"head_sha" text NOT NULL,
	"base_branch" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"triggered_sha" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "pull_requests_state" CHECK ("pull_requests"."state" IN ('open','closed'))
);
--> statement-breakpoint
CREATE TABLE "push_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "push_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"repo_id" bigint NOT NULL,
	"pusher_user_id" bigint,
	"ref" text NOT NULL,
	"before_sha" text NOT NULL,
	"after_sha" text NOT NULL,
	"head_commit" jsonb NOT NULL,
	"changed_paths" text[],
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "push_events_status" CHECK ("push_events"."status" IN ('pending','processed','failed'))
);
--> statement-breakpoint
CREATE TABLE "repo_collaborators" (
	"repo_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repo_collaborators_repo_id_user_id_pk" PRIMARY KEY("repo_id","user_id"),
	CONSTRAINT "repo_collaborators_role" CHECK ("repo_collaborators"."role" IN ('read','write','admin'))
);
--> statement-breakpoint
CREATE TABLE "repos" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "repos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"owner_user_id" bigint,
	"owner_org_id" bigint,
	"owner_name" text NOT NULL,
	"name" text NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"default_branch" text DEFAULT 'trunk' NOT NULL,
	"fork_of_repo_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repos_one_owner" CHECK (("repos"."owner_user_id" IS NULL) <> ("repos"."owner_org_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "runner_jwt_used" (
	"jti" text PRIMARY KEY NOT NULL,
	"runner_id" bigint NOT NULL,
	"job_id" bigint NOT NULL,
	"run_id" bigint NOT NULL,
	"repo_id" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "runner_jwt_used_jti_len" CHECK (char_length("runner_jwt_used"."jti") BETWEEN 16 AND 128)
);
--> statement-breakpoint
CREATE TABLE "runner_tokens" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "runner_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"runner_id" bigint NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "runner_tokens_hash_len" CHECK (octet_length("runner_tokens"."token_hash") = 32)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"password_hash" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_artifacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_artifacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" bigint NOT NULL,
	"name" text NOT NULL,
	"object_key" text NOT NULL,
	"byte_count" bigint DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone DEFAULT now() + interval '90 days' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_job_secret_masks" (
	"job_id" bigint PRIMARY KEY NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"nonce" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_jobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" bigint NOT NULL,
	"job_index" integer NOT NULL,
	"job_key" text NOT NULL,
	"job_name" text DEFAULT '' NOT NULL,
	"runs_on" text[] DEFAULT '{}'::text[] NOT NULL,
	"runner_id" bigint,
	"needs_jobs" text[] DEFAULT '{}'::text[] NOT NULL,
	"if_expr" text DEFAULT '' NOT NULL,
	"timeout_minutes" integer DEFAULT 360 NOT NULL,
	"permissions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"job_env" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"matrix" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"matrix_group" text DEFAULT '' NOT NULL,
	"fail_fast" boolean DEFAULT false NOT NULL,
	"continue_on_error" boolean DEFAULT false NOT NULL,
	"concurrency_group" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"conclusion" text,
	"status_reason" text,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"cancel_requested_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_jobs_status" CHECK ("workflow_jobs"."status" IN ('queued','running','completed','cancelled','skipped')),
	CONSTRAINT "workflow_jobs_timeout" CHECK ("workflow_jobs"."timeout_minutes" BETWEEN 1 AND 4320),
	CONSTRAINT "workflow_jobs_terminal_conclusion" CHECK ("workflow_jobs"."status" NOT IN ('completed','skipped','cancelled') OR "workflow_jobs"."conclusion" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "workflow_run_approvals" (
	"run_id" bigint PRIMARY KEY NOT NULL,
	"requested_reason" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by_user_id" bigint,
	"approved_at" timestamp with time zone,
	"rejected_by_user_id" bigint,
	"rejected_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workflow_runners" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_runners_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'offline' NOT NULL,
	"last_heartbeat_at" timestamp with time zone,
	"registered_by_user_id" bigint,
	"host_name" text DEFAULT '' NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"draining_at" timestamp with time zone,
	"drain_reason" text,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_runners_capacity" CHECK ("workflow_runners"."capacity" BETWEEN 1 AND 64),
	CONSTRAINT "workflow_runners_status" CHECK ("workflow_runners"."status" IN ('idle','busy','offline'))
);
--> statement-breakpoint
CREATE TABLE "workflow_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"repo_id" bigint NOT NULL,
	"run_index" integer NOT NULL,
	"workflow_file" text NOT NULL,
	"workflow_name" text DEFAULT '' NOT NULL,
	"head_sha" text NOT NULL,
	"head_ref" text DEFAULT '' NOT NULL,
	"event" text NOT NULL,
	"event_payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_user_id" bigint,
	"parent_run_id" bigint,
	"concurrency_group" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"conclusion" text,
	"pinned" boolean DEFAULT false NOT NULL,
	"need_approval" boolean DEFAULT false NOT NULL,
	"approved_by_user_id" bigint,
	"diagnostics" jsonb,
	"trigger_event_id" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_runs_status" CHECK ("workflow_runs"."status" IN ('queued','running','completed','cancelled')),
	CONSTRAINT "workflow_runs_completed_conclusion" CHECK ("workflow_runs"."status" <> 'completed' OR "workflow_runs"."conclusion" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "workflow_secrets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_secrets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"repo_id" bigint,
	"org_id" bigint,
	"name" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"nonce" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_secrets_one_scope" CHECK (("workflow_secrets"."repo_id" IS NULL) <> ("workflow_secrets"."org_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "workflow_step_log_carries" (
	"step_id" bigint PRIMARY KEY NOT NULL,
	"after_seq" integer NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"nonce" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_step_log_chunks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_step_log_chunks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"step_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"chunk" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_step_log_chunks_seq" CHECK ("workflow_step_log_chunks"."seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workflow_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" bigint NOT NULL,
	"step_index" integer NOT NULL,
	"step_id" text DEFAULT '' NOT NULL,
	"step_name" text DEFAULT '' NOT NULL,
	"if_expr" text DEFAULT '' NOT NULL,
	"run_command" text DEFAULT '' NOT NULL,
	"uses_alias" text DEFAULT '' NOT NULL,
	"shell" text DEFAULT '' NOT NULL,
	"working_directory" text DEFAULT '' NOT NULL,
	"step_env" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"step_with" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"continue_on_error" boolean DEFAULT false NOT NULL,
	"timeout_minutes" integer,
	"status" text DEFAULT 'queued' NOT NULL,
	"conclusion" text,
	"log_object_key" text,
	"log_byte_count" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_steps_status" CHECK ("workflow_steps"."status" IN ('queued','running','completed','cancelled','skipped'))
);
--> statement-breakpoint
ALTER TABLE "actions_org_policies" ADD CONSTRAINT "actions_org_policies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions_repo_policies" ADD CONSTRAINT "actions_repo_policies_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_access_tokens" ADD CONSTRAINT "personal_access_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_base_repo_id_repos_id_fk" FOREIGN KEY ("base_repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_head_repo_id_repos_id_fk" FOREIGN KEY ("head_repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_events" ADD CONSTRAINT "push_events_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_events" ADD CONSTRAINT "push_events_pusher_user_id_users_id_fk" FOREIGN KEY ("pusher_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repo_collaborators" ADD CONSTRAINT "repo_collaborators_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repo_collaborators" ADD CONSTRAINT "repo_collaborators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repos" ADD CONSTRAINT "repos_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repos" ADD CONSTRAINT "repos_owner_org_id_organizations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runner_jwt_used" ADD CONSTRAINT "runner_jwt_used_runner_id_workflow_runners_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."workflow_runners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runner_jwt_used" ADD CONSTRAINT "runner_jwt_used_job_id_workflow_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."workflow_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runner_jwt_used" ADD CONSTRAINT "runner_jwt_used_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runner_jwt_used" ADD CONSTRAINT "runner_jwt_used_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runner_tokens" ADD CONSTRAINT "runner_tokens_runner_id_workflow_runners_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."workflow_runners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_artifacts" ADD CONSTRAINT "workflow_artifacts_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_job_secret_masks" ADD CONSTRAINT "workflow_job_secret_masks_job_id_workflow_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."workflow_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD CONSTRAINT "workflow_jobs_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD CONSTRAINT "workflow_jobs_runner_id_workflow_runners_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."workflow_runners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_run_approvals" ADD CONSTRAINT "workflow_run_approvals_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runners" ADD CONSTRAINT "workflow_runners_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_secrets" ADD CONSTRAINT "workflow_secrets_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_secrets" ADD CONSTRAINT "workflow_secrets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_log_carries" ADD CONSTRAINT "workflow_step_log_carries_step_id_workflow_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_log_chunks" ADD CONSTRAINT "workflow_step_log_chunks_step_id_workflow_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD CONSTRAINT "workflow_steps_job_id_workflow_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."workflow_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "check_runs_external_uq" ON "check_runs" USING btree ("repo_id","app_slug","external_id");--> statement-breakpoint
CREATE INDEX "check_runs_sha_idx" ON "check_runs" USING btree ("repo_id","head_sha");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_name_lower_uq" ON "organizations" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "personal_access_tokens_hash_uq" ON "personal_access_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "pull_requests_base_number_uq" ON "pull_requests" USING btree ("base_repo_id","number");--> statement-breakpoint
CREATE INDEX "pull_requests_head_idx" ON "pull_requests" USING btree ("head_repo_id","head_branch") WHERE "pull_requests"."state" = 'open';--> statement-breakpoint
CREATE INDEX "push_events_pending_idx" ON "push_events" USING btree ("created_at","id") WHERE "push_events"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "repos_owner_name_uq" ON "repos" USING btree (lower("owner_name"),lower("name"));--> statement-breakpoint
CREATE INDEX "runner_jwt_used_expires_idx" ON "runner_jwt_used" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "runner_jwt_used_runner_idx" ON "runner_jwt_used" USING btree ("runner_id","used_at");--> statement-breakpoint
CREATE UNIQUE INDEX "runner_tokens_hash_uq" ON "runner_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "runner_tokens_runner_idx" ON "runner_tokens" USING btree ("runner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_name_lower_uq" ON "users" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_artifacts_run_name_uq" ON "workflow_artifacts" USING btree ("run_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_jobs_run_key_uq" ON "workflow_jobs" USING btree ("run_id","job_key");--> statement-breakpoint
CREATE INDEX "workflow_jobs_run_idx" ON "workflow_jobs" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "workflow_jobs_runner_status_idx" ON "workflow_jobs" USING btree ("runner_id","status") WHERE "workflow_jobs"."runner_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflow_jobs_queue_idx" ON "workflow_jobs" USING btree ("created_at","id") WHERE "workflow_jobs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "workflow_jobs_running_idx" ON "workflow_jobs" USING btree ("status") WHERE "workflow_jobs"."status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runners_name_uq" ON "workflow_runners" USING btree ("name");--> statement-breakpoint
CREATE INDEX "workflow_runners_labels_gin" ON "workflow_runners" USING gin ("labels");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_repo_index_uq" ON "workflow_runs" USING btree ("repo_id","run_index");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_trigger_uq" ON "workflow_runs" USING btree ("repo_id","workflow_file","trigger_event_id") WHERE "workflow_runs"."trigger_event_id" <> '';--> statement-breakpoint
CREATE INDEX "workflow_runs_repo_status_idx" ON "workflow_runs" USING btree ("repo_id","status","created_at");--> statement-breakpoint
CREATE INDEX "workflow_runs_repo_sha_idx" ON "workflow_runs" USING btree ("repo_id","head_sha");--> statement-breakpoint
CREATE INDEX "workflow_runs_concurrency_idx" ON "workflow_runs" USING btree ("repo_id","concurrency_group") WHERE "workflow_runs"."concurrency_group" <> '';--> statement-breakpoint
CREATE INDEX "workflow_runs_retention_idx" ON "workflow_runs" USING btree ("completed_at") WHERE "workflow_runs"."pinned" = false AND "workflow_runs"."status" IN ('completed','cancelled');--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_secrets_repo_name_uq" ON "workflow_secrets" USING btree ("repo_id",lower("name")) WHERE "workflow_secrets"."repo_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_secrets_org_name_uq" ON "workflow_secrets" USING btree ("org_id",lower("name")) WHERE "workflow_secrets"."org_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_step_log_chunks_step_seq_uq" ON "workflow_step_log_chunks" USING btree ("step_id","seq");--> statement-breakpoint
CREATE INDEX "workflow_step_log_chunks_created_idx" ON "workflow_step_log_chunks" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_steps_job_index_uq" ON "workflow_steps" USING btree ("job_id","step_index");