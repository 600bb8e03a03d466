-- What each case came to, kept beside it for the city dashboard (issue 19):
-- its ties before support and at closing (by family and by tie), the
-- latest rating of each indicator at intake and at review, and the latest
-- quick-check scores of each stage. Triggers keep it whichever path writes
-- (the tablets' sync, the office, the demo seed), so the dashboard reads one
-- row per closed case instead of every connection, rating and check.
CREATE TABLE case_outcomes (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    before_people INTEGER NOT NULL DEFAULT 0,
    before_life INTEGER NOT NULL DEFAULT 0,
    before_vitality INTEGER NOT NULL DEFAULT 0,
    before_formal INTEGER NOT NULL DEFAULT 0,
    before_informal INTEGER NOT NULL DEFAULT 0,
    close_people INTEGER NOT NULL DEFAULT 0,
    close_life INTEGER NOT NULL DEFAULT 0,
    close_vitality INTEGER NOT NULL DEFAULT 0,
    close_formal INTEGER NOT NULL DEFAULT 0,
    close_informal INTEGER NOT NULL DEFAULT 0,
    intake_basic_needs INTEGER,
    review_basic_needs INTEGER,
    intake_resources INTEGER,
    review_resources INTEGER,
    intake_connected INTEGER,
    review_connected INTEGER,
    intake_learning INTEGER,
    review_learning INTEGER,
    intake_places INTEGER,
    review_places INTEGER,
    intake_contributes INTEGER,
    review_contributes INTEGER,
    check_intake TEXT,
    check_review TEXT
);
INSERT INTO case_outcomes (case_id) SELECT id FROM cases;
UPDATE case_outcomes SET (before_people, before_life, before_vitality, before_formal, before_informal, close_people, close_life, close_vitality, close_formal, close_informal) = (
    SELECT COUNT(CASE WHEN c.before_support AND c.family = 'people' THEN 1 END),
           COUNT(CASE WHEN c.before_support AND c.family = 'life' THEN 1 END),
           COUNT(CASE WHEN c.before_support AND c.family = 'vitality' THEN 1 END),
           COUNT(CASE WHEN c.before_support AND c.tie = 'formal' THEN 1 END),
           COUNT(CASE WHEN c.before_support AND c.tie = 'informal' THEN 1 END),
           COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'people' THEN 1 END),
           COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'life' THEN 1 END),
           COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'vitality' THEN 1 END),
           COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'formal' THEN 1 END),
           COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'informal' THEN 1 END)
    FROM case_connections c WHERE c.case_id = case_outcomes.case_id) ;
UPDATE case_outcomes SET (intake_basic_needs, review_basic_needs, intake_resources, review_resources, intake_connected, review_connected, intake_learning, review_learning, intake_places, review_places, intake_contributes, review_contributes) = (
    SELECT (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'intake' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'review' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'intake' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'review' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'intake' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'review' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'intake' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'review' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'intake' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'review' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'intake' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = case_outcomes.case_id AND r.stage = 'review' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1)) ;
UPDATE case_outcomes SET (check_intake, check_review) = (
    SELECT (SELECT k.scores FROM case_checks k WHERE k.case_id = case_outcomes.case_id AND k.stage = 'intake' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1),
           (SELECT k.scores FROM case_checks k WHERE k.case_id = case_outcomes.case_id AND k.stage = 'review' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1)) ;

CREATE TRIGGER case_outcomes_new AFTER INSERT ON cases
BEGIN
    INSERT INTO case_outcomes (case_id) VALUES (NEW.id);
END;

-- connections: counted again for the case (a handful of rows)
CREATE TRIGGER case_outcomes_connection_added AFTER INSERT ON case_connections
BEGIN
    UPDATE case_outcomes SET (before_people, before_life, before_vitality, before_formal, before_informal, close_people, close_life, close_vitality, close_formal, close_informal) = (
        SELECT COUNT(CASE WHEN c.before_support AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'informal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'informal' THEN 1 END)
        FROM case_connections c WHERE c.case_id = NEW.case_id) WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_outcomes_connection_changed AFTER UPDATE ON case_connections
BEGIN
    UPDATE case_outcomes SET (before_people, before_life, before_vitality, before_formal, before_informal, close_people, close_life, close_vitality, close_formal, close_informal) = (
        SELECT COUNT(CASE WHEN c.before_support AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'informal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'informal' THEN 1 END)
        FROM case_connections c WHERE c.case_id = OLD.case_id) WHERE case_id = OLD.case_id;
    UPDATE case_outcomes SET (before_people, before_life, before_vitality, before_formal, before_informal, close_people, close_life, close_vitality, close_formal, close_informal) = (
        SELECT COUNT(CASE WHEN c.before_support AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'informal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'informal' THEN 1 END)
        FROM case_connections c WHERE c.case_id = NEW.case_id) WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_outcomes_connection_removed AFTER DELETE ON case_connections
BEGIN
    UPDATE case_outcomes SET (before_people, before_life, before_vitality, before_formal, before_informal, close_people, close_life, close_vitality, close_formal, close_informal) = (
        SELECT COUNT(CASE WHEN c.before_support AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN c.before_support AND c.tie = 'informal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'people' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'life' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.family = 'vitality' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'formal' THEN 1 END),
               COUNT(CASE WHEN (c.before_support OR c.state = 'active') AND c.tie = 'informal' THEN 1 END)
        FROM case_connections c WHERE c.case_id = OLD.case_id) WHERE case_id = OLD.case_id;
END;

-- ratings: a new one can only change its own stage and indicator (it is
-- the latest unless a device's older rating arrives late)
CREATE TRIGGER case_outcomes_rating_added AFTER INSERT ON case_ratings
BEGIN
    UPDATE case_outcomes SET
        intake_basic_needs = CASE WHEN NEW.stage = 'intake' AND NEW.indicator = 'basic_needs' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE intake_basic_needs END,
        review_basic_needs = CASE WHEN NEW.stage = 'review' AND NEW.indicator = 'basic_needs' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE review_basic_needs END,
        intake_resources = CASE WHEN NEW.stage = 'intake' AND NEW.indicator = 'resources' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE intake_resources END,
        review_resources = CASE WHEN NEW.stage = 'review' AND NEW.indicator = 'resources' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE review_resources END,
        intake_connected = CASE WHEN NEW.stage = 'intake' AND NEW.indicator = 'connected' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE intake_connected END,
        review_connected = CASE WHEN NEW.stage = 'review' AND NEW.indicator = 'connected' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE review_connected END,
        intake_learning = CASE WHEN NEW.stage = 'intake' AND NEW.indicator = 'learning' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE intake_learning END,
        review_learning = CASE WHEN NEW.stage = 'review' AND NEW.indicator = 'learning' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE review_learning END,
        intake_places = CASE WHEN NEW.stage = 'intake' AND NEW.indicator = 'places' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE intake_places END,
        review_places = CASE WHEN NEW.stage = 'review' AND NEW.indicator = 'places' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE review_places END,
        intake_contributes = CASE WHEN NEW.stage = 'intake' AND NEW.indicator = 'contributes' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE intake_contributes END,
        review_contributes = CASE WHEN NEW.stage = 'review' AND NEW.indicator = 'contributes' THEN (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1) ELSE review_contributes END
    WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_outcomes_rating_changed AFTER UPDATE ON case_ratings
BEGIN
    UPDATE case_outcomes SET (intake_basic_needs, review_basic_needs, intake_resources, review_resources, intake_connected, review_connected, intake_learning, review_learning, intake_places, review_places, intake_contributes, review_contributes) = (
        SELECT (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1)) WHERE case_id = OLD.case_id;
    UPDATE case_outcomes SET (intake_basic_needs, review_basic_needs, intake_resources, review_resources, intake_connected, review_connected, intake_learning, review_learning, intake_places, review_places, intake_contributes, review_contributes) = (
        SELECT (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'intake' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = NEW.case_id AND r.stage = 'review' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1)) WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_outcomes_rating_removed AFTER DELETE ON case_ratings
BEGIN
    UPDATE case_outcomes SET (intake_basic_needs, review_basic_needs, intake_resources, review_resources, intake_connected, review_connected, intake_learning, review_learning, intake_places, review_places, intake_contributes, review_contributes) = (
        SELECT (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'intake' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
               (SELECT r.rating FROM case_ratings r WHERE r.case_id = OLD.case_id AND r.stage = 'review' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1)) WHERE case_id = OLD.case_id;
END;

-- quick checks
CREATE TRIGGER case_outcomes_check_added AFTER INSERT ON case_checks
BEGIN
    UPDATE case_outcomes SET (check_intake, check_review) = (
        SELECT (SELECT k.scores FROM case_checks k WHERE k.case_id = NEW.case_id AND k.stage = 'intake' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1),
               (SELECT k.scores FROM case_checks k WHERE k.case_id = NEW.case_id AND k.stage = 'review' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1)) WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_outcomes_check_changed AFTER UPDATE ON case_checks
BEGIN
    UPDATE case_outcomes SET (check_intake, check_review) = (
        SELECT (SELECT k.scores FROM case_checks k WHERE k.case_id = OLD.case_id AND k.stage = 'intake' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1),
               (SELECT k.scores FROM case_checks k WHERE k.case_id = OLD.case_id AND k.stage = 'review' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1)) WHERE case_id = OLD.case_id;
    UPDATE case_outcomes SET (check_intake, check_review) = (
        SELECT (SELECT k.scores FROM case_checks k WHERE k.case_id = NEW.case_id AND k.stage = 'intake' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1),
               (SELECT k.scores FROM case_checks k WHERE k.case_id = NEW.case_id AND k.stage = 'review' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1)) WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_outcomes_check_removed AFTER DELETE ON case_checks
BEGIN
    UPDATE case_outcomes SET (check_intake, check_review) = (
        SELECT (SELECT k.scores FROM case_checks k WHERE k.case_id = OLD.case_id AND k.stage = 'intake' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1),
               (SELECT k.scores FROM case_checks k WHERE k.case_id = OLD.case_id AND k.stage = 'review' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1)) WHERE case_id = OLD.case_id;
END;

-- the dashboard's places: the connections a period's closed cases made
CREATE INDEX case_connections_places ON case_connections (case_id, before_support, state, activity_id, resource_id);
