-- Issue 20: members without a smartphone or mail address. An organiser adds
-- them on a session's sheet by name once they agree; they are an account
-- nobody can sign in to (known by name and member card only). Who added
-- them, at which activity, and when they agreed is kept.
CREATE TABLE card_members (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    added_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
    consent_at TEXT NOT NULL
);
