CREATE TABLE "record_totals" (
	"table_name" text NOT NULL,
	"col" text NOT NULL,
	"key" text NOT NULL,
	"measure" text NOT NULL,
	"count" bigint NOT NULL,
	"sum" numeric NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app_tables" ADD COLUMN "totals" jsonb DEFAULT '{"groups":[],"measures":[]}'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "record_totals_key" ON "record_totals" USING btree ("table_name","col","key","measure");