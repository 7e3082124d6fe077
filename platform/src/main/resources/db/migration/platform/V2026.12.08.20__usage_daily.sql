-- Usage per project, UTC day and meter (spans, log_records, metric_points), counted where the
-- rows are stored (ClickHouse) by the usage roll-up. A row only grows: the roll-up writes the
-- greater of what is here and what it counted, so rows deleted later (retention, a deleted
-- project) never lower a day that was billed. No foreign key to projects: usage outlives the
-- project it came from. workspace_id is the project's, copied so a workspace's usage is read
-- without a join.
CREATE TABLE usage_daily
(
    project_id   uuid        NOT NULL,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    day          date        NOT NULL,
    meter        text        NOT NULL CHECK (meter ~ '^[a-z][a-z_]{0,39}$'),
    quantity     bigint      NOT NULL CHECK (quantity >= 0),
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (project_id, day, meter)
);

CREATE INDEX usage_daily_workspace_day ON usage_daily (workspace_id, day);
