-- Positive Health self-check: what reaches the server only when the person
-- chooses (results otherwise stay on their device).

-- Referrals into the link-worker office. The self-check's 「リンクワーカーに
-- 相談する」 creates one (source 'self'); the casework issue adds clinic
-- referrals (form ①) and the office's own intake to the same queue.
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL CHECK (source IN ('self', 'clinic', 'office')),
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    contact_method TEXT NOT NULL CHECK (contact_method IN ('phone', 'email', 'visit', 'any')),
    contact_time TEXT,
    topic TEXT,
    -- the exact purpose text the person agreed to, and when
    consent_purpose TEXT NOT NULL,
    consented_at TEXT NOT NULL,
    consent_by TEXT NOT NULL DEFAULT 'self' CHECK (consent_by IN ('self', 'family', 'verbal')),
    -- self-check result the person chose to attach (JSON), if any
    attached_result TEXT,
    status TEXT NOT NULL DEFAULT 'received',
    created_at TEXT NOT NULL
);
CREATE INDEX referrals_status ON referrals (status);

-- Anonymous contributions to city statistics (explicit opt-in): dimension
-- scores, age band, district and the month only. No time, no id of anyone.
CREATE TABLE health_check_stats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    questionnaire_id TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    month TEXT NOT NULL,
    age_band TEXT,
    district TEXT,
    scores TEXT NOT NULL
);
CREATE INDEX health_check_stats_month ON health_check_stats (month);
