-- Exponential histograms and summaries, the two OpenTelemetry metric kinds V004 left out,
-- one row per data point like the others. metric_type gains EXPONENTIAL_HISTOGRAM and
-- SUMMARY (adding values to an Enum8 rewrites no data).
-- A summary's count and sum go in histogram_count and histogram_sum (its sum is always
-- there); histogram_min and histogram_max stay NULL. summary_quantiles and summary_values
-- are parallel arrays: the value at each quantile (0 to 1, increasing; 0 is the minimum and
-- 1 the maximum). A summary has no aggregation temporality: UNSPECIFIED, as for a gauge.
-- An exponential histogram's count, sum, min and max go in the histogram_* columns (sum,
-- min and max NULL when absent). Its buckets are powers of base = 2^(2^-exp_scale): the
-- positive bucket at index i (i = exp_positive_offset + position in exp_positive_counts)
-- counts the values in (base^i, base^(i+1)], the negative ones likewise for the absolute
-- values of negative values; exp_zero_count counts the values whose absolute value is at
-- most exp_zero_threshold. exp_zero_count plus every bucket count is histogram_count.
-- These columns are empty, 0 or NULL as above for the kinds they do not belong to, and
-- value is 0 for both new kinds.
ALTER TABLE metrics MODIFY COLUMN metric_type
    Enum8('GAUGE' = 1, 'SUM' = 2, 'HISTOGRAM' = 3, 'EXPONENTIAL_HISTOGRAM' = 4, 'SUMMARY' = 5);
ALTER TABLE metrics ADD COLUMN summary_quantiles Array(Float64);
ALTER TABLE metrics ADD COLUMN summary_values Array(Float64);
ALTER TABLE metrics ADD COLUMN exp_scale Int32;
ALTER TABLE metrics ADD COLUMN exp_zero_count UInt64;
ALTER TABLE metrics ADD COLUMN exp_zero_threshold Float64;
ALTER TABLE metrics ADD COLUMN exp_positive_offset Int32;
ALTER TABLE metrics ADD COLUMN exp_positive_counts Array(UInt64);
ALTER TABLE metrics ADD COLUMN exp_negative_offset Int32;
ALTER TABLE metrics ADD COLUMN exp_negative_counts Array(UInt64);
