-- Who changed an organisation, when, and what it looked like afterwards.
CREATE TABLE organisation_revisions (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX organisation_revisions_org ON organisation_revisions (organisation_id);
