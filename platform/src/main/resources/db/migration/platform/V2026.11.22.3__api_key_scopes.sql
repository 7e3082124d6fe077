-- What a key may do. An ingest key (the one every collector and SDK holds) only sends
-- telemetry; reading a project's telemetry back needs a read key. Existing keys stay ingest
-- keys.
ALTER TABLE api_keys
    ADD COLUMN scope text NOT NULL DEFAULT 'ingest' CHECK (scope IN ('ingest', 'read'));
