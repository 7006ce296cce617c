DROP INDEX "meetings_branch_month_uq";--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "guests_present" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "makeup_of" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "off_month_reason" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_makeup_of_meetings_id_fk" FOREIGN KEY ("makeup_of") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_makeup_of_uq" ON "meetings" USING btree ("makeup_of") WHERE "meetings"."makeup_of" is not null;--> statement-breakpoint
CREATE INDEX "meetings_branch_month_idx" ON "meetings" USING btree ("branch_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_branch_month_uq" ON "meetings" USING btree ("branch_id","month") WHERE "meetings"."makeup_of" is null;