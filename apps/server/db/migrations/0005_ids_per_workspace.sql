-- Interaction ids are unique per workspace, not across all tenants (issue 14).
ALTER TABLE "interaction_keys" DROP CONSTRAINT "interaction_keys_pkey";--> statement-breakpoint
ALTER TABLE "interaction_keys" ADD CONSTRAINT "interaction_keys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id");--> statement-breakpoint
ALTER TABLE "interactions" DROP CONSTRAINT "interactions_id_created_at_pk";--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_id_created_at_workspace_id_pk" PRIMARY KEY("id","created_at","workspace_id");
