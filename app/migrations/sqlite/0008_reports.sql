-- Community reports (つながるレポート) by writers, reviewed and published by
-- editors; writer profiles; uploaded images; editable explainer pages.

-- Uploaded images. Only re-encoded variants are kept (no original, so no
-- EXIF / GPS): a few widths as JPEG (and WebP where smaller).
CREATE TABLE media (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE media_variants (
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('jpeg', 'webp')),
    bytes BLOB NOT NULL,
    PRIMARY KEY (media_id, width, format)
);

CREATE TABLE writer_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    slug TEXT NOT NULL UNIQUE,
    bio TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    photo_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);

-- The working copy a writer edits. What the public sees is the newest row
-- of report_revisions while `public` is 1.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'changes_requested', 'published', 'unpublished', 'archived')),
    public INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    cover_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
    district TEXT,
    -- comma-separated
    tags TEXT NOT NULL DEFAULT '',
    activity_ids TEXT NOT NULL DEFAULT '',
    -- bumped by every save: an autosave from an older copy is refused
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reports_author ON reports (author_id);
CREATE INDEX reports_status ON reports (status);

-- Published versions: immutable; a change is a new revision.
CREATE TABLE report_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    body TEXT NOT NULL,
    cover_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
    district TEXT,
    tags TEXT NOT NULL,
    activity_ids TEXT NOT NULL,
    author_name TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (report_id, number)
);

-- Links to activities of the public version (for the activity's page).
CREATE TABLE report_activities (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    PRIMARY KEY (report_id, activity_id)
);

-- The workflow's history: who did what, with the editor's comments.
CREATE TABLE report_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX report_events_report ON report_events (report_id);

-- Editable explainer pages (about, 社会的処方とは …), Markdown per language,
-- every save kept.
CREATE TABLE page_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    title_ja TEXT NOT NULL,
    lead_ja TEXT NOT NULL,
    body_ja TEXT NOT NULL,
    title_en TEXT NOT NULL,
    lead_en TEXT NOT NULL,
    body_en TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    saved_at TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    saved_by_name TEXT NOT NULL
);
CREATE INDEX page_revisions_slug ON page_revisions (slug, id);
