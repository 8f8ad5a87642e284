ALTER TABLE "builds" ADD COLUMN "unclear" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "words" text;