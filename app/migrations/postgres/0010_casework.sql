-- Link-worker casework (issue 8): referral ① → case → connections and
-- outcomes → feedback ②. Times are UTC RFC 3339 text; dates 'YYYY-MM-DD'
-- in Asia/Tokyo. Personal fields live only in `referrals`; everything else
-- points at a case. Notes, connections, ratings and checks are append-only
-- and carry the client id the tablet gave them, so a replayed sync item
-- never writes twice.

-- Link workers work in teams; the office lead sees the team's cases.
CREATE TABLE case_teams (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
ALTER TABLE users ADD COLUMN team_id BIGINT REFERENCES case_teams (id) ON DELETE SET NULL;
-- A referrer account's clinic or pharmacy (shown on form ①).
ALTER TABLE users ADD COLUMN institution TEXT;

-- One-time referral links the office hands to a clinic without an account
-- (only the token's SHA-256 is kept).
CREATE TABLE referral_links (
    token_hash TEXT PRIMARY KEY,
    institution TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    referral_id BIGINT
);

-- The intake queue: self-referrals from the self-check (source 'self'),
-- form ① from clinics and pharmacies, and referrals the office typed in
-- from paper or FAX. Rebuilt so that a referral without consent ('meeting':
-- kept only for the support meeting) can leave every identifying field empty.
CREATE TABLE referrals_v2 (
    id BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('self', 'clinic', 'pharmacy', 'office', 'other')),
    kind TEXT NOT NULL DEFAULT 'consented' CHECK (kind IN ('consented', 'meeting')),
    -- the referrer's account, when a referrer sent it
    referrer_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- who typed it (the office from paper, the referrer, nobody for a link)
    entered_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    institution TEXT,
    doctor TEXT,
    name TEXT,
    sex TEXT CHECK (sex IN ('female', 'male', 'other', 'unanswered')),
    birth_date TEXT,
    -- decade of age, for a referral without consent ("70s")
    age_band BIGINT,
    address TEXT,
    district TEXT,
    phone TEXT,
    -- the self-check's contact fields
    contact TEXT,
    contact_method TEXT CHECK (contact_method IN ('phone', 'email', 'visit', 'any')),
    contact_time TEXT,
    topic TEXT,
    medical_history TEXT,
    -- concern slugs, comma-separated, and the one most pressing
    concerns TEXT NOT NULL DEFAULT '',
    most_pressing TEXT,
    free_text TEXT,
    -- the exact consent text shown, when, and how it was given
    consent_purpose TEXT,
    consented_at TEXT,
    consent_by TEXT CHECK (consent_by IN ('self', 'family', 'verbal')),
    attached_result TEXT,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'assigned', 'meeting', 'declined')),
    created_at TEXT NOT NULL
);
INSERT INTO referrals_v2 (id, source, kind, name, contact, contact_method, contact_time, topic,
                          consent_purpose, consented_at, consent_by, attached_result, status, created_at)
    SELECT id, source, 'consented', name, contact, contact_method, contact_time, topic,
           consent_purpose, consented_at, consent_by, attached_result,
           CASE WHEN status IN ('received', 'assigned', 'meeting', 'declined') THEN status ELSE 'received' END,
           created_at
    FROM referrals;
DROP TABLE referrals;
ALTER TABLE referrals_v2 RENAME TO referrals;
SELECT setval(pg_get_serial_sequence('referrals', 'id'), COALESCE((SELECT MAX(id) FROM referrals), 0) + 1, false);
CREATE INDEX referrals_status ON referrals (status, created_at);
CREATE INDEX referrals_referrer ON referrals (referrer_id);

CREATE TABLE cases (
    id BIGSERIAL PRIMARY KEY,
    referral_id BIGINT NOT NULL UNIQUE REFERENCES referrals (id),
    assigned_to BIGINT REFERENCES users (id) ON DELETE SET NULL,
    team_id BIGINT REFERENCES case_teams (id) ON DELETE SET NULL,
    -- mirrors the 'status' field (case_fields) for the lists
    status TEXT NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'contacting', 'assessing', 'connecting', 'following_up', 'closed')),
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_assigned ON cases (assigned_to, status);
CREATE INDEX cases_team ON cases (team_id, status);

-- The case's single-valued facts (status, close reason, form ② facts). Each
-- change is a new revision, kept with the device that made it: a device's
-- change names the revision it last saw, and if another device wrote the
-- field since, the change is kept as a conflict for a person to decide.
CREATE TABLE case_fields (
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    revision BIGINT NOT NULL,
    value TEXT NOT NULL,
    device_id TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (case_id, field, revision)
);

CREATE TABLE case_conflicts (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    server_value TEXT NOT NULL,
    server_revision BIGINT NOT NULL,
    device_value TEXT NOT NULL,
    client_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX case_conflicts_case ON case_conflicts (case_id, resolved_at);

-- Timeline: dated notes, contacts made, visits.
CREATE TABLE case_notes (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('note', 'contact', 'visit')),
    happened_on TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- when the device wrote it (its own clock) and when it arrived
    written_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, happened_on);

-- Connections: a listing from the directory or a free-text person or
-- organisation; formal or informal; people / life / vitality; ● planned or
-- ■ active. `before_support` marks ties the person already had at intake.
CREATE TABLE case_connections (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL UNIQUE,
    activity_id BIGINT REFERENCES activities (id) ON DELETE SET NULL,
    resource_id BIGINT REFERENCES resources (id) ON DELETE SET NULL,
    label TEXT NOT NULL,
    tie TEXT NOT NULL CHECK (tie IN ('formal', 'informal')),
    family TEXT NOT NULL CHECK (family IN ('people', 'life', 'vitality')),
    state TEXT NOT NULL CHECK (state IN ('planned', 'active')),
    started_on TEXT,
    introduced_by TEXT,
    before_support BOOLEAN NOT NULL DEFAULT FALSE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    written_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_connections_case ON case_connections (case_id);

-- The six indicators, rated at intake and at review (1–5) with a note; the
-- latest rating per stage and indicator counts, earlier ones stay.
CREATE TABLE case_ratings (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL UNIQUE,
    stage TEXT NOT NULL CHECK (stage IN ('intake', 'review')),
    indicator TEXT NOT NULL,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    note TEXT,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    written_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_ratings_case ON case_ratings (case_id, stage, indicator);

-- Positive Health quick checks taken together on the tablet (or linked from
-- the person's own check with consent), at intake and at review.
CREATE TABLE case_checks (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL UNIQUE,
    stage TEXT NOT NULL CHECK (stage IN ('intake', 'review')),
    questionnaire_id TEXT NOT NULL,
    -- dimension scores (JSON object)
    scores TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    written_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_checks_case ON case_checks (case_id, stage);

-- Every sync item the server has seen, by the id the device gave it: a
-- replay answers with the first outcome and writes nothing. Per device and
-- case the items apply in their sequence; one that arrives early waits.
CREATE TABLE sync_items (
    client_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE sync_cursors (
    device_id TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (device_id, case_id)
);

-- Form ② as sent: a snapshot the referrer's account can read.
CREATE TABLE case_feedback (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    sent_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    sent_at TEXT NOT NULL
);
CREATE INDEX case_feedback_case ON case_feedback (case_id);

-- Who read or wrote which case or referral, when, from which device. Never
-- the personal values themselves: only the action and the field names.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- the account's address at the time (kept if the account goes)
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    subject_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    device TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject ON audit_log (subject, subject_id);
