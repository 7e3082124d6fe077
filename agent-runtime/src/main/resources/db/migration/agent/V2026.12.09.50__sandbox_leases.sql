-- One row per sandbox a session of the agent held: sandbox minutes are counted from these
-- (docs/billing.md#sandbox-minutes). A lease starts when the provider hands the ready sandbox to
-- the session and ends when the service releases it. While it is held, the service sets
-- last_seen_at every heartbeat (30 s); a lease left open because the service died is counted up
-- to last_seen_at, and closed there by the next heartbeat of any instance.
-- No foreign key to the session: a lease is a billing record and outlives the conversation.
CREATE TABLE sandbox_leases
(
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    project_id   uuid        NOT NULL,
    session_id   uuid        NOT NULL,
    provider     text        NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
    sandbox_id   text        NOT NULL CHECK (length(sandbox_id) BETWEEN 1 AND 200),
    network      boolean     NOT NULL,
    started_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    ended_at     timestamptz,
    CHECK (last_seen_at >= started_at),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);

CREATE INDEX sandbox_leases_workspace_time ON sandbox_leases (workspace_id, started_at);
CREATE INDEX sandbox_leases_open ON sandbox_leases (last_seen_at) WHERE ended_at IS NULL;
