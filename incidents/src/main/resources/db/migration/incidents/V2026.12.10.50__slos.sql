-- Service level objectives: of the spans a filter selects, the share that must be good (not failed,
-- and when latency_threshold_ms is set, not slower than it) over a period. Burn-rate alerts on them are
-- evaluated like alert rules (source slo:<id>).
CREATE TABLE slos
(
    id                   uuid PRIMARY KEY,
    workspace_id         uuid          NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_id           uuid          NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name                 text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    service              text,
    span_name            text,
    filters              jsonb         NOT NULL DEFAULT '{}',
    latency_threshold_ms bigint CHECK (latency_threshold_ms IS NULL OR latency_threshold_ms > 0),
    objective            double precision NOT NULL CHECK (objective > 0 AND objective < 1),
    period_days          int           NOT NULL CHECK (period_days BETWEEN 1 AND 90),
    channel_ids          uuid[]        NOT NULL DEFAULT '{}',
    investigate          boolean       NOT NULL DEFAULT false,
    enabled              boolean       NOT NULL DEFAULT true,
    created_by           text          NOT NULL,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    updated_at           timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (project_id, name)
);

CREATE INDEX slos_enabled ON slos (enabled) WHERE enabled;
