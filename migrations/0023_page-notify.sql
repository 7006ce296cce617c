-- Rendered pages kept by each app instance (src/web/page-cache.ts) are dropped by the same change
-- notifications as the feeds ('chibo_feeds', migrations/0006_feed_notify.sql). The feeds' triggers already
-- cover meetings, branches, committees, campaigns and their catalogue, members joining, leaving or moving,
-- and users disabled. These add what the meeting page shows besides, as 'g:<branch ids>' (something a
-- page of these branches shows changed; feed tokens ignore it) or 'g:*' (forget every page: for rare
-- changes that reach many branches). tests/web/page-cache-triggers.test.ts holds every table a kept page
-- reads to a trigger here or in 0006.

-- Rows that name a meeting or a member: the branches of those (TG_ARGV[0]: 'meetings' by meeting_id,
-- 'members' by member_id), read through the statement's transition tables.
CREATE OR REPLACE FUNCTION chibo_pages_via() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := CASE TG_ARGV[0] WHEN 'meetings' THEN 'meeting_id' ELSE 'member_id' END;
  src text := CASE TG_OP WHEN 'INSERT' THEN format('SELECT %1$I FROM new_rows', col)
                          WHEN 'DELETE' THEN format('SELECT %1$I FROM old_rows', col)
                          ELSE format('SELECT %1$I FROM old_rows UNION SELECT %1$I FROM new_rows', col) END;
  ids uuid[];
BEGIN
  EXECUTE format('SELECT array(SELECT DISTINCT x.branch_id FROM %I x WHERE x.id IN (%s))', TG_ARGV[0], src)
    INTO ids;
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
    ('attendance', 'chibo_pages_via(''meetings'')'), ('absence_notices', 'chibo_pages_via(''meetings'')'),
    ('attendance_sheets', 'chibo_pages_via(''meetings'')'), ('minutes', 'chibo_pages_via(''meetings'')'),
    ('minutes_revisions', 'chibo_pages_via(''meetings'')'), ('minutes_files', 'chibo_pages_via(''meetings'')'),
    ('meeting_ratings', 'chibo_pages_via(''meetings'')'),
    ('members', 'chibo_pages_by_branch()'),
    ('member_exemptions', 'chibo_pages_via(''members'')'), ('temporary_attendances', 'chibo_pages_via(''members'')')) AS v
  LOOP
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_ins AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION %2$s', t, f);
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_upd AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows '
      'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %2$s', t, f);
    EXECUTE format('CREATE TRIGGER chibo_pages_%1$s_del AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION %2$s', t, f);
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
-- Reminders: added or removed by the statement; changed row by row, and only when what a page shows of them
-- changes (sent, failed, waiting, withdrawn; a failure's reply): the outbox's claims (queued → sending) and
-- retries (sending → queued) change nothing a page shows and cost no notification.
CREATE TRIGGER chibo_pages_reminders_ins AFTER INSERT ON reminders REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_by_branch();
--> statement-breakpoint
CREATE TRIGGER chibo_pages_reminders_del AFTER DELETE ON reminders REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_by_branch();
--> statement-breakpoint
CREATE TRIGGER chibo_pages_reminders_truncate AFTER TRUNCATE ON reminders
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_pages_flush();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_pages_reminder_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.branch_id IS NOT NULL THEN
    PERFORM pg_notify('chibo_feeds', 'g:' || OLD.branch_id);
  END IF;
  IF NEW.branch_id IS NOT NULL AND NEW.branch_id IS DISTINCT FROM OLD.branch_id THEN
    PERFORM pg_notify('chibo_feeds', 'g:' || NEW.branch_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chibo_pages_reminders_upd AFTER UPDATE ON reminders FOR EACH ROW
  WHEN ((OLD.state IS DISTINCT FROM NEW.state
         AND NOT (OLD.state IN ('queued', 'sending') AND NEW.state IN ('queued', 'sending')))
        OR OLD.last_response IS DISTINCT FROM NEW.last_response OR OLD.to_email IS DISTINCT FROM NEW.to_email
        OR OLD.branch_id IS DISTINCT FROM NEW.branch_id OR OLD.member_id IS DISTINCT FROM NEW.member_id
        OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id)
  EXECUTE FUNCTION chibo_pages_reminder_row();
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
