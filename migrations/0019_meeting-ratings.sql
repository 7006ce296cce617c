CREATE TABLE "committee_rating_settings" (
	"committee_id" uuid PRIMARY KEY NOT NULL,
	"quality" jsonb,
	"scheme" jsonb,
	"year_rule" jsonb,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_ratings" (
	"meeting_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"points" jsonb NOT NULL,
	"scheme" jsonb NOT NULL,
	"total" integer NOT NULL,
	"band" text NOT NULL,
	"rated_by" uuid,
	"rated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_ratings_pk" PRIMARY KEY("meeting_id","region_id"),
	CONSTRAINT "meeting_ratings_band_ck" CHECK ("meeting_ratings"."band" in ('tot', 'kha', 'trung_binh', 'kem'))
);
--> statement-breakpoint
ALTER TABLE "committee_rating_settings" ADD CONSTRAINT "committee_rating_settings_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_rating_settings" ADD CONSTRAINT "committee_rating_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_ratings" ADD CONSTRAINT "meeting_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_ratings" ADD CONSTRAINT "meeting_ratings_meeting_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE cascade ON UPDATE cascade;