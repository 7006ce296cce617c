ALTER TABLE "attendance_sheets" ADD COLUMN "total_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "full_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "probationary_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "exempted_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "temporary_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------------------
-- Hand-written (issue 20, "Reports stay fast"): backfill the counts by category of every existing sheet, and
-- each mark's `expected` against today's exemptions. The same statement as `refreshSheetCountsSql`
-- (src/minutes/sheet-counts-queries.ts) over every sheet; tests/reports/report-categories.test.ts runs this
-- block on sheets whose counts were zeroed and compares with what a save writes.
with target as (
  select m.id, m.region_id, m.date
    from meetings m join attendance_sheets s0 on s0.meeting_id = m.id and s0.region_id = m.region_id
),
marks as (
  select a.meeting_id, a.region_id, a.member_id, a.status, a.expected as was_expected,
         mem.status as member_status, mem.role <> 'guest' as on_list,
         exists (select 1 from member_exemptions x
                  where x.member_id = a.member_id and x.region_id = a.region_id
                    and x.from_date <= t.date and (x.to_date is null or t.date <= x.to_date)) as exempted,
         exists (select 1 from temporary_attendances x
                  where x.member_id = a.member_id and x.region_id = a.region_id
                    and x.from_date <= t.date and (x.to_date is null or t.date <= x.to_date)) as temporary
    from target t
    join attendance a on a.meeting_id = t.id and a.region_id = t.region_id
    join members mem on mem.id = a.member_id and mem.region_id = a.region_id
),
judged as (
  select *, on_list and not (exempted and status <> 'present') as counted from marks
),
expected_fixed as (
  update attendance a set expected = j.counted
    from judged j
   where a.meeting_id = j.meeting_id and a.region_id = j.region_id and a.member_id = j.member_id
     and a.expected <> j.counted
),
counts as (
  select meeting_id, region_id,
         count(*) filter (where on_list)::int as total,
         count(*) filter (where on_list and member_status = 'full')::int as full_n,
         count(*) filter (where on_list and member_status <> 'full')::int as probationary,
         count(*) filter (where on_list and exempted)::int as exempted,
         count(*) filter (where on_list and temporary)::int as temporary,
         count(*) filter (where counted)::int as required,
         count(*) filter (where counted and status = 'present')::int as present,
         count(*) filter (where counted and status = 'absent_excused')::int as excused,
         count(*) filter (where counted and status = 'absent_unexcused')::int as unexcused
    from judged group by meeting_id, region_id
)
update attendance_sheets s set
       total_count = coalesce(c.total, 0), full_count = coalesce(c.full_n, 0),
       probationary_count = coalesce(c.probationary, 0), exempted_count = coalesce(c.exempted, 0),
       temporary_count = coalesce(c.temporary, 0), expected_count = coalesce(c.required, 0),
       present_count = coalesce(c.present, 0), excused_count = coalesce(c.excused, 0),
       unexcused_count = coalesce(c.unexcused, 0)
  from target t left join counts c on c.meeting_id = t.id and c.region_id = t.region_id
 where s.meeting_id = t.id and s.region_id = t.region_id;
