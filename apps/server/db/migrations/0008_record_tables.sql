CREATE TABLE "app_tables" (
	"app_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"search_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_tables_app_id_entity_pk" PRIMARY KEY("app_id","entity")
);
--> statement-breakpoint
ALTER TABLE "app_tables" ADD CONSTRAINT "app_tables_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_tables" ADD CONSTRAINT "app_tables_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- A value as another column kind, or null when it does not read as one: used when a field's type
-- changes (the old column keeps every value; these fill the new one).
CREATE FUNCTION vta_try_numeric(v text) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN nullif(replace(replace(replace(trim(v), ',', ''), '$', ''), '€', ''), '')::numeric;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION vta_try_date(v text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF trim(v) !~ '^\d{4}-\d{2}-\d{2}' THEN RETURN NULL; END IF;
  RETURN left(trim(v), 10)::date;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION vta_try_timestamptz(v text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF trim(v) !~ '^\d{4}-\d{2}-\d{2}' THEN RETURN NULL; END IF;
  RETURN trim(v)::timestamptz;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION vta_try_boolean(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN lower(trim(v)) IN ('true', 't', 'yes', 'y', '1') THEN true WHEN lower(trim(v)) IN ('false', 'f', 'no', 'n', '0') THEN false END
$$;
--> statement-breakpoint
CREATE FUNCTION vta_try_uuid(v text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN trim(v) ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN trim(v)::uuid END
$$;
