CREATE TABLE "absence_notices" (
	"meeting_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"sent_by" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "absence_notices_pk" PRIMARY KEY("meeting_id","member_id","region_id"),
	CONSTRAINT "absence_notices_reason_ck" CHECK (length(btrim("absence_notices"."reason")) between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "absence_notices" ADD CONSTRAINT "absence_notices_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_notices" ADD CONSTRAINT "absence_notices_meeting_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "absence_notices" ADD CONSTRAINT "absence_notices_member_fk" FOREIGN KEY ("member_id","region_id") REFERENCES "public"."members"("id","region_id") ON DELETE cascade ON UPDATE cascade;