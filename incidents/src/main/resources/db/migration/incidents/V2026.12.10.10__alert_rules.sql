-- Alert rules of a project: a query over spans or logs, a condition, and how often to evaluate it.
-- The query and the condition are JSON in the shape the API takes (incidents' RuleJson);
-- their checks are the application's, the table holds what passed them.
CREATE TABLE alert_rules
(
    id               uuid PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_id       uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    query            jsonb       NOT NULL,
    condition        jsonb       NOT NULL,
    window_seconds   integer     NOT NULL CHECK (window_seconds BETWEEN 60 AND 86400),
    interval_seconds integer     NOT NULL CHECK (interval_seconds BETWEEN 30 AND 3600),
    severity         text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    labels           jsonb       NOT NULL DEFAULT '{}',
    channel_ids      uuid[]      NOT NULL DEFAULT '{}',
    investigate      boolean     NOT NULL DEFAULT false,
    enabled          boolean     NOT NULL DEFAULT true,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- A rule's name is its alerts' alertname: one per project, so alerts say which rule fired.
    UNIQUE (project_id, name)
);

CREATE INDEX alert_rules_workspace ON alert_rules (workspace_id);
CREATE INDEX alert_rules_enabled ON alert_rules (id) WHERE enabled;
