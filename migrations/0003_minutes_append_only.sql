-- Minutes revisions are the history of the minutes: no revision is ever changed or removed.
CREATE OR REPLACE FUNCTION minutes_revisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'minutes_revisions is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER minutes_revisions_append_only BEFORE UPDATE OR DELETE ON minutes_revisions
  FOR EACH ROW EXECUTE FUNCTION minutes_revisions_refuse_change();
