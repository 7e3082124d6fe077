-- A project being deleted: its keys stop working and it is not found for reads from the moment
-- the deletion is asked for, while a job removes its telemetry; the row itself goes last.
ALTER TABLE projects
    ADD COLUMN deletion_requested_at timestamptz;

-- Who made a key (NULL for keys the service made itself, e.g. the demo key), when it was last
-- used (written at most once a minute per key), and when it stops working (NULL: never).
ALTER TABLE api_keys
    ADD COLUMN created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN last_used_at timestamptz,
    ADD COLUMN expires_at   timestamptz;

-- Deleting a project is a job: ClickHouse rows first (by the app), PostgreSQL rows last. No
-- foreign key to the project, whose row the job deletes; slug and name are kept to show it.
CREATE TABLE project_deletions
(
    id           uuid PRIMARY KEY,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_id   uuid        NOT NULL,
    project_slug text        NOT NULL,
    project_name text        NOT NULL,
    requested_by uuid,
    state        text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    steps_done   text[]      NOT NULL DEFAULT '{}',
    error        text CHECK (length(error) <= 2000),
    -- Raised by every claim: a runner whose claim was taken over by another finds it changed.
    attempt      integer     NOT NULL DEFAULT 0,
    requested_at timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    heartbeat_at timestamptz,
    finished_at  timestamptz
);

CREATE UNIQUE INDEX project_deletions_one_open_per_project ON project_deletions (project_id)
    WHERE state IN ('queued', 'running');
CREATE INDEX project_deletions_queue ON project_deletions (requested_at) WHERE state IN ('queued', 'running');
CREATE INDEX project_deletions_workspace ON project_deletions (workspace_id, requested_at DESC);

-- The audit log's filters by actor and by target, newest first.
CREATE INDEX audit_log_workspace_actor ON audit_log (workspace_id, actor_id, occurred_at DESC);
CREATE INDEX audit_log_workspace_target ON audit_log (workspace_id, target_kind, target_id, occurred_at DESC);
