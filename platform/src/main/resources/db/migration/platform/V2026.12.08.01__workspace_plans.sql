-- Which plan of the catalogue (platform's plans/plans-<version>.json) each workspace is on. A
-- workspace without a row is on the catalogue's default plan (free). status and grace_until are
-- billing's: past_due keeps the plan until grace_until, canceled falls back to the default plan.
CREATE TABLE workspace_plans
(
    workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    plan         text        NOT NULL CHECK (plan ~ '^[a-z][a-z0-9-]{0,39}$'),
    plan_version text        NOT NULL CHECK (length(plan_version) BETWEEN 1 AND 100),
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'past_due', 'canceled')),
    changed_at   timestamptz NOT NULL DEFAULT now(),
    grace_until  timestamptz,
    CHECK ((status = 'past_due') = (grace_until IS NOT NULL))
);
