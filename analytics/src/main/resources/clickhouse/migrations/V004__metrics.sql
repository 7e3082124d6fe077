-- Metric data points, one row each, following the OpenTelemetry metrics data model:
-- gauges, sums and explicit-bucket histograms (exponential histograms and summaries are
-- not stored yet). Integer values are stored as Float64. value holds a gauge's or sum's
-- value and is 0 for a histogram, whose columns are histogram_* and the two bucket arrays
-- (empty for the other kinds). A histogram's sum, min and max are optional in OTLP, hence
-- NULL when absent; NaN and infinities are kept as sent, so aggregate with isFinite(value).
-- A gauge's temporality is UNSPECIFIED; is_monotonic is set only on sums. Exemplars are
-- not kept.
CREATE TABLE IF NOT EXISTS metrics
(
    project_id          String,
    metric_name         String,
    metric_description  String,
    metric_unit         String,
    metric_type         Enum8('GAUGE' = 1, 'SUM' = 2, 'HISTOGRAM' = 3),
    temporality         Enum8('UNSPECIFIED' = 0, 'DELTA' = 1, 'CUMULATIVE' = 2),
    is_monotonic        UInt8,
    service_name        String,
    scope_name          String,
    scope_version       String,
    start_time_ns       UInt64,
    time_ns             UInt64,
    timestamp           DateTime('UTC') MATERIALIZED toDateTime(intDiv(time_ns, 1000000000), 'UTC'),
    resource_attributes Nested(key String, value String),
    metric_attributes   Nested(key String, value String),
    value               Float64,
    histogram_count     UInt64,
    histogram_sum       Nullable(Float64),
    histogram_min       Nullable(Float64),
    histogram_max       Nullable(Float64),
    bucket_counts       Array(UInt64),
    explicit_bounds     Array(Float64)
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (project_id, metric_name, service_name, timestamp);
