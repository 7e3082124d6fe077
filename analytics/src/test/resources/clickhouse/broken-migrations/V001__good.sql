CREATE TABLE IF NOT EXISTS good (project_id String, x UInt64) ENGINE = MergeTree ORDER BY (project_id, x);
