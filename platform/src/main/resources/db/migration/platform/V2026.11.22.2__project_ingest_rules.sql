-- A project's own ingest rules. A project without a row gets the built-in PII scrub and the
-- service-wide rate limit; a NULL rate or burst means the service-wide value of that one.
--
-- Scrub replacements are applied in array order, one rule per index across the three
-- parallel arrays (name, Java regex, literal replacement); a NULL replacement means
-- '[REDACTED:<name>]'. Parallel arrays rather than jsonb, so this module needs no JSON library
-- and the database itself can refuse a malformed row.
CREATE TABLE project_ingest_rules
(
    project_id          uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    scrub_names         text[]           NOT NULL DEFAULT '{}',
    scrub_patterns      text[]           NOT NULL DEFAULT '{}',
    scrub_replacements  text[]           NOT NULL DEFAULT '{}',
    drop_attribute_keys text[]           NOT NULL DEFAULT '{}',
    -- 'Infinity' is allowed and means no limit; PostgreSQL sorts NaN above every number.
    records_per_second  double precision CHECK (records_per_second > 0 AND records_per_second <> 'NaN'),
    burst_seconds       double precision CHECK (burst_seconds > 0 AND burst_seconds < 'Infinity'),
    updated_at          timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT project_ingest_rules_scrub_arrays_parallel CHECK (
        cardinality(scrub_patterns) = cardinality(scrub_names)
        AND cardinality(scrub_replacements) = cardinality(scrub_names)),
    CONSTRAINT project_ingest_rules_one_dimensional CHECK (
        coalesce(array_ndims(scrub_names), 1) = 1
        AND coalesce(array_ndims(scrub_patterns), 1) = 1
        AND coalesce(array_ndims(scrub_replacements), 1) = 1
        AND coalesce(array_ndims(drop_attribute_keys), 1) = 1),
    CONSTRAINT project_ingest_rules_no_null_names_patterns_keys CHECK (
        array_position(scrub_names, NULL) IS NULL
        AND array_position(scrub_patterns, NULL) IS NULL
        AND array_position(drop_attribute_keys, NULL) IS NULL)
);
