-- Trace-id ordered lookup: where in time a trace's spans are, so fetching a trace by id
-- reads only the hours it spans. Filled by a materialized view on every insert into
-- spans; a trace written in several batches has several rows (read with min/max).
-- Partitioned by day like spans, so retention drops both together.
CREATE TABLE IF NOT EXISTS trace_index
(
    project_id  String,
    trace_id    String,
    start_time  DateTime('UTC'),
    end_time    DateTime('UTC'),
    span_count  UInt64
)
ENGINE = MergeTree
PARTITION BY toDate(start_time)
ORDER BY (project_id, trace_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv TO trace_index AS
SELECT
    project_id,
    trace_id,
    min(timestamp) AS start_time,
    max(toDateTime(intDiv(start_time_ns + duration_ns, 1000000000), 'UTC')) AS end_time,
    count() AS span_count
FROM spans
GROUP BY project_id, trace_id;
