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

-- SQLite: one trigger per table and statement kind; writers take turns, so
-- the row is raised inside the writing transaction.
CREATE TRIGGER content_rev_districts_insert AFTER INSERT ON districts BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_districts_update AFTER UPDATE ON districts BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_districts_delete AFTER DELETE ON districts BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_categories_insert AFTER INSERT ON categories BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_categories_update AFTER UPDATE ON categories BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_categories_delete AFTER DELETE ON categories BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_organisations_insert AFTER INSERT ON organisations BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_organisations_update AFTER UPDATE ON organisations BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_organisations_delete AFTER DELETE ON organisations BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_locations_insert AFTER INSERT ON locations BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_locations_update AFTER UPDATE ON locations BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_locations_delete AFTER DELETE ON locations BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activities_insert AFTER INSERT ON activities BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activities_update AFTER UPDATE ON activities BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activities_delete AFTER DELETE ON activities BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activity_categories_insert AFTER INSERT ON activity_categories BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activity_categories_update AFTER UPDATE ON activity_categories BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activity_categories_delete AFTER DELETE ON activity_categories BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activity_schedules_insert AFTER INSERT ON activity_schedules BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activity_schedules_update AFTER UPDATE ON activity_schedules BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_activity_schedules_delete AFTER DELETE ON activity_schedules BEGIN UPDATE content_revs SET listings = listings + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_events_insert AFTER INSERT ON events BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_events_update AFTER UPDATE ON events BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_events_delete AFTER DELETE ON events BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_event_categories_insert AFTER INSERT ON event_categories BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_event_categories_update AFTER UPDATE ON event_categories BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_event_categories_delete AFTER DELETE ON event_categories BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_event_signups_insert AFTER INSERT ON event_signups BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_event_signups_update AFTER UPDATE ON event_signups BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_event_signups_delete AFTER DELETE ON event_signups BEGIN UPDATE content_revs SET events = events + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_reports_insert AFTER INSERT ON reports BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_reports_update AFTER UPDATE ON reports BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_reports_delete AFTER DELETE ON reports BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_report_activities_insert AFTER INSERT ON report_activities BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_report_activities_update AFTER UPDATE ON report_activities BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_report_activities_delete AFTER DELETE ON report_activities BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_report_events_insert AFTER INSERT ON report_events BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_report_events_update AFTER UPDATE ON report_events BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_report_events_delete AFTER DELETE ON report_events BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_media_insert AFTER INSERT ON media BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_media_update AFTER UPDATE ON media BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_media_delete AFTER DELETE ON media BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_media_variants_insert AFTER INSERT ON media_variants BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_media_variants_update AFTER UPDATE ON media_variants BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_media_variants_delete AFTER DELETE ON media_variants BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_writer_profiles_insert AFTER INSERT ON writer_profiles BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_writer_profiles_update AFTER UPDATE ON writer_profiles BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_writer_profiles_delete AFTER DELETE ON writer_profiles BEGIN UPDATE content_revs SET reports = reports + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_page_revisions_insert AFTER INSERT ON page_revisions BEGIN UPDATE content_revs SET pages = pages + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_page_revisions_update AFTER UPDATE ON page_revisions BEGIN UPDATE content_revs SET pages = pages + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_page_revisions_delete AFTER DELETE ON page_revisions BEGIN UPDATE content_revs SET pages = pages + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_resources_insert AFTER INSERT ON resources BEGIN UPDATE content_revs SET resources = resources + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_resources_update AFTER UPDATE ON resources BEGIN UPDATE content_revs SET resources = resources + 1 WHERE id = 1; END;
CREATE TRIGGER content_rev_resources_delete AFTER DELETE ON resources BEGIN UPDATE content_revs SET resources = resources + 1 WHERE id = 1; END;
