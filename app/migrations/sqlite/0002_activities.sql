-- Activities and gathering places (地域活動・つどい情報).
CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    family TEXT NOT NULL CHECK (family IN ('people', 'life', 'vitality')),
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    district_id INTEGER REFERENCES districts (id),
    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
    online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1))
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT UNIQUE,
    name TEXT NOT NULL,
    kana TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id),
    location_id INTEGER NOT NULL REFERENCES locations (id),
    targets TEXT NOT NULL DEFAULT '',
    cost_yen INTEGER NOT NULL DEFAULT 0 CHECK (cost_yen >= 0),
    cost_note TEXT,
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    beginners_welcome INTEGER NOT NULL DEFAULT 0 CHECK (beginners_welcome IN (0, 1)),
    drop_in INTEGER NOT NULL DEFAULT 0 CHECK (drop_in IN (0, 1)),
    barrier_free INTEGER NOT NULL DEFAULT 0 CHECK (barrier_free IN (0, 1)),
    accessible_toilet INTEGER NOT NULL DEFAULT 0 CHECK (accessible_toilet IN (0, 1)),
    parking INTEGER NOT NULL DEFAULT 0 CHECK (parking IN (0, 1)),
    access_note TEXT,
    phone TEXT,
    email TEXT,
    url TEXT,
    photos TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    last_verified TEXT,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX activities_rev ON activities (rev);

CREATE TABLE activity_categories (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories (id),
    PRIMARY KEY (activity_id, category_id)
);

CREATE TABLE activity_schedules (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    spec TEXT NOT NULL,
    PRIMARY KEY (activity_id, position)
);

CREATE TABLE activity_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    rev INTEGER NOT NULL,
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
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL
);
INSERT INTO catalogue_rev (id, rev) VALUES (1, 0);

CREATE TABLE problem_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('time', 'place', 'contact', 'ended', 'other')),
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
);
CREATE INDEX problem_reports_status ON problem_reports (status);
