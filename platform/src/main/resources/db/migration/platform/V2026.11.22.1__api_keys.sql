-- Project API keys for sending telemetry. Only a SHA-256 of the key is stored: a key is
-- shown once, at creation, and cannot be recovered from the database.
CREATE TABLE api_keys
(
    id         uuid PRIMARY KEY,
    project_id uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    key_hash   bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    key_prefix text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX api_keys_project ON api_keys (project_id);
