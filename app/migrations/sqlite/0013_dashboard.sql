-- The city dashboard (issue 19). Referrals learn two more sources (welfare
-- commissioner; family, neighbour or friend) and the person's household;
-- activity pages count their views per day (no cookie, no address, no
-- person: one number per activity page and day).
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt.
-- `cases` points at `referrals`: migrations run with foreign keys off
-- (`Db::migrate`, which checks every reference afterwards).
CREATE TABLE referrals_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL CHECK (source IN ('self', 'clinic', 'pharmacy', 'office', 'commissioner', 'family', 'other')),
    kind TEXT NOT NULL DEFAULT 'consented' CHECK (kind IN ('consented', 'meeting')),
    referrer_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    entered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    institution TEXT,
    doctor TEXT,
    name TEXT,
    sex TEXT CHECK (sex IN ('female', 'male', 'other', 'unanswered')),
    birth_date TEXT,
    age_band INTEGER,
    address TEXT,
    district TEXT,
    phone TEXT,
    contact TEXT,
    contact_method TEXT CHECK (contact_method IN ('phone', 'email', 'visit', 'any')),
    contact_time TEXT,
    topic TEXT,
    medical_history TEXT,
    concerns TEXT NOT NULL DEFAULT '',
    most_pressing TEXT,
    free_text TEXT,
    consent_purpose TEXT,
    consented_at TEXT,
    consent_by TEXT CHECK (consent_by IN ('self', 'family', 'verbal')),
    attached_result TEXT,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'assigned', 'meeting', 'declined')),
    created_at TEXT NOT NULL,
    -- who the person lives with (form ①; not asked on the self-check)
    household TEXT CHECK (household IN ('alone', 'elderly_couple', 'elderly_with_child', 'single_parent', 'with_family', 'other'))
);
INSERT INTO referrals_v3 (id, source, kind, referrer_id, entered_by, institution, doctor, name, sex, birth_date, age_band,
                          address, district, phone, contact, contact_method, contact_time, topic, medical_history, concerns,
                          most_pressing, free_text, consent_purpose, consented_at, consent_by, attached_result, status, created_at)
    SELECT id, source, kind, referrer_id, entered_by, institution, doctor, name, sex, birth_date, age_band,
           address, district, phone, contact, contact_method, contact_time, topic, medical_history, concerns,
           most_pressing, free_text, consent_purpose, consented_at, consent_by, attached_result, status, created_at
    FROM referrals;
DROP TABLE referrals;
ALTER TABLE referrals_v3 RENAME TO referrals;
CREATE INDEX referrals_status ON referrals (status, created_at);
CREATE INDEX referrals_referrer ON referrals (referrer_id);

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
CREATE INDEX referrals_created ON referrals (created_at);
CREATE TRIGGER case_status_steps AFTER INSERT ON case_fields WHEN NEW.field = 'status'
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
END;
