-- Taking part (issue 20, part 1): check-ins at the sessions of activities
-- and at events, the organisers who record them, members' cards, the
-- points ledger, rewards and their redemptions.

-- The portal's own keys (hex), made on first use: the check-in codes are
-- signed with one, the same for every instance of the portal.
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Who runs an activity and records its attendance (the city names them).
CREATE TABLE activity_organisers (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_organisers_user ON activity_organisers (user_id);

-- A member's printed card (for those without a smartphone): a new serial
-- replaces a lost card.
CREATE TABLE member_cards (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    serial BIGINT NOT NULL CHECK (serial > 0),
    issued_at TEXT NOT NULL
);

-- One row per person per session (`session_key`: `a12-20261205` for an
-- activity's session, `e34` for an event of its own). A check-in made
-- before its person had an account has no user until the device's receipt
-- is claimed; a deleted account leaves its check-ins without a user (the
-- counts stay, the person does not).
CREATE TABLE checkins (
    id BIGSERIAL PRIMARY KEY,
    session_key TEXT NOT NULL,
    activity_id BIGINT REFERENCES activities (id) ON DELETE CASCADE,
    event_id BIGINT REFERENCES events (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    via TEXT NOT NULL CHECK (via IN ('code', 'list', 'card')),
    recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    claimed_at TEXT,
    CHECK ((activity_id IS NULL) <> (event_id IS NULL))
);
CREATE UNIQUE INDEX checkins_once ON checkins (session_key, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX checkins_user ON checkins (user_id, held_on);
CREATE INDEX checkins_held ON checkins (held_on);
CREATE INDEX checkins_activity ON checkins (activity_id, held_on);

-- What points buy in the town (the city keeps the list).
CREATE TABLE rewards (
    id BIGSERIAL PRIMARY KEY,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    provider TEXT NOT NULL,
    cost BIGINT NOT NULL CHECK (cost > 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);

-- A reward taken: its code is what the shop checks.
CREATE TABLE redemptions (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reward_id BIGINT NOT NULL REFERENCES rewards (id),
    cost BIGINT NOT NULL CHECK (cost > 0),
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('issued', 'handed_over', 'cancelled')),
    issued_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    settled_at TEXT
);
CREATE INDEX redemptions_user ON redemptions (user_id);

-- Every point earned or spent, each entry saying why. Append-only: an
-- entry is never changed or removed — except that a deleted account's
-- entries lose their owner and a removed check-in its reference (both
-- only to nothing), so the monthly summary still adds up.
CREATE TABLE points_ledger (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    points BIGINT NOT NULL CHECK (points <> 0),
    reason TEXT NOT NULL CHECK (reason IN ('attend_activity', 'attend_event', 'first_visit', 'self_check', 'volunteer', 'redeem', 'refund')),
    checkin_id BIGINT REFERENCES checkins (id) ON DELETE SET NULL,
    redemption_id BIGINT REFERENCES redemptions (id),
    session_key TEXT,
    earned_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX points_ledger_user ON points_ledger (user_id, earned_on);
CREATE INDEX points_ledger_month ON points_ledger (earned_on);
CREATE FUNCTION points_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.points = OLD.points AND NEW.reason = OLD.reason AND NEW.earned_on = OLD.earned_on
       AND NEW.created_at = OLD.created_at AND NEW.redemption_id IS NOT DISTINCT FROM OLD.redemption_id
       AND NEW.session_key IS NOT DISTINCT FROM OLD.session_key
       AND (NEW.user_id IS NOT DISTINCT FROM OLD.user_id OR NEW.user_id IS NULL)
       AND (NEW.checkin_id IS NOT DISTINCT FROM OLD.checkin_id OR NEW.checkin_id IS NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the points ledger is append-only';
END
$$;
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON points_ledger FOR EACH ROW EXECUTE FUNCTION points_ledger_append_only();
