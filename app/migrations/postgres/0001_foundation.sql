-- Foundation: districts of the town and the record of demo seeding.
CREATE TABLE districts (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kana TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    sort_order BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE seed_runs (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
