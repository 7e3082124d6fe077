-- The agent's sessions and everything that happens in them. Workspace, project and user ids
-- are plain columns: the platform owns those tables and this module never joins them.
-- user_id is text so it can hold an identity provider's subject or a service name (automated
-- investigations) as well as a platform user id.
CREATE TABLE agent_sessions
(
    id             uuid PRIMARY KEY,
    workspace_id   uuid        NOT NULL,
    project_id     uuid        NOT NULL,
    user_id        text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
    title          text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    model          text        NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    status         text        NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'awaiting_approval')),
    -- Counters handed out by UPDATE ... RETURNING: the row lock serialises concurrent appends,
    -- so message ordinals and event sequence numbers are distinct and gap-free.
    message_count  integer     NOT NULL DEFAULT 0,
    last_event_seq bigint      NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);

CREATE INDEX agent_sessions_project_newest ON agent_sessions (project_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;

-- The conversation, in order: enough to rebuild the model's turns after a restart.
CREATE TABLE agent_messages
(
    session_id   uuid        NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    ordinal      integer     NOT NULL,
    role         text        NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    text         text        NOT NULL,
    -- Assistant turns: [{"id", "name", "arguments"}], arguments being the model's raw text.
    tool_calls   jsonb       NOT NULL DEFAULT '[]',
    -- Tool turns: which call this result answers.
    tool_call_id text,
    tool_name    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, ordinal),
    CHECK ((role = 'tool') = (tool_call_id IS NOT NULL AND tool_name IS NOT NULL))
);

-- Each tool call the model asked for, under the id the model gave it. arguments is text, not
-- jsonb: a model may write malformed JSON, and that is kept as written.
CREATE TABLE agent_tool_calls
(
    session_id  uuid        NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    call_id     text        NOT NULL,
    tool_name   text        NOT NULL,
    arguments   text        NOT NULL,
    status      text        NOT NULL CHECK (status IN
        ('awaiting_approval', 'running', 'succeeded', 'failed', 'denied', 'cancelled')),
    is_error    boolean     NOT NULL GENERATED ALWAYS AS (status IN ('failed', 'denied', 'cancelled')) STORED,
    output      text,
    result      jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (session_id, call_id)
);

-- What the client was streamed; seq is the SSE event id, replayed after Last-Event-ID.
-- data is json, not jsonb, so a replayed event is byte for byte what was sent live.
CREATE TABLE agent_events
(
    session_id uuid        NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    seq        bigint      NOT NULL CHECK (seq > 0),
    type       text        NOT NULL,
    data       json        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, seq)
);

-- One row per model call. No foreign key to the session: usage is a billing record and
-- outlives the conversation it came from.
CREATE TABLE agent_usage
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id    uuid        NOT NULL,
    workspace_id  uuid        NOT NULL,
    user_id       text        NOT NULL,
    model         text        NOT NULL,
    input_tokens  bigint      NOT NULL CHECK (input_tokens >= 0),
    output_tokens bigint      NOT NULL CHECK (output_tokens >= 0),
    estimated     boolean     NOT NULL,
    cost_micros   bigint      NOT NULL CHECK (cost_micros >= 0),
    priced        boolean     NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE INDEX agent_usage_session ON agent_usage (session_id);
CREATE INDEX agent_usage_workspace_time ON agent_usage (workspace_id, created_at);
