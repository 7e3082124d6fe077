CREATE TABLE IF NOT EXISTS broken (project_id String) ENGINE = MergeTree ORDER BY (project_id, no_such_column);
