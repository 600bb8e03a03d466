-- Activities and gathering places (地域活動・つどい情報).
CREATE TABLE categories (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    family TEXT NOT NULL CHECK (family IN ('people', 'life', 'vitality')),
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort_order BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    phone TEXT,
    email TEXT,
    url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE locations (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    district_id BIGINT REFERENCES districts (id),
    latitude DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    online BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE activities (
    id BIGSERIAL PRIMARY KEY,
    external_id TEXT UNIQUE,
    name TEXT NOT NULL,
    kana TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations (id),
    location_id BIGINT NOT NULL REFERENCES locations (id),
    targets TEXT NOT NULL DEFAULT '',
    cost_yen BIGINT NOT NULL DEFAULT 0 CHECK (cost_yen >= 0),
    cost_note TEXT,
    capacity BIGINT CHECK (capacity IS NULL OR capacity >= 0),
    beginners_welcome BOOLEAN NOT NULL DEFAULT FALSE,
    drop_in BOOLEAN NOT NULL DEFAULT FALSE,
    barrier_free BOOLEAN NOT NULL DEFAULT FALSE,
    accessible_toilet BOOLEAN NOT NULL DEFAULT FALSE,
    parking BOOLEAN NOT NULL DEFAULT FALSE,
    access_note TEXT,
    phone TEXT,
    email TEXT,
    url TEXT,
    photos TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    last_verified TEXT,
    rev BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX activities_rev ON activities (rev);

CREATE TABLE activity_categories (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    PRIMARY KEY (activity_id, category_id)
);

CREATE TABLE activity_schedules (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    spec TEXT NOT NULL,
    PRIMARY KEY (activity_id, position)
);

CREATE TABLE activity_revisions (
    id BIGSERIAL PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    rev BIGINT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX activity_revisions_activity ON activity_revisions (activity_id);

-- One row: the catalogue revision. Every write to activities bumps it inside
-- its transaction (the row lock orders commits), and each server instance
-- refreshes its in-memory search index from rows with a newer `rev`.
CREATE TABLE catalogue_rev (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    rev BIGINT NOT NULL
);
INSERT INTO catalogue_rev (id, rev) VALUES (1, 0);

CREATE TABLE problem_reports (
    id BIGSERIAL PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('time', 'place', 'contact', 'ended', 'other')),
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
);
CREATE INDEX problem_reports_status ON problem_reports (status);
