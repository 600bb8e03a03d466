-- Where each case was connected during support (the dashboard's "where
-- people were connected"): the ids of the activities and of the resources
-- of its active connections made during support, each list comma-separated
-- and without repeats, kept by triggers beside the rest of what the case
-- came to (0014). The dashboard reads them from the closed cases' rows
-- instead of joining every connection (66 ms at 10,000 closed cases).
ALTER TABLE case_outcomes ADD COLUMN connected_activities TEXT;
ALTER TABLE case_outcomes ADD COLUMN connected_resources TEXT;
UPDATE case_outcomes SET (connected_activities, connected_resources) = (
    SELECT group_concat(DISTINCT c.activity_id), group_concat(DISTINCT c.resource_id)
    FROM case_connections c WHERE c.case_id = case_outcomes.case_id AND NOT c.before_support AND c.state = 'active');

CREATE TRIGGER case_places_added AFTER INSERT ON case_connections
BEGIN
    UPDATE case_outcomes SET (connected_activities, connected_resources) = (
        SELECT group_concat(DISTINCT c.activity_id), group_concat(DISTINCT c.resource_id)
        FROM case_connections c WHERE c.case_id = NEW.case_id AND NOT c.before_support AND c.state = 'active') WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_places_changed AFTER UPDATE ON case_connections
BEGIN
    UPDATE case_outcomes SET (connected_activities, connected_resources) = (
        SELECT group_concat(DISTINCT c.activity_id), group_concat(DISTINCT c.resource_id)
        FROM case_connections c WHERE c.case_id = OLD.case_id AND NOT c.before_support AND c.state = 'active') WHERE case_id = OLD.case_id;
    UPDATE case_outcomes SET (connected_activities, connected_resources) = (
        SELECT group_concat(DISTINCT c.activity_id), group_concat(DISTINCT c.resource_id)
        FROM case_connections c WHERE c.case_id = NEW.case_id AND NOT c.before_support AND c.state = 'active') WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_places_removed AFTER DELETE ON case_connections
BEGIN
    UPDATE case_outcomes SET (connected_activities, connected_resources) = (
        SELECT group_concat(DISTINCT c.activity_id), group_concat(DISTINCT c.resource_id)
        FROM case_connections c WHERE c.case_id = OLD.case_id AND NOT c.before_support AND c.state = 'active') WHERE case_id = OLD.case_id;
END;

-- the dashboard's join over every connection is gone; the triggers read a
-- case's connections by case_connections_case
DROP INDEX case_connections_places;
