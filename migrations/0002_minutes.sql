CREATE TYPE "public"."attendance_status" AS ENUM('present', 'absent_excused', 'absent_unexcused');--> statement-breakpoint
CREATE TABLE "attendance" (
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"expected" boolean NOT NULL,
	"status" "attendance_status" NOT NULL,
	"reason" text,
	CONSTRAINT "attendance_pk" PRIMARY KEY("meeting_id","member_id"),
	CONSTRAINT "attendance_reason_ck" CHECK (("attendance"."status" = 'absent_excused') = ("attendance"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "attendance_sheets" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"guests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expected_count" integer NOT NULL,
	"present_count" integer NOT NULL,
	"excused_count" integer NOT NULL,
	"unexcused_count" integer NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minutes" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"current_revision" integer NOT NULL,
	"topic_id" uuid,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"submitted_revision" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minutes_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minutes_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"content" jsonb NOT NULL,
	"reason" text,
	"after_submission" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_attendance_sheets_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."attendance_sheets"("meeting_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD CONSTRAINT "attendance_sheets_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD CONSTRAINT "attendance_sheets_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_files" ADD CONSTRAINT "minutes_files_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_files" ADD CONSTRAINT "minutes_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_revisions" ADD CONSTRAINT "minutes_revisions_meeting_id_minutes_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."minutes"("meeting_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_revisions" ADD CONSTRAINT "minutes_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_unexcused_idx" ON "attendance" USING btree ("member_id","meeting_id") WHERE "attendance"."status" = 'absent_unexcused' and "attendance"."expected";--> statement-breakpoint
CREATE INDEX "minutes_files_meeting_idx" ON "minutes_files" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "minutes_revisions_meeting_rev_uq" ON "minutes_revisions" USING btree ("meeting_id","revision");