-- Investigations of incidents: each is an agent session run by one instance, queued until an instance
-- claims it within its workspace's limit of concurrent investigations. Workspace and project ids are
-- plain columns, as in the incidents' tables.
CREATE TABLE investigations
(
    id            uuid PRIMARY KEY,
    -- The order of requests made at the same instant.
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    incident_id   uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    workspace_id  uuid        NOT NULL,
    project_id    uuid        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    -- 'tracehound' for one started by a firing, else the person's user id.
    requested_by  text        NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 200),
    requested_at  timestamptz NOT NULL,
    -- When an instance first claimed it: what the month's investigations meter counts. A claim that
    -- expired (its instance died) and was taken again keeps the first.
    started_at    timestamptz,
    finished_at   timestamptz,
    claimed_by    text,
    claimed_until timestamptz,
    -- Claims so far; a run whose claim is no longer the latest stores nothing.
    attempts      integer     NOT NULL DEFAULT 0,
    session_id    uuid,
    -- The incident as the investigation was asked about it (IncidentContext): what its first message says.
    context       jsonb       NOT NULL,
    report        jsonb,
    error         text,
    CHECK ((status = 'running') = (claimed_until IS NOT NULL)),
    CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL))
);

-- At most one queued or running investigation per incident: a second request meets the first.
CREATE UNIQUE INDEX investigations_one_active ON investigations (incident_id) WHERE status IN ('queued', 'running');
CREATE INDEX investigations_incident_newest ON investigations (incident_id, requested_at DESC, seq DESC);
CREATE INDEX investigations_queued ON investigations (requested_at, seq) WHERE status = 'queued';
CREATE INDEX investigations_running ON investigations (workspace_id, claimed_until) WHERE status = 'running';
CREATE INDEX investigations_started ON investigations (workspace_id, started_at) WHERE started_at IS NOT NULL;

-- propose_action asks which incident a session investigates.
CREATE INDEX investigations_session ON investigations (session_id) WHERE session_id IS NOT NULL;
