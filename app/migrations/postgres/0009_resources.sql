-- Other community resources (地域資源) beside activities — shops, clinics,
-- pharmacies, cafés, temples, parks, public offices, consultation desks… —
-- on the same location model; residents' suggestions (おすすめ, "seeds") and
-- their moderation; a small generic rate-limit log for anonymous forms.
CREATE TABLE resources (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location_id BIGINT NOT NULL REFERENCES locations (id),
    opening_hours TEXT NOT NULL DEFAULT '',
    phone TEXT,
    url TEXT,
    photo_id BIGINT REFERENCES media (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX resources_status ON resources (status);

CREATE TABLE resource_revisions (
    id BIGSERIAL PRIMARY KEY,
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    snapshot TEXT NOT NULL
);

CREATE TABLE suggestions (
    id BIGSERIAL PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('place', 'activity')),
    name TEXT NOT NULL,
    good TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    photo_id BIGINT REFERENCES media (id) ON DELETE SET NULL,
    contact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    resource_id BIGINT REFERENCES resources (id) ON DELETE SET NULL,
    decided_by TEXT,
    decided_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX suggestions_status ON suggestions (status, created_at);

CREATE TABLE rate_limits (
    scope TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX rate_limits_key ON rate_limits (scope, key_hash, at);
