-- The actions the agent may propose, per workspace, and the approval requests for them by risk tier.
-- Workspace, project, session and incident ids are plain columns, as in the incidents' other tables.

CREATE TABLE actions
(
    id           uuid PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    -- The slug the model calls it by, e.g. rollback_deploy.
    name         text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
    description  text        NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    webhook_url  text        NOT NULL CHECK (length(webhook_url) BETWEEN 1 AND 2000),
    -- Signs each call (Tracehound-Signature), as the notification webhooks are signed.
    secret       text        NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
    tier         text        NOT NULL CHECK (tier IN ('info', 'low', 'medium', 'high', 'critical')),
    enabled      boolean     NOT NULL DEFAULT true,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    -- A deleted action stays for the requests that name it; its name is free again.
    deleted_at   timestamptz
);

CREATE UNIQUE INDEX actions_name_per_workspace ON actions (workspace_id, name) WHERE deleted_at IS NULL;

CREATE TABLE approval_requests
(
    id              uuid PRIMARY KEY,
    workspace_id    uuid        NOT NULL,
    project_id      uuid        NOT NULL,
    session_id      uuid        NOT NULL,
    incident_id     uuid,
    action_id       uuid        NOT NULL REFERENCES actions (id),
    input           jsonb       NOT NULL,
    reason          text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
    -- The action's tier when proposed, and the tier whose approvers decide now (raised by escalation).
    proposed_tier   text        NOT NULL CHECK (proposed_tier IN ('info', 'low', 'medium', 'high', 'critical')),
    tier            text        NOT NULL CHECK (tier IN ('info', 'low', 'medium', 'high', 'critical')),
    -- 'executing' is held from the claim to the stored result: a crash in between leaves it there,
    -- never sent twice.
    status          text        NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'executing',
                                                           'executed', 'failed')),
    deadline        timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    decided_at      timestamptz,
    executed_at     timestamptz,
    finished_at     timestamptz,
    result_status   integer,
    result_body     text,
    result_error    text,
    -- When the outcome was told to the session (an executed, failed, denied or expired request).
    session_told_at timestamptz
);

CREATE INDEX approval_requests_pending ON approval_requests (deadline) WHERE status = 'pending';
CREATE INDEX approval_requests_workspace ON approval_requests (workspace_id, created_at DESC);
CREATE INDEX approval_requests_untold ON approval_requests (finished_at)
    WHERE session_told_at IS NULL AND status IN ('executed', 'failed', 'denied', 'expired');

-- One vote per person and request, approving or denying: the key refuses a second.
CREATE TABLE approval_votes
(
    request_id uuid        NOT NULL REFERENCES approval_requests (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL,
    -- The voter's workspace role when voting, which the tier's rule counts.
    role       text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    approve    boolean     NOT NULL,
    tier       text        NOT NULL CHECK (tier IN ('info', 'low', 'medium', 'high', 'critical')),
    voted_at   timestamptz NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
