CREATE TYPE "public"."reminder_kind" AS ENUM('meeting_reminder', 'meeting_update', 'meeting_cancel', 'peak_notice', 'secretary_prepare', 'secretary_minutes', 'deadline_notice');--> statement-breakpoint
CREATE TYPE "public"."reminder_state" AS ENUM('queued', 'sending', 'sent', 'failed', 'withdrawn');--> statement-breakpoint
CREATE TABLE "mail_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" "reminder_kind" NOT NULL,
	"slot" text NOT NULL,
	"branch_id" uuid,
	"meeting_id" uuid,
	"member_id" uuid,
	"user_id" uuid,
	"ref_id" uuid,
	"ref_date" date,
	"revision" integer,
	"to_email" text,
	"state" "reminder_state" DEFAULT 'queued' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_response" text,
	"message_id" text NOT NULL,
	"subject" text,
	"snapshot" jsonb,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_key_uq" ON "reminders" USING btree ("key");--> statement-breakpoint
CREATE INDEX "reminders_due_idx" ON "reminders" USING btree ("next_attempt_at") WHERE "reminders"."state" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "reminders_meeting_idx" ON "reminders" USING btree ("meeting_id","member_id");--> statement-breakpoint
CREATE INDEX "reminders_member_idx" ON "reminders" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "reminders_message_id_idx" ON "reminders" USING btree ("message_id");