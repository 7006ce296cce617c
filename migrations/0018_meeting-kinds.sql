CREATE TYPE "public"."meeting_kind" AS ENUM('regular', 'thematic', 'combined');--> statement-breakpoint
ALTER TYPE "public"."reminder_kind" ADD VALUE 'secretary_thematic';--> statement-breakpoint
CREATE TABLE "member_exemptions" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"decision_ref" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_exemptions_pk" PRIMARY KEY("id","region_id"),
	CONSTRAINT "member_exemptions_period_ck" CHECK ("member_exemptions"."to_date" is null or "member_exemptions"."from_date" <= "member_exemptions"."to_date")
);
--> statement-breakpoint
CREATE TABLE "temporary_attendances" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"home_organisation" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "temporary_attendances_pk" PRIMARY KEY("id","region_id"),
	CONSTRAINT "temporary_attendances_period_ck" CHECK ("temporary_attendances"."to_date" is null or "temporary_attendances"."from_date" <= "temporary_attendances"."to_date")
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "kind" "meeting_kind" DEFAULT 'regular' NOT NULL;--> statement-breakpoint
ALTER TABLE "member_exemptions" ADD CONSTRAINT "member_exemptions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_exemptions" ADD CONSTRAINT "member_exemptions_member_fk" FOREIGN KEY ("member_id","region_id") REFERENCES "public"."members"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "temporary_attendances" ADD CONSTRAINT "temporary_attendances_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temporary_attendances" ADD CONSTRAINT "temporary_attendances_member_fk" FOREIGN KEY ("member_id","region_id") REFERENCES "public"."members"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "member_exemptions_member_idx" ON "member_exemptions" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "temporary_attendances_member_idx" ON "temporary_attendances" USING btree ("member_id");