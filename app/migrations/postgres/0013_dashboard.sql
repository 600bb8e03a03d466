-- The city dashboard (issue 19). Referrals learn two more sources (welfare
-- commissioner; family, neighbour or friend) and the person's household;
-- activity pages count their views per day (no cookie, no address, no
-- person: one number per activity page and day).
ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_v2_source_check;
ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_source_check;
ALTER TABLE referrals ADD CONSTRAINT referrals_source_check
    CHECK (source IN ('self', 'clinic', 'pharmacy', 'office', 'commissioner', 'family', 'other'));
ALTER TABLE referrals ADD COLUMN household TEXT
    CHECK (household IN ('alone', 'elderly_couple', 'elderly_with_child', 'single_parent', 'with_family', 'other'));
CREATE INDEX referrals_created ON referrals (created_at);

CREATE TABLE activity_views (
    day TEXT NOT NULL,
    activity_id BIGINT NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (day, activity_id)
);

-- When a case first reached contact (assessing or later) and support
-- (connecting or later), and when it was closed if it is closed now: kept
-- by a trigger on the status revisions, whichever path writes them (the
-- tablets' sync, the office, the demo seed), so the dashboard reads a
-- period's cases by an index instead of every revision.
ALTER TABLE cases ADD COLUMN contacted_at TEXT;
ALTER TABLE cases ADD COLUMN supporting_at TEXT;
ALTER TABLE cases ADD COLUMN closed_at TEXT;
UPDATE cases SET
    contacted_at = (SELECT MIN(f.written_at) FROM case_fields f WHERE f.case_id = cases.id AND f.field = 'status'
                      AND f.value IN ('assessing', 'connecting', 'following_up', 'closed')),
    supporting_at = (SELECT MIN(f.written_at) FROM case_fields f WHERE f.case_id = cases.id AND f.field = 'status'
                      AND f.value IN ('connecting', 'following_up', 'closed')),
    closed_at = (SELECT CASE WHEN f.value = 'closed' THEN f.written_at END FROM case_fields f
                   WHERE f.case_id = cases.id AND f.field = 'status' ORDER BY f.revision DESC LIMIT 1);
CREATE INDEX cases_closed_at ON cases (closed_at);
CREATE FUNCTION case_status_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases SET
        contacted_at = CASE WHEN NEW.value IN ('assessing', 'connecting', 'following_up', 'closed')
                             AND (contacted_at IS NULL OR NEW.written_at < contacted_at) THEN NEW.written_at ELSE contacted_at END,
        supporting_at = CASE WHEN NEW.value IN ('connecting', 'following_up', 'closed')
                              AND (supporting_at IS NULL OR NEW.written_at < supporting_at) THEN NEW.written_at ELSE supporting_at END,
        -- the newest revision says whether it is closed now
        closed_at = CASE WHEN EXISTS (SELECT 1 FROM case_fields f WHERE f.case_id = NEW.case_id AND f.field = 'status' AND f.revision > NEW.revision)
                         THEN closed_at
                         WHEN NEW.value = 'closed' THEN NEW.written_at ELSE NULL END
    WHERE id = NEW.case_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_status_steps AFTER INSERT ON case_fields FOR EACH ROW WHEN (NEW.field = 'status') EXECUTE FUNCTION case_status_steps();
