ALTER TABLE "campaign_events" ADD COLUMN "committee_id" uuid;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "pages_estimated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_events" ADD CONSTRAINT "campaign_events_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Campaign events appear in the feeds: a change tells the feed caches (as 0006 does for the catalogue).
CREATE TRIGGER chibo_feeds_campaign_events_ins AFTER INSERT ON campaign_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_catalogue();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_campaign_events_upd AFTER UPDATE ON campaign_events REFERENCING OLD TABLE AS old_rows
  NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_catalogue();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_campaign_events_del AFTER DELETE ON campaign_events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_catalogue();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_campaign_events_truncate AFTER TRUNCATE ON campaign_events
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_flush();
--> statement-breakpoint
-- The seed catalogue's page ranges inside a part are estimates (src/campaigns/seed-campaign.ts): the topics
-- that still carry the seed's code and range, in the seeded campaign and its copies, are marked so.
UPDATE topics SET pages_estimated = true
 WHERE (code, page_start, page_end) IN (('P1.1',11,38), ('P1.2',39,66), ('P1.3',67,94), ('P1.4',95,122),
   ('P1.5',123,150), ('P1.6',151,178), ('P1.7',179,206), ('P2.1',207,259), ('P2.2',260,312), ('P2.3',313,365),
   ('P2.4',366,418), ('P2.5',419,470), ('P2.6',471,522), ('P3.1',523,554), ('P3.2',555,587), ('P3.3',588,619));
--> statement-breakpoint
-- The seeded texts as the feeds now write them: August's two anniversaries in full, and deadlines that name
-- no fixed "Thị ủy" (the feeds name the committee that runs the campaign).
UPDATE peak_dates SET name = 'Cách mạng tháng Tám thành công'
 WHERE day = 19 AND month = 8 AND base_year = 1945 AND name = 'Cách mạng tháng Tám';
--> statement-breakpoint
UPDATE peak_dates SET name = 'Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam'
 WHERE day = 2 AND month = 9 AND base_year = 1945 AND name = 'Quốc khánh';
--> statement-breakpoint
UPDATE deadlines SET title = 'Chi bộ báo cáo kết quả đợt sinh hoạt trước ngày 30/10 hằng năm'
 WHERE title = 'Chi bộ báo cáo kết quả đợt sinh hoạt về Ban Thường vụ Thị ủy (qua Ban Tuyên giáo Thị ủy) trước ngày 30/10 hằng năm';
--> statement-breakpoint
UPDATE deadlines SET title = 'Ban Thường vụ tổng hợp, báo cáo kết quả đợt sinh hoạt lên cấp ủy cấp trên trước ngày 15/11 hằng năm'
 WHERE title = 'Ban Thường vụ Thị ủy tổng hợp, báo cáo Ban Tuyên giáo Tỉnh ủy trước ngày 15/11 hằng năm';
