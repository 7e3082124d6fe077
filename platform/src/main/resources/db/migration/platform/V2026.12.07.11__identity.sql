-- People, created just in time from an OIDC login: one row per issuer and subject.
CREATE TABLE users
(
    id            uuid PRIMARY KEY,
    issuer        text        NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
    subject       text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    email         text CHECK (length(email) <= 320),
    name          text CHECK (length(name) <= 200),
    avatar_url    text CHECK (length(avatar_url) <= 2000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer, subject)
);

-- People whose verified email is in one of these domains join the workspace as members at login.
ALTER TABLE workspaces
    ADD COLUMN allowed_email_domains text[] NOT NULL DEFAULT '{}';

CREATE TABLE memberships
(
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX memberships_user ON memberships (user_id);

-- A backstop under the application's workspace lock: at commit, a workspace that still exists
-- has an owner if it had one before. Deferred, so a transaction may hand ownership over in any
-- order; deleting the workspace itself passes.
CREATE FUNCTION memberships_keep_an_owner() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF OLD.role = 'owner'
        AND EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id)
        AND NOT EXISTS (SELECT 1 FROM memberships WHERE workspace_id = OLD.workspace_id AND role = 'owner') THEN
        RAISE EXCEPTION 'workspace % would be left without an owner', OLD.workspace_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER memberships_keep_an_owner
    AFTER UPDATE OR DELETE
    ON memberships
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
EXECUTE FUNCTION memberships_keep_an_owner();

-- Only a SHA-256 of the token is stored: the token is shown once, when the invitation is made.
CREATE TABLE invitations
(
    id           uuid PRIMARY KEY,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email        text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    token_hash   bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    invited_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL CHECK (expires_at > created_at),
    accepted_at  timestamptz,
    accepted_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    revoked_at   timestamptz
);

CREATE INDEX invitations_workspace ON invitations (workspace_id);

-- Who did what to whom. No foreign keys: the history outlives the workspace, user or key.
CREATE TABLE audit_log
(
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor_kind   text        NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
    actor_id     uuid,
    action       text        NOT NULL,
    target_kind  text        NOT NULL,
    target_id    text        NOT NULL,
    summary      jsonb       NOT NULL DEFAULT '{}',
    ip           text,
    user_agent   text CHECK (length(user_agent) <= 1000)
);

CREATE INDEX audit_log_workspace_time ON audit_log (workspace_id, occurred_at DESC);

-- Append-only for everyone, the service's own role included (it owns the table, so a REVOKE
-- would not hold it back).
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE
    ON audit_log
    FOR EACH ROW
EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE
    ON audit_log
    FOR EACH STATEMENT
EXECUTE FUNCTION audit_log_is_append_only();
