-- Spans, one row each, following the OpenTelemetry data model.
-- Runs on ClickHouse 18.16 and current servers: no Map, DateTime64, JSON type or TTL.
-- Attributes are parallel key/value arrays (Nested); times are UInt64 nanoseconds, with
-- a second-resolution DateTime derived from them for partitioning and the sort key.
CREATE TABLE IF NOT EXISTS spans
(
    project_id          String,
    trace_id            String,
    span_id             String,
    parent_span_id      String,
    trace_state         String,
    name                String,
    kind                Enum8('UNSPECIFIED' = 0, 'INTERNAL' = 1, 'SERVER' = 2, 'CLIENT' = 3, 'PRODUCER' = 4, 'CONSUMER' = 5),
    status_code         Enum8('UNSET' = 0, 'OK' = 1, 'ERROR' = 2),
    status_message      String,
    service_name        String,
    scope_name          String,
    scope_version       String,
    start_time_ns       UInt64,
    duration_ns         UInt64,
    timestamp           DateTime('UTC') MATERIALIZED toDateTime(intDiv(start_time_ns, 1000000000), 'UTC'),
    resource_attributes Nested(key String, value String),
    span_attributes     Nested(key String, value String),
    events              Nested(time_ns UInt64, name String, attribute_keys Array(String), attribute_values Array(String)),
    links               Nested(trace_id String, span_id String, attribute_keys Array(String), attribute_values Array(String)),
    llm_system          String,
    llm_model           String,
    llm_input_tokens    UInt64,
    llm_output_tokens   UInt64,
    llm_cost_usd        Float64
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (project_id, toStartOfHour(timestamp), service_name, name, timestamp);
