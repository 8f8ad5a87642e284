ALTER TABLE "agent_daily_stats" ALTER COLUMN "cost" SET DATA TYPE numeric(24, 12);--> statement-breakpoint
ALTER TABLE "agent_daily_stats" ALTER COLUMN "cost" SET DEFAULT '0';--> statement-breakpoint
ALTER TABLE "interactions" ALTER COLUMN "cost" SET DATA TYPE numeric(24, 12);--> statement-breakpoint
ALTER TABLE "interactions" ALTER COLUMN "cost" SET DEFAULT '0';