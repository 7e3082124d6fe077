-- De-duplication of batches delivered twice (a client retrying a request whose answer it
-- lost, Kafka redelivering records whose offsets were not committed). Every row written by
-- ingest carries the id of the batch it came in: a hash of the batch's content. A
-- materialized view records each batch id as part of the same INSERT, and writers skip the
-- batches already recorded. Rows written outside ingest (demo data) have no batch id.
-- Batch ids are kept for a few days, by dropping old partitions, since a batch older than
-- that is not delivered again.
ALTER TABLE spans ADD COLUMN ingest_batch String;
ALTER TABLE logs ADD COLUMN ingest_batch String;
ALTER TABLE metrics ADD COLUMN ingest_batch String;

CREATE TABLE IF NOT EXISTS ingest_batches
(
    project_id String,
    batch_id   String,
    stored_at  DateTime('UTC')
)
ENGINE = MergeTree
PARTITION BY toDate(stored_at)
ORDER BY (project_id, batch_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS spans_batches_mv TO ingest_batches AS
SELECT project_id, ingest_batch AS batch_id, now() AS stored_at
FROM spans WHERE ingest_batch != '' GROUP BY project_id, ingest_batch;

CREATE MATERIALIZED VIEW IF NOT EXISTS logs_batches_mv TO ingest_batches AS
SELECT project_id, ingest_batch AS batch_id, now() AS stored_at
FROM logs WHERE ingest_batch != '' GROUP BY project_id, ingest_batch;

CREATE MATERIALIZED VIEW IF NOT EXISTS metrics_batches_mv TO ingest_batches AS
SELECT project_id, ingest_batch AS batch_id, now() AS stored_at
FROM metrics WHERE ingest_batch != '' GROUP BY project_id, ingest_batch;
