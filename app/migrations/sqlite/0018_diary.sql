-- Issue 20, part 2: the stay-home diary (ステイホームダイアリー, after Nabari
-- City): an exchange diary passed round a group of three, a theme per
-- round. A facilitator (link worker or community staff) forms the group;
-- a seat may be kept for someone without a smartphone, whose pages the
-- facilitator types in. Entries are private to the group and its
-- facilitator.
CREATE TABLE diary_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    facilitator_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX diary_groups_facilitator ON diary_groups (facilitator_id);

-- Seats in the order members joined; a seat without an account is kept
-- for someone on paper (their name).
CREATE TABLE diary_members (
    group_id INTEGER NOT NULL REFERENCES diary_groups (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position > 0),
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    paper_name TEXT,
    joined_at TEXT NOT NULL,
    left_at TEXT,
    PRIMARY KEY (group_id, position)
);
CREATE UNIQUE INDEX diary_members_once ON diary_members (group_id, user_id);
CREATE INDEX diary_members_user ON diary_members (user_id);

CREATE TABLE diary_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES diary_groups (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number > 0),
    theme TEXT NOT NULL,
    due_on TEXT NOT NULL,
    started_at TEXT NOT NULL,
    UNIQUE (group_id, number)
);

-- One per seat per round: an entry, or the facilitator's skip (someone
-- unwell). `written_by` is who typed it (the facilitator for a paper seat).
CREATE TABLE diary_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES diary_rounds (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('entry', 'skip')),
    body TEXT NOT NULL DEFAULT '',
    written_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    share_consent_at TEXT,
    hidden_at TEXT,
    hidden_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (round_id, position)
);

CREATE TABLE diary_photos (
    entry_id INTEGER NOT NULL REFERENCES diary_entries (id) ON DELETE CASCADE,
    n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 3),
    media_id INTEGER NOT NULL REFERENCES media (id),
    PRIMARY KEY (entry_id, n)
);
CREATE INDEX diary_photos_media ON diary_photos (media_id);

-- A member reported an entry to the facilitator.
CREATE TABLE diary_flags (
    entry_id INTEGER NOT NULL REFERENCES diary_entries (id) ON DELETE CASCADE,
    reported_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, reported_by)
);

-- What the facilitator made of an entry shared with the town (a "seed").
CREATE TABLE diary_seeds (
    entry_id INTEGER PRIMARY KEY REFERENCES diary_entries (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'suggestion')),
    ref_id INTEGER NOT NULL,
    made_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);

-- Mails sent about a seat's turn (once each): 'turn' when it came, 'due'
-- a couple of days before the round's due date.
CREATE TABLE diary_notices (
    round_id INTEGER NOT NULL REFERENCES diary_rounds (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('turn', 'due')),
    sent_at TEXT NOT NULL,
    PRIMARY KEY (round_id, position, kind)
);

-- What a member had typed when their entry could not be saved (a photo
-- refused): the form shows it again, so nothing typed is lost.
CREATE TABLE diary_drafts (
    group_id INTEGER NOT NULL REFERENCES diary_groups (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id, position)
);
