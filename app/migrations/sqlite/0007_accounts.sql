-- Accounts for everyone (the accounts issue): residents register themselves
-- and confirm their e-mail; writers and staff come by invitation. Times are
-- UTC RFC 3339 with whole seconds ("2026-11-24T02:40:00Z") so they compare
-- as text.
ALTER TABLE users ADD COLUMN email_confirmed_at TEXT;
ALTER TABLE users ADD COLUMN disabled_at TEXT;
-- Language of the e-mails we send this person.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'ja';
-- Accounts that existed before were made by the city: confirmed.
UPDATE users SET email_confirmed_at = created_at;

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
-- A short description of the browser ("Chrome on Android"), never the IP.
ALTER TABLE sessions ADD COLUMN device TEXT;

-- One-time tokens sent by e-mail (only their SHA-256 is kept): confirm an
-- address, reset a password, accept an invitation.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'invite')),
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    -- roles an invitation grants (comma-separated)
    roles TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);
CREATE INDEX account_tokens_email ON account_tokens (email);

-- Failed sign-ins, for throttling per account and per address (shared by
-- every server instance). Old rows are pruned.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_ip ON login_failures (ip, failed_at);

CREATE TABLE favourites (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, activity_id)
);

-- Self-check results a person chose to save to their account (otherwise
-- results never leave the device).
CREATE TABLE saved_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the result's id on the device: saving twice keeps one copy
    client_id TEXT NOT NULL,
    questionnaire_id TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    result TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (user_id, client_id)
);

-- Sign-ups made while signed in show on the account page.
ALTER TABLE event_signups ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX event_signups_user ON event_signups (user_id);
