-- Every branch's rows carry `region_id`, the province-level committee (depth 2 of the committee's path; the
-- root itself at the top): the distribution column a Citus cluster shards by (src/db/distribution.ts,
-- docs/scaling.md). Each table's primary and unique keys include it, and each child refers to its parent by
-- (id, region_id), so a row's region is its parent's by construction; moving a branch to another province
-- carries its rows along (ON UPDATE CASCADE; on Citus such a move is a script).

-- 1. A committee's region, derived from its path.
ALTER TABLE "committees" ADD COLUMN "region_id" uuid GENERATED ALWAYS AS (coalesce(ancestor_ids[least(2, cardinality(ancestor_ids))], id)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_id_region_uq" UNIQUE("id","region_id");--> statement-breakpoint

-- 2. The column, filled from each row's parent.
ALTER TABLE "branches" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "attendance" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "minutes" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "minutes_revisions" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "minutes_files" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "reminders" ADD COLUMN "region_id" uuid;--> statement-breakpoint

UPDATE "branches" b SET "region_id" = c."region_id" FROM "committees" c WHERE c."id" = b."committee_id";--> statement-breakpoint
UPDATE "members" m SET "region_id" = b."region_id" FROM "branches" b WHERE b."id" = m."branch_id";--> statement-breakpoint
UPDATE "meetings" m SET "region_id" = b."region_id" FROM "branches" b WHERE b."id" = m."branch_id";--> statement-breakpoint
UPDATE "attendance_sheets" x SET "region_id" = m."region_id" FROM "meetings" m WHERE m."id" = x."meeting_id";--> statement-breakpoint
UPDATE "attendance" x SET "region_id" = m."region_id" FROM "meetings" m WHERE m."id" = x."meeting_id";--> statement-breakpoint
UPDATE "minutes" x SET "region_id" = m."region_id" FROM "meetings" m WHERE m."id" = x."meeting_id";--> statement-breakpoint
ALTER TABLE "minutes_revisions" DISABLE TRIGGER "minutes_revisions_append_only";--> statement-breakpoint
UPDATE "minutes_revisions" x SET "region_id" = m."region_id" FROM "meetings" m WHERE m."id" = x."meeting_id";--> statement-breakpoint
ALTER TABLE "minutes_revisions" ENABLE TRIGGER "minutes_revisions_append_only";--> statement-breakpoint
UPDATE "minutes_files" x SET "region_id" = m."region_id" FROM "meetings" m WHERE m."id" = x."meeting_id";--> statement-breakpoint
UPDATE "minutes_file_chunks" x SET "region_id" = f."region_id" FROM "minutes_files" f WHERE f."id" = x."file_id";--> statement-breakpoint
UPDATE "feed_tokens" t SET "region_id" = coalesce(
  (SELECT b."region_id" FROM "branches" b WHERE b."id" = t."branch_id"),
  (SELECT m."region_id" FROM "members" m WHERE m."id" = t."member_id"),
  (SELECT c."region_id" FROM "committees" c WHERE c."id" = t."committee_id"));--> statement-breakpoint
-- A reminder's region: its branch's, meeting's or member's; an officer's notice, their committee's.
UPDATE "reminders" r SET "region_id" = coalesce(
  (SELECT b."region_id" FROM "branches" b WHERE b."id" = r."branch_id"),
  (SELECT m."region_id" FROM "meetings" m WHERE m."id" = r."meeting_id"),
  (SELECT m."region_id" FROM "members" m WHERE m."id" = r."member_id"),
  (SELECT c."region_id" FROM "users" u JOIN "committees" c ON c."id" = u."committee_id" WHERE u."id" = r."user_id"),
  (SELECT b."region_id" FROM "users" u JOIN "branches" b ON b."id" = u."branch_id" WHERE u."id" = r."user_id"),
  (SELECT c."region_id" FROM "committees" c WHERE c."parent_id" IS NULL ORDER BY c."created_at" LIMIT 1));--> statement-breakpoint
-- Rows no parent accounts for could not be placed: none are expected; they would stop the migration here.
ALTER TABLE "branches" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "minutes" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "minutes_revisions" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "minutes_files" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "feed_tokens" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "reminders" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint

-- 3. The old links and keys, by id alone.
ALTER TABLE "attendance" DROP CONSTRAINT "attendance_meeting_id_attendance_sheets_meeting_id_fk";--> statement-breakpoint
ALTER TABLE "attendance" DROP CONSTRAINT "attendance_member_id_members_id_fk";--> statement-breakpoint
ALTER TABLE "attendance_sheets" DROP CONSTRAINT "attendance_sheets_meeting_id_meetings_id_fk";--> statement-breakpoint
ALTER TABLE "minutes" DROP CONSTRAINT "minutes_meeting_id_meetings_id_fk";--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" DROP CONSTRAINT "minutes_file_chunks_file_id_minutes_files_id_fk";--> statement-breakpoint
ALTER TABLE "minutes_files" DROP CONSTRAINT "minutes_files_meeting_id_meetings_id_fk";--> statement-breakpoint
ALTER TABLE "minutes_revisions" DROP CONSTRAINT "minutes_revisions_meeting_id_minutes_meeting_id_fk";--> statement-breakpoint
ALTER TABLE "branches" DROP CONSTRAINT "branches_committee_id_committees_id_fk";--> statement-breakpoint
ALTER TABLE "members" DROP CONSTRAINT "members_branch_id_branches_id_fk";--> statement-breakpoint
-- users is a reference table and audit_log a coordinator table: Citus links neither to distributed rows.
-- The services check these ids when they write them, and branches and members are never deleted.
ALTER TABLE "users" DROP CONSTRAINT "users_branch_id_branches_id_fk";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_member_id_members_id_fk";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_branch_id_branches_id_fk";--> statement-breakpoint
ALTER TABLE "feed_tokens" DROP CONSTRAINT "feed_tokens_branch_id_branches_id_fk";--> statement-breakpoint
ALTER TABLE "feed_tokens" DROP CONSTRAINT "feed_tokens_member_id_members_id_fk";--> statement-breakpoint
ALTER TABLE "feed_tokens" DROP CONSTRAINT "feed_tokens_committee_id_committees_id_fk";--> statement-breakpoint
ALTER TABLE "meetings" DROP CONSTRAINT "meetings_branch_id_branches_id_fk";--> statement-breakpoint
ALTER TABLE "meetings" DROP CONSTRAINT "meetings_makeup_of_meetings_id_fk";--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_branch_id_branches_id_fk";--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_meeting_id_meetings_id_fk";--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_member_id_members_id_fk";--> statement-breakpoint
DROP INDEX "minutes_revisions_meeting_rev_uq";--> statement-breakpoint
DROP INDEX "members_branch_email_active_uq";--> statement-breakpoint
DROP INDEX "feed_tokens_hash_uq";--> statement-breakpoint
DROP INDEX "meetings_branch_month_uq";--> statement-breakpoint
DROP INDEX "meetings_makeup_of_uq";--> statement-breakpoint
DROP INDEX "reminders_key_uq";--> statement-breakpoint
ALTER TABLE "attendance" DROP CONSTRAINT "attendance_pk";--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" DROP CONSTRAINT "minutes_file_chunks_pk";--> statement-breakpoint
ALTER TABLE "attendance_sheets" DROP CONSTRAINT "attendance_sheets_pkey";--> statement-breakpoint
ALTER TABLE "minutes" DROP CONSTRAINT "minutes_pkey";--> statement-breakpoint
ALTER TABLE "minutes_files" DROP CONSTRAINT "minutes_files_pkey";--> statement-breakpoint
ALTER TABLE "minutes_revisions" DROP CONSTRAINT "minutes_revisions_pkey";--> statement-breakpoint
ALTER TABLE "branches" DROP CONSTRAINT "branches_pkey";--> statement-breakpoint
ALTER TABLE "members" DROP CONSTRAINT "members_pkey";--> statement-breakpoint
ALTER TABLE "feed_tokens" DROP CONSTRAINT "feed_tokens_pkey";--> statement-breakpoint
ALTER TABLE "meetings" DROP CONSTRAINT "meetings_pkey";--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_pkey";--> statement-breakpoint

-- 4. Keys with the region (the id first, so that a lookup by id still uses them), links by (id, region).
ALTER TABLE "branches" ADD CONSTRAINT "branches_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD CONSTRAINT "attendance_sheets_pk" PRIMARY KEY("meeting_id","region_id");--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_pk" PRIMARY KEY("meeting_id","member_id","region_id");--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_pk" PRIMARY KEY("meeting_id","region_id");--> statement-breakpoint
ALTER TABLE "minutes_revisions" ADD CONSTRAINT "minutes_revisions_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
ALTER TABLE "minutes_files" ADD CONSTRAINT "minutes_files_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" ADD CONSTRAINT "minutes_file_chunks_pk" PRIMARY KEY("file_id","seq","region_id");--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_pk" PRIMARY KEY("id","region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "minutes_revisions_meeting_rev_uq" ON "minutes_revisions" USING btree ("meeting_id","revision","region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_branch_email_active_uq" ON "members" USING btree ("branch_id","email","region_id") WHERE "members"."email" is not null and "members"."left_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_tokens_hash_uq" ON "feed_tokens" USING btree ("token_hash","region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_branch_month_uq" ON "meetings" USING btree ("branch_id","month","region_id") WHERE "meetings"."makeup_of" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_makeup_of_uq" ON "meetings" USING btree ("makeup_of","region_id") WHERE "meetings"."makeup_of" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_key_uq" ON "reminders" USING btree ("key","region_id");--> statement-breakpoint
ALTER TABLE "branches" ADD CONSTRAINT "branches_committee_fk" FOREIGN KEY ("committee_id","region_id") REFERENCES "public"."committees"("id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_branch_fk" FOREIGN KEY ("branch_id","region_id") REFERENCES "public"."branches"("id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_branch_fk" FOREIGN KEY ("branch_id","region_id") REFERENCES "public"."branches"("id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_makeup_of_fk" FOREIGN KEY ("makeup_of","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD CONSTRAINT "attendance_sheets_meeting_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_sheet_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."attendance_sheets"("meeting_id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_member_fk" FOREIGN KEY ("member_id","region_id") REFERENCES "public"."members"("id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_meeting_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "minutes_revisions" ADD CONSTRAINT "minutes_revisions_minutes_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."minutes"("meeting_id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "minutes_files" ADD CONSTRAINT "minutes_files_meeting_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" ADD CONSTRAINT "minutes_file_chunks_file_fk" FOREIGN KEY ("file_id","region_id") REFERENCES "public"."minutes_files"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_branch_fk" FOREIGN KEY ("branch_id","region_id") REFERENCES "public"."branches"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_member_fk" FOREIGN KEY ("member_id","region_id") REFERENCES "public"."members"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_committee_fk" FOREIGN KEY ("committee_id","region_id") REFERENCES "public"."committees"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_branch_fk" FOREIGN KEY ("branch_id","region_id") REFERENCES "public"."branches"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_meeting_fk" FOREIGN KEY ("meeting_id","region_id") REFERENCES "public"."meetings"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_member_fk" FOREIGN KEY ("member_id","region_id") REFERENCES "public"."members"("id","region_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint

-- 5. The history stays untouchable, except that it follows its branch to another region.
CREATE OR REPLACE FUNCTION minutes_revisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'region_id') = (to_jsonb(OLD) - 'region_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'minutes_revisions is append-only';
END;
$$;
--> statement-breakpoint
-- Every row was rewritten: fresh statistics for the planner at once (the dead rows wait for autovacuum).
-- Not on a new, empty database: statistics of empty tables would make the planner read them as empty until
-- autovacuum analyses them again (sequential scans: the outbox sent at half its speed in bench/reminders.ts).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "branches") THEN
    ANALYZE "branches", "members", "meetings", "attendance_sheets", "attendance", "minutes", "minutes_revisions",
      "minutes_files", "minutes_file_chunks", "feed_tokens", "reminders";
  END IF;
END;
$$;
