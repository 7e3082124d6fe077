-- Log records, following the OpenTelemetry logs data model; trace_id/span_id are empty
-- when a record is not correlated with a trace.
CREATE TABLE IF NOT EXISTS logs
(
    project_id          String,
    time_ns             UInt64,
    observed_time_ns    UInt64,
    timestamp           DateTime('UTC') MATERIALIZED toDateTime(intDiv(time_ns, 1000000000), 'UTC'),
    trace_id            String,
    span_id             String,
    severity_number     UInt8,
    severity_text       String,
    service_name        String,
    body                String,
    resource_attributes Nested(key String, value String),
    log_attributes      Nested(key String, value String),
    scope_name          String
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (project_id, toStartOfHour(timestamp), service_name, timestamp);
