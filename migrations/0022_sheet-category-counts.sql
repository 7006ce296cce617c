ALTER TABLE "attendance_sheets" ADD COLUMN "total_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "full_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "probationary_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "exempted_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_sheets" ADD COLUMN "temporary_count" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------------------
-- Hand-written (issue 20, "Reports stay fast"): backfill the counts by category of every existing sheet, and
-- each mark's `expected` against today's exemptions. The same statement as `refreshSheetCountsSql`
-- (src/minutes/sheet-counts-queries.ts) over every sheet; tests/reports/report-categories.test.ts runs this
-- block on sheets whose counts were zeroed and compares with what a save writes. Statistics first: without
-- them the planner may rewrite `expected` by scanning the marks once per changed mark.
ANALYZE attendance, attendance_sheets, members, meetings, member_exemptions, temporary_attendances;--> statement-breakpoint
with target as (
  select m.id, m.region_id, m.branch_id, m.date
    from meetings m join attendance_sheets s0 on s0.meeting_id = m.id and s0.region_id = m.region_id
),
-- The (meeting, member) pairs exempted or temporary on the meeting's date, found from the standings' side
-- (a few members of a branch): one hash lookup per mark instead of an index probe per mark and standing.
standing as (
  select distinct 'exempted'::text as kind, t.id as meeting_id, x.member_id
    from member_exemptions x
    join members xm on xm.id = x.member_id and xm.region_id = x.region_id
    join target t on t.branch_id = xm.branch_id and t.region_id = xm.region_id
     and x.from_date <= t.date and (x.to_date is null or t.date <= x.to_date)
  union
  select distinct 'temporary'::text, t.id, x.member_id
    from temporary_attendances x
    join members xm on xm.id = x.member_id and xm.region_id = x.region_id
    join target t on t.branch_id = xm.branch_id and t.region_id = xm.region_id
     and x.from_date <= t.date and (x.to_date is null or t.date <= x.to_date)
),
marks as (
  select a.meeting_id, a.region_id, a.member_id, a.status, a.expected as was_expected,
         mem.status as member_status, mem.role <> 'guest' as on_list,
         ex.member_id is not null as exempted, tp.member_id is not null as temporary
    from target t
    join attendance a on a.meeting_id = t.id and a.region_id = t.region_id
    join members mem on mem.id = a.member_id and mem.region_id = a.region_id
    left join standing ex on ex.kind = 'exempted' and ex.meeting_id = a.meeting_id and ex.member_id = a.member_id
    left join standing tp on tp.kind = 'temporary' and tp.meeting_id = a.meeting_id and tp.member_id = a.member_id
),
judged as (
  select *, on_list and not (exempted and status <> 'present') as counted from marks
),
expected_fixed as (
  update attendance a set expected = j.counted
    from (select * from judged where was_expected <> counted) j
   where a.meeting_id = j.meeting_id and a.region_id = j.region_id and a.member_id = j.member_id
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
