CREATE TABLE "agent_users" (
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"end_user_id" text NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	CONSTRAINT "agent_users_agent_id_end_user_id_pk" PRIMARY KEY("agent_id","end_user_id")
);
--> statement-breakpoint
CREATE INDEX "agent_users_last_day_idx" ON "agent_users" USING btree ("agent_id","last_day");