-- Every app instance keeps what it knows about feed tokens in memory and listens on the channel
-- 'chibo_feeds'. These triggers tell it what changed, at commit, for each table a feed's version is made
-- of (src/feeds/feed-queries.ts, STATE_SQL): feed_tokens, members (joining, leaving, moving), users
-- (disabled), branches, meetings, committees, campaigns, topics, peak_dates, deadlines.
-- Payloads: 't:<token ids>', 'm:<member ids>', 'u:<user ids>', 'b:<branch ids>', 'c:<committee ids>'
-- (every committee above a changed branch), 'k:<campaign ids>', or 'flush' (forget everything).
-- Identical payloads in one transaction are delivered once. Holidays, campaign events and the topic
-- schedule are not shown in feeds (a schedule change reaches them through the meetings it rewrites).
CREATE OR REPLACE FUNCTION chibo_feeds_notify(kind text, ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(cardinality(ids), 0);
  i int := 1;
BEGIN
  IF n = 0 THEN RETURN; END IF;
  -- A payload holds at most 8000 bytes: 200 ids a message; beyond 4000 ids forgetting all is cheaper.
  IF n > 4000 THEN
    PERFORM pg_notify('chibo_feeds', 'flush');
    RETURN;
  END IF;
  WHILE i <= n LOOP
    PERFORM pg_notify('chibo_feeds', kind || ':' || array_to_string(ids[i:i + 199], ','));
    i := i + 200;
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Branches changed (or their meetings): the branches, and every committee above them.
CREATE OR REPLACE FUNCTION chibo_feeds_notify_scope(branch_ids uuid[], committee_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM chibo_feeds_notify('b', branch_ids);
  PERFORM chibo_feeds_notify('c', array(
    SELECT DISTINCT a FROM committees c, unnest(c.ancestor_ids || c.id) a WHERE c.id = ANY(committee_ids)));
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_feeds_meetings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := array(SELECT DISTINCT branch_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    ids := array(SELECT DISTINCT branch_id FROM old_rows);
  ELSE
    ids := array(SELECT branch_id FROM old_rows UNION SELECT branch_id FROM new_rows);
  END IF;
  PERFORM chibo_feeds_notify_scope(ids, array(SELECT DISTINCT committee_id FROM branches WHERE id = ANY(ids)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_meetings_ins AFTER INSERT ON meetings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_meetings();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_meetings_upd AFTER UPDATE ON meetings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_meetings();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_meetings_del AFTER DELETE ON meetings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_meetings();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_feeds_branches() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  comms uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT id), array_agg(DISTINCT committee_id) INTO ids, comms FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT id), array_agg(DISTINCT committee_id) INTO ids, comms FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT id), array_agg(DISTINCT committee_id) INTO ids, comms
    FROM (SELECT id, committee_id FROM old_rows UNION ALL SELECT id, committee_id FROM new_rows) r;
  END IF;
  PERFORM chibo_feeds_notify_scope(ids, comms);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_branches_ins AFTER INSERT ON branches
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_branches();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_branches_upd AFTER UPDATE ON branches
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_branches();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_branches_del AFTER DELETE ON branches
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_branches();
--> statement-breakpoint
-- Campaigns (by id) and their catalogue rows (by campaign_id): the feeds showing that campaign.
CREATE OR REPLACE FUNCTION chibo_feeds_campaigns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    RETURN NULL; -- a new campaign is in no feed until meetings refer to it
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM chibo_feeds_notify('k', array(SELECT DISTINCT id FROM old_rows));
  ELSE
    PERFORM chibo_feeds_notify('k', array(SELECT id FROM old_rows UNION SELECT id FROM new_rows));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_campaigns_upd AFTER UPDATE ON campaigns
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_campaigns();
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_campaigns_del AFTER DELETE ON campaigns
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_campaigns();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chibo_feeds_catalogue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM chibo_feeds_notify('k', array(SELECT DISTINCT campaign_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM chibo_feeds_notify('k', array(SELECT DISTINCT campaign_id FROM old_rows));
  ELSE
    PERFORM chibo_feeds_notify('k', array(SELECT campaign_id FROM old_rows UNION SELECT campaign_id FROM new_rows));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['topics', 'peak_dates', 'deadlines'] LOOP
    EXECUTE format('CREATE TRIGGER chibo_feeds_%1$s_ins AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_catalogue()', t);
    EXECUTE format('CREATE TRIGGER chibo_feeds_%1$s_upd AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows '
      'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_catalogue()', t);
    EXECUTE format('CREATE TRIGGER chibo_feeds_%1$s_del AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_catalogue()', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Committees change rarely (a name, the tree): every feed is forgotten.
CREATE OR REPLACE FUNCTION chibo_feeds_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chibo_feeds', 'flush');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_committees AFTER UPDATE OR DELETE ON committees
  FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_flush();
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['feed_tokens', 'members', 'users', 'branches', 'meetings', 'committees', 'campaigns',
                           'topics', 'peak_dates', 'deadlines'] LOOP
    EXECUTE format('CREATE TRIGGER chibo_feeds_%1$s_truncate AFTER TRUNCATE ON %1$I '
      'FOR EACH STATEMENT EXECUTE FUNCTION chibo_feeds_flush()', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Row by row, where writes are few and only some columns matter.
CREATE OR REPLACE FUNCTION chibo_feeds_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chibo_feeds', TG_ARGV[0] || ':' || OLD.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_feed_tokens AFTER UPDATE OR DELETE ON feed_tokens
  FOR EACH ROW EXECUTE FUNCTION chibo_feeds_row('t');
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_members_upd AFTER UPDATE ON members
  FOR EACH ROW WHEN (OLD.left_on IS DISTINCT FROM NEW.left_on OR OLD.joined_on IS DISTINCT FROM NEW.joined_on
    OR OLD.branch_id IS DISTINCT FROM NEW.branch_id)
  EXECUTE FUNCTION chibo_feeds_row('m');
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_members_del AFTER DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION chibo_feeds_row('m');
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_users_upd AFTER UPDATE ON users
  FOR EACH ROW WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled)
  EXECUTE FUNCTION chibo_feeds_row('u');
--> statement-breakpoint
CREATE TRIGGER chibo_feeds_users_del AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION chibo_feeds_row('u');
