ALTER TABLE "committees" ADD COLUMN "report_code" text;--> statement-breakpoint
ALTER TABLE "committees" ADD COLUMN "signed_for" text;--> statement-breakpoint
ALTER TABLE "committees" ADD COLUMN "signer_title" text;--> statement-breakpoint
ALTER TABLE "committees" ADD COLUMN "place" text;