-- Runs of the evaluation suite: what ran (commit, model, the system prompt's hash, the filter),
-- how it did, and its whole report, so that runs can be listed, opened and compared over time.
-- They live in the schema evals, beside the sessions the runs' agents wrote, apart from the service's.
CREATE TABLE eval_runs
(
    id          uuid PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    git_commit  text        NOT NULL,
    model       text        NOT NULL,
    prompt_hash text        NOT NULL,
    filter      text        NOT NULL,
    scenarios   integer     NOT NULL CHECK (scenarios >= 0),
    passed      integer     NOT NULL CHECK (passed >= 0 AND passed <= scenarios),
    report      jsonb       NOT NULL
);

CREATE INDEX eval_runs_by_start ON eval_runs (started_at DESC);
CREATE INDEX eval_runs_by_model ON eval_runs (model, started_at DESC);
