DROP INDEX "topics_campaign_code_uq";--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "topics_campaign_code_uq" ON "topics" USING btree ("campaign_id","code") WHERE "topics"."removed_at" is null;