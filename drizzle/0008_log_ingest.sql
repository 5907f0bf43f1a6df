CREATE TABLE "workflow_step_log_held_chunks" (
	"step_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"nonce" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_step_log_held_chunks_step_id_seq_pk" PRIMARY KEY("step_id","seq")
);
--> statement-breakpoint
ALTER TABLE "workflow_step_log_held_chunks" ADD CONSTRAINT "workflow_step_log_held_chunks_step_id_workflow_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Log chunks are 64 KiB of text, TOAST-compressed as they are stored: lz4 stores them about
-- twice as fast as the default pglz at nearly the same size (measured, SPEC §20 log ingest).
-- Only where the server was built with lz4 (PostgreSQL 14+; PGlite is not).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings
             WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
    ALTER TABLE workflow_step_log_chunks ALTER COLUMN chunk SET COMPRESSION lz4;
  END IF;
END $$;
