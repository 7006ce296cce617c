-- Rendered pages kept by each app instance (src/web/page-cache.ts) are dropped by the same change
-- notifications as the feeds ('chibo_feeds', migrations/0006_feed_notify.sql). The feeds' triggers already
-- cover meetings, branches, committees, campaigns and their catalogue, members joining, leaving or moving,
-- and users disabled. These add what the meeting page shows besides, as 'g:<branch ids>' (something a
-- page of these branches shows changed; feed tokens ignore it) or 'g:*' (forget every page: for rare
-- changes that reach many branches). tests/web/page-cache-triggers.test.ts holds every table a kept page
-- reads to a trigger here or in 0006.
CREATE OR REPLACE FUNCTION chibo_pages_by_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := array(SELECT DISTINCT m.branch_id FROM meetings m WHERE m.id IN (SELECT meeting_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    ids := array(SELECT DISTINCT m.branch_id FROM meetings m WHERE m.id IN (SELECT meeting_id FROM old_rows));
  ELSE
    ids := array(SELECT DISTINCT m.branch_id FROM meetings m
                 WHERE m.id IN (SELECT meeting_id FROM old_rows UNION SELECT meeting_id FROM new_rows));
  END IF;
  PERFORM chibo_feeds_notify('g', ids);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_pages_by_branch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := array(SELECT DISTINCT branch_id FROM new_rows WHERE branch_id IS NOT NULL);
  ELSIF TG_OP = 'DELETE' THEN
    ids := array(SELECT DISTINCT branch_id FROM old_rows WHERE branch_id IS NOT NULL);
  ELSE
    ids := array(SELECT branch_id FROM old_rows WHERE branch_id IS NOT NULL
                 UNION SELECT branch_id FROM new_rows WHERE branch_id IS NOT NULL);
  END IF;
  PERFORM chibo_feeds_notify('g', ids);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_pages_by_member() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := array(SELECT DISTINCT m.branch_id FROM members m WHERE m.id IN (SELECT member_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    ids := array(SELECT DISTINCT m.branch_id FROM members m WHERE m.id IN (SELECT member_id FROM old_rows));
  ELSE
    ids := array(SELECT DISTINCT m.branch_id FROM members m
                 WHERE m.id IN (SELECT member_id FROM old_rows UNION SELECT member_id FROM new_rows));
  END IF;
  PERFORM chibo_feeds_notify('g', ids);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_pages_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chibo_feeds', 'g:*');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  f text;
BEGIN
  FOR t, f IN SELECT * FROM (VALUES
    ('attendance', 'chibo_pages_by_meeting'), ('absence_notices', 'chibo_pages_by_meeting'),
    ('attendance_sheets', 'chibo_pages_by_meeting'), ('minutes', 'chibo_pages_by_meeting'),
    ('minutes_revisions', 'chibo_pages_by_meeting'), ('minutes_files', 'chibo_pages_by_meeting'),
    ('meeting_ratings', 'chibo_pages_by_meeting'),
    ('reminders', 'chibo_pages_by_branch'), ('members', 'chibo_pages_by_branch'),
    ('member_exemptions', 'chibo_pages_by_member'), ('temporary_attendances', 'chibo_pages_by_member')) AS v
  LOOP
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_ins AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION %2$I()', t, f);
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_upd AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows '
      'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %2$I()', t, f);
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_del AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION %2$I()', t, f);
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_truncate AFTER TRUNCATE ON %1$I '
      'FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_flush()', t);
  END LOOP;
  -- Rare changes that reach many branches' pages: the days off, a committee's rating scheme.
  FOREACH t IN ARRAY ARRAY['holiday_overrides', 'committee_rating_settings'] LOOP
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %1$I '
      'FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_flush()', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Pages name who rated, revised or uploaded (users.display_name).
CREATE TRIGGER chibo_pages_users_upd AFTER UPDATE ON users
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION chibo_pages_flush();
--> statement-breakpoint
CREATE TRIGGER chibo_pages_users_del AFTER DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_flush();
--> statement-breakpoint
-- The keys that sign the pages' links are made once and kept; one replaced or removed changes the links.
CREATE TRIGGER chibo_pages_mail_keys AFTER UPDATE OR DELETE OR TRUNCATE ON mail_keys
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_flush();
