ALTER TABLE "minutes" ADD COLUMN "read_back" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "minutes" ADD COLUMN "missing_parts" jsonb DEFAULT '[]'::jsonb NOT NULL;-- Hand-written (helper minutes2): minutes saved before the official template's parts lack a place and an
-- agenda; name what their current revision misses, in the order of missingMinutesParts (meeting-quality.ts).
UPDATE "minutes" mi SET "missing_parts" = (
  SELECT to_jsonb(array_remove(ARRAY[
    'địa điểm',
    'nội dung sinh hoạt',
    CASE WHEN jsonb_array_length(coalesce(r.content->'discussion', '[]'::jsonb)) = 0 THEN 'ý kiến thảo luận' END,
    CASE WHEN coalesce(r.content->>'conclusions', '') = '' THEN 'kết luận của chủ trì' END
  ], NULL))
  FROM "minutes_revisions" r
  WHERE r.meeting_id = mi.meeting_id AND r.region_id = mi.region_id AND r.revision = mi.current_revision
);
