-- Alert states, incidents, their timeline and silences. Workspace and project ids are plain columns:
-- the platform owns those tables and this module never joins them.

-- Evaluation leases: one row per check and interval. The instance whose INSERT adds the row evaluates
-- that slot; every other instance, and the same one after a restart, finds it taken. Rows older than a
-- day are deleted.
CREATE TABLE evaluation_slots
(
    source     text        NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    slot_start timestamptz NOT NULL,
    instance   text        NOT NULL CHECK (length(instance) BETWEEN 1 AND 200),
    claimed_at timestamptz NOT NULL,
    PRIMARY KEY (source, slot_start)
);

CREATE INDEX evaluation_slots_age ON evaluation_slots (slot_start);

-- Firings are grouped into incidents by project, service and the rule's own labels (group_key); at most
-- one open incident per group, which is what lets two instances firing into the same group meet.
CREATE TABLE incidents
(
    id                         uuid PRIMARY KEY,
    workspace_id               uuid        NOT NULL,
    project_id                 uuid        NOT NULL,
    group_key                  text        NOT NULL,
    service                    text        NOT NULL DEFAULT '',
    group_labels               jsonb       NOT NULL DEFAULT '{}',
    title                      text        NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    severity                   text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    status                     text        NOT NULL CHECK (status IN ('open', 'resolved')),
    opened_at                  timestamptz NOT NULL,
    resolved_at                timestamptz,
    -- Where its notifications go (the check's channels), empty: every enabled channel of the workspace.
    channel_ids                uuid[]      NOT NULL DEFAULT '{}',
    -- Set when its firing notification was queued; an incident whose alerts were all silenced has none,
    -- and then sends no report or resolve notification either.
    notified_at                timestamptz,
    -- An unsilenced alert at or above its check's investigate-from severity fired into it. The request is made
    -- after the commit: claimed (requested_at), asked, then the investigation's id stored; a claim left
    -- without an id for 5 minutes (a crash in between) is asked again.
    investigate                boolean     NOT NULL DEFAULT false,
    investigation_requested_at timestamptz,
    investigation_id           uuid,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);

CREATE UNIQUE INDEX incidents_one_open_per_group ON incidents (project_id, group_key) WHERE status = 'open';
CREATE INDEX incidents_project_newest ON incidents (project_id, opened_at DESC, id DESC);
CREATE INDEX incidents_to_investigate ON incidents (opened_at)
    WHERE investigate AND investigation_id IS NULL AND status = 'open';

-- One series' alert within one incident, as last evaluated; kept after it resolves, for the incident's page
-- and for an investigation re-run later.
CREATE TABLE incident_alerts
(
    incident_id uuid             NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    source      text             NOT NULL,
    series_key  text             NOT NULL,
    labels      jsonb            NOT NULL,
    severity    text             NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    value       double precision,
    baseline    double precision,
    volume      bigint           NOT NULL DEFAULT 0,
    summary     text             NOT NULL,
    fired_at    timestamptz      NOT NULL,
    resolved_at timestamptz,
    silenced_by uuid,
    PRIMARY KEY (incident_id, source, series_key)
);

-- The state of each series a check has seen breach: pending, firing, or back to inactive/resolved. The
-- streaks are consecutive evaluations with data (NO_DATA leaves them as they are).
CREATE TABLE alert_states
(
    project_id        uuid             NOT NULL,
    source            text             NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    series_key        text             NOT NULL CHECK (length(series_key) <= 1000),
    check_source      text             NOT NULL,
    workspace_id      uuid             NOT NULL,
    state             text             NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
    labels            jsonb            NOT NULL,
    severity          text             NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    value             double precision,
    baseline          double precision,
    volume            bigint           NOT NULL DEFAULT 0,
    summary           text             NOT NULL,
    breach_streak     integer          NOT NULL DEFAULT 0,
    healthy_streak    integer          NOT NULL DEFAULT 0,
    since             timestamptz      NOT NULL,
    last_evaluated_at timestamptz      NOT NULL,
    last_data_at      timestamptz      NOT NULL,
    incident_id       uuid REFERENCES incidents (id) ON DELETE SET NULL,
    -- The silence that matched it when it fired; cleared when, still firing, no silence matches any more.
    silenced_by       uuid,
    PRIMARY KEY (project_id, source, series_key)
);

CREATE INDEX alert_states_check ON alert_states (project_id, check_source) WHERE state IN ('pending', 'firing');

-- What happened to an incident, in order: fired, alert-resolved, silenced, investigation-started,
-- report-ready, investigation-failed, notified, resolved, and the approvals' events.
CREATE TABLE incident_events
(
    id          bigserial PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL CHECK (kind ~ '^[a-z][a-z-]{0,62}$'),
    actor       text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    detail      jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

-- Silences: while in effect, a firing alert whose labels all matchers match still fires, but notifies
-- nobody and starts no investigation. Matchers: [{"label", "value", "regex"}], a regex matching the whole
-- value. Expiring one sets ends_at to the moment, with who did it.
CREATE TABLE silences
(
    id           uuid PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    matchers     jsonb       NOT NULL CHECK (jsonb_typeof(matchers) = 'array' AND jsonb_array_length(matchers) > 0),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    created_by   text        NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
    comment      text        NOT NULL CHECK (length(comment) BETWEEN 1 AND 1000),
    created_at   timestamptz NOT NULL,
    expired_by   text,
    CHECK (ends_at >= starts_at)
);

CREATE INDEX silences_workspace_ending ON silences (workspace_id, ends_at DESC);
