-- Security hardening (issue 17).
-- Each session's half of the casework vault lock: a random key the tablet
-- fetches while signed in, so that its encrypted store opens without the
-- PIN only while the session lives (sign-out, expiry or disabling end it).
ALTER TABLE sessions ADD COLUMN vault_key TEXT;
