-- Cached and reasoning tokens of LLM calls, beside llm_input_tokens and llm_output_tokens,
-- counted the way the OpenTelemetry GenAI conventions count them: llm_cached_input_tokens
-- (read from the provider's prompt cache) and llm_cache_write_tokens (written to it) are part
-- of llm_input_tokens; llm_reasoning_tokens are part of llm_output_tokens. They are 0 where
-- the call reported none, and for rows stored before this migration.
ALTER TABLE spans ADD COLUMN llm_cached_input_tokens UInt64 DEFAULT 0;
ALTER TABLE spans ADD COLUMN llm_cache_write_tokens UInt64 DEFAULT 0;
ALTER TABLE spans ADD COLUMN llm_reasoning_tokens UInt64 DEFAULT 0;
