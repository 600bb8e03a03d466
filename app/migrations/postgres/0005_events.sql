-- Events (イベント): one-off gatherings and occurrences generated from an
-- activity's schedule, with in-portal sign-up.

-- How many weeks ahead an activity's sessions appear in the event calendar
-- (0 = not in the calendar).
ALTER TABLE activities ADD COLUMN calendar_weeks BIGINT NOT NULL DEFAULT 0
    CHECK (calendar_weeks BETWEEN 0 AND 26);

CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    -- Set for occurrences generated from an activity's schedule.
    activity_id BIGINT REFERENCES activities (id) ON DELETE CASCADE,
    occurrence_date TEXT,
    -- Edited or cancelled by hand: schedule regeneration leaves it alone.
    customised BOOLEAN NOT NULL DEFAULT FALSE,
    kind TEXT NOT NULL DEFAULT 'other'
        CHECK (kind IN ('session', 'lecture', 'workshop', 'festival', 'consultation', 'other')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Tokyo wall-clock time with offset, e.g. 2026-11-24T10:00:00+09:00
    -- (one fixed offset, so text order is time order).
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    all_day BOOLEAN NOT NULL DEFAULT FALSE,
    location_id BIGINT REFERENCES locations (id),
    online_url TEXT,
    organisation_id BIGINT REFERENCES organisations (id),
    fee_yen BIGINT NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
    fee_note TEXT,
    capacity BIGINT CHECK (capacity IS NULL OR capacity >= 0),
    booked BIGINT NOT NULL DEFAULT 0 CHECK (booked >= 0),
    targets TEXT NOT NULL DEFAULT '',
    target_note TEXT,
    bring TEXT,
    apply_method TEXT NOT NULL DEFAULT 'none' CHECK (apply_method IN ('none', 'phone', 'email', 'portal')),
    apply_contact TEXT,
    apply_deadline TEXT,
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'full')),
    cancel_reason TEXT,
    photos TEXT NOT NULL DEFAULT '',
    sequence BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The last line of defence against overbooking.
    CHECK (capacity IS NULL OR booked <= capacity),
    CHECK (ends_at > starts_at)
);
CREATE UNIQUE INDEX events_occurrence ON events (activity_id, occurrence_date);
CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_created ON events (created_at);

CREATE TABLE event_categories (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    PRIMARY KEY (event_id, category_id)
);

CREATE TABLE event_signups (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    people BIGINT NOT NULL CHECK (people BETWEEN 1 AND 10),
    note TEXT,
    -- SHA-256 of the secret in the resident's confirmation / cancel link.
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    created_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX event_signups_event ON event_signups (event_id);
