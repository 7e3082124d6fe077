-- The bytes each row was received as, for the ingested_bytes meter: the size of its record in
-- OTLP's protobuf encoding after decompression (a span, a log record, a metric data point;
-- OTLP/JSON is measured once parsed into the same protobuf record). The usage roll-up sums it
-- per project and day beside count(), so bytes are billed once however often a batch is
-- delivered, like the rows. Rows stored before this migration, and rows not received over OTLP
-- (demo data), count 0 bytes. UInt32: ingest refuses a record over 1 MiB.
ALTER TABLE spans ADD COLUMN ingested_bytes UInt32 DEFAULT 0;
ALTER TABLE logs ADD COLUMN ingested_bytes UInt32 DEFAULT 0;
ALTER TABLE metrics ADD COLUMN ingested_bytes UInt32 DEFAULT 0;
