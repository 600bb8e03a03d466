-- Revisions of what residents read (issue 18, item 8): the render cache
-- keeps an anonymous page only while the revisions of the data it shows are
-- unchanged. One counter per kind of data, raised by triggers on every table
-- that kind is read from, so no write path (a form, the import, a sign-up,
-- a background task, another server on the same database) can forget it.
--   listings:  activities, their organisations, places, schedules, categories, districts
--   events:    events, their categories and sign-ups (the places left)
--   reports:   community reports, their links, photos and writers
--   pages:     the staff-edited about pages
--   resources: the map's resources
CREATE TABLE content_revs (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    listings BIGINT NOT NULL DEFAULT 0,
    events BIGINT NOT NULL DEFAULT 0,
    reports BIGINT NOT NULL DEFAULT 0,
    pages BIGINT NOT NULL DEFAULT 0,
    resources BIGINT NOT NULL DEFAULT 0
);
INSERT INTO content_revs (id) VALUES (1);

-- PostgreSQL: the counter is raised when the writing transaction commits
-- (a deferred constraint trigger), once per kind and transaction. Its row
-- lock is then the last lock a transaction takes and is held only while it
-- commits: a long import does not hold up sign-ups, and no two writers can
-- wait on each other for it.
CREATE FUNCTION raise_content_rev() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    flag TEXT := 'tsunagu.content_rev_' || TG_ARGV[0];
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
        EXECUTE format('UPDATE content_revs SET %I = %I + 1 WHERE id = 1', TG_ARGV[0], TG_ARGV[0]);
        PERFORM set_config(flag, txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER content_rev_districts AFTER INSERT OR UPDATE OR DELETE ON districts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_categories AFTER INSERT OR UPDATE OR DELETE ON categories DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_organisations AFTER INSERT OR UPDATE OR DELETE ON organisations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_locations AFTER INSERT OR UPDATE OR DELETE ON locations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_activities AFTER INSERT OR UPDATE OR DELETE ON activities DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_activity_categories AFTER INSERT OR UPDATE OR DELETE ON activity_categories DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_activity_schedules AFTER INSERT OR UPDATE OR DELETE ON activity_schedules DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('listings');
CREATE CONSTRAINT TRIGGER content_rev_events AFTER INSERT OR UPDATE OR DELETE ON events DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('events');
CREATE CONSTRAINT TRIGGER content_rev_event_categories AFTER INSERT OR UPDATE OR DELETE ON event_categories DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('events');
CREATE CONSTRAINT TRIGGER content_rev_event_signups AFTER INSERT OR UPDATE OR DELETE ON event_signups DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('events');
CREATE CONSTRAINT TRIGGER content_rev_reports AFTER INSERT OR UPDATE OR DELETE ON reports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('reports');
CREATE CONSTRAINT TRIGGER content_rev_report_activities AFTER INSERT OR UPDATE OR DELETE ON report_activities DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('reports');
CREATE CONSTRAINT TRIGGER content_rev_report_events AFTER INSERT OR UPDATE OR DELETE ON report_events DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('reports');
CREATE CONSTRAINT TRIGGER content_rev_media AFTER INSERT OR UPDATE OR DELETE ON media DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('reports');
CREATE CONSTRAINT TRIGGER content_rev_media_variants AFTER INSERT OR UPDATE OR DELETE ON media_variants DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('reports');
CREATE CONSTRAINT TRIGGER content_rev_writer_profiles AFTER INSERT OR UPDATE OR DELETE ON writer_profiles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('reports');
CREATE CONSTRAINT TRIGGER content_rev_page_revisions AFTER INSERT OR UPDATE OR DELETE ON page_revisions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('pages');
CREATE CONSTRAINT TRIGGER content_rev_resources AFTER INSERT OR UPDATE OR DELETE ON resources DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_content_rev('resources');
