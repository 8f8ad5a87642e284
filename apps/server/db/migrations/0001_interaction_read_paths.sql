CREATE INDEX "agent_daily_users_workspace_day_idx" ON "agent_daily_users" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "interaction_keys_created_idx" ON "interaction_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "interactions_end_user_idx" ON "interactions" USING btree ("workspace_id","end_user_id","created_at" DESC NULLS LAST);