-- What each case came to, kept beside it for the city dashboard (issue 19):
-- its ties before support and at closing (by family and by tie), the
-- latest rating of each indicator at intake and at review, and the latest
-- quick-check scores of each stage. Triggers keep it whichever path writes
-- (the tablets' sync, the office, the demo seed), so the dashboard reads one
-- row per closed case instead of every connection, rating and check.
CREATE TABLE case_outcomes (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    before_people BIGINT NOT NULL DEFAULT 0,
    before_life BIGINT NOT NULL DEFAULT 0,
    before_vitality BIGINT NOT NULL DEFAULT 0,
    before_formal BIGINT NOT NULL DEFAULT 0,
    before_informal BIGINT NOT NULL DEFAULT 0,
    close_people BIGINT NOT NULL DEFAULT 0,
    close_life BIGINT NOT NULL DEFAULT 0,
    close_vitality BIGINT NOT NULL DEFAULT 0,
    close_formal BIGINT NOT NULL DEFAULT 0,
    close_informal BIGINT NOT NULL DEFAULT 0,
    intake_basic_needs BIGINT,
    review_basic_needs BIGINT,
    intake_resources BIGINT,
    review_resources BIGINT,
    intake_connected BIGINT,
    review_connected BIGINT,
    intake_learning BIGINT,
    review_learning BIGINT,
    intake_places BIGINT,
    review_places BIGINT,
    intake_contributes BIGINT,
    review_contributes BIGINT,
    check_intake JSONB,
    check_review JSONB
);
-- one case's ties counted again (a handful of rows)
CREATE FUNCTION case_outcomes_count_ties(BIGINT) RETURNS void LANGUAGE sql AS $$
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
    FROM case_connections c WHERE c.case_id = $1) WHERE case_id = $1;
$$;
-- one case's latest rating of each stage and indicator read again
CREATE FUNCTION case_outcomes_read_ratings(BIGINT) RETURNS void LANGUAGE sql AS $$
UPDATE case_outcomes SET (intake_basic_needs, review_basic_needs, intake_resources, review_resources, intake_connected, review_connected, intake_learning, review_learning, intake_places, review_places, intake_contributes, review_contributes) = (
    SELECT (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'intake' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'review' AND r.indicator = 'basic_needs' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'intake' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'review' AND r.indicator = 'resources' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'intake' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'review' AND r.indicator = 'connected' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'intake' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'review' AND r.indicator = 'learning' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'intake' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'review' AND r.indicator = 'places' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'intake' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1),
           (SELECT r.rating FROM case_ratings r WHERE r.case_id = $1 AND r.stage = 'review' AND r.indicator = 'contributes' ORDER BY r.written_at DESC, r.id DESC LIMIT 1)) WHERE case_id = $1;
$$;
-- one case's latest quick check of each stage read again (JSONB here: the
-- dashboard reads a score without parsing the text)
CREATE FUNCTION case_outcomes_read_checks(BIGINT) RETURNS void LANGUAGE sql AS $$
UPDATE case_outcomes SET (check_intake, check_review) = (
    SELECT (SELECT k.scores::jsonb FROM case_checks k WHERE k.case_id = $1 AND k.stage = 'intake' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1),
           (SELECT k.scores::jsonb FROM case_checks k WHERE k.case_id = $1 AND k.stage = 'review' ORDER BY k.taken_on DESC, k.id DESC LIMIT 1)) WHERE case_id = $1;
$$;
INSERT INTO case_outcomes (case_id) SELECT id FROM cases;
SELECT case_outcomes_count_ties(case_id), case_outcomes_read_ratings(case_id), case_outcomes_read_checks(case_id) FROM case_outcomes;

CREATE FUNCTION case_outcomes_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_outcomes (case_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER case_outcomes_new AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION case_outcomes_new();

CREATE FUNCTION case_outcomes_connections() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM case_outcomes_count_ties(OLD.case_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM case_outcomes_count_ties(NEW.case_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_outcomes_connections AFTER INSERT OR UPDATE OR DELETE ON case_connections FOR EACH ROW EXECUTE FUNCTION case_outcomes_connections();

-- ratings: a new one can only change its own stage and indicator (it is
-- the latest unless a device's older rating arrives late); an edit or a
-- removal reads the case's ratings again
CREATE FUNCTION case_outcomes_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM case_outcomes_read_ratings(OLD.case_id);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM case_outcomes_read_ratings(NEW.case_id);
    END IF;
    IF TG_OP = 'INSERT' THEN
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
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_outcomes_ratings AFTER INSERT OR UPDATE OR DELETE ON case_ratings FOR EACH ROW EXECUTE FUNCTION case_outcomes_ratings();

CREATE FUNCTION case_outcomes_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM case_outcomes_read_checks(OLD.case_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM case_outcomes_read_checks(NEW.case_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_outcomes_checks AFTER INSERT OR UPDATE OR DELETE ON case_checks FOR EACH ROW EXECUTE FUNCTION case_outcomes_checks();

-- the dashboard's places: the connections a period's closed cases made
CREATE INDEX case_connections_places ON case_connections (case_id, before_support, state, activity_id, resource_id);
