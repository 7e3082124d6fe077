-- The parts of a model call's tokens that are priced apart, as the provider reported them:
-- input read from and written to the provider's prompt cache, and reasoning ("thinking")
-- output. They are parts of input_tokens and output_tokens, not added to them (the one price
-- table's convention). Calls stored before this read 0: they were priced without them.
ALTER TABLE agent_usage
    ADD COLUMN cached_input_tokens bigint NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    ADD COLUMN cache_write_tokens  bigint NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    ADD COLUMN reasoning_tokens    bigint NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    ADD CONSTRAINT agent_usage_cache_within_input CHECK (cached_input_tokens + cache_write_tokens <= input_tokens),
    ADD CONSTRAINT agent_usage_reasoning_within_output CHECK (reasoning_tokens <= output_tokens);
