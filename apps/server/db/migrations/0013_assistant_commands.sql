CREATE TABLE "app_commands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"interaction_id" uuid,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"entity" text,
	"record_id" uuid,
	"changes" jsonb,
	"before" jsonb,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app_commands" ADD CONSTRAINT "app_commands_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_commands" ADD CONSTRAINT "app_commands_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_commands_app_idx" ON "app_commands" USING btree ("workspace_id","app_id","created_at" DESC NULLS LAST);