-- Where a workspace's notifications go. A webhook or Slack channel has a URL (and a webhook a signing
-- secret); an email channel has an address. failing_since is set when the channel's recent deliveries
-- all failed and cleared by its next success, so the UI can show it.
CREATE TABLE notification_channels
(
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    kind          text        NOT NULL CHECK (kind IN ('webhook', 'slack', 'email')),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    target        text        NOT NULL CHECK (length(target) BETWEEN 1 AND 2000),
    secret        text,
    enabled       boolean     NOT NULL DEFAULT true,
    failing_since timestamptz,
    CHECK (kind <> 'webhook' OR secret IS NOT NULL)
);

CREATE INDEX notification_channels_workspace ON notification_channels (workspace_id);

-- The durable outbox: one row per (channel, event). The UNIQUE constraint is what makes the same event,
-- enqueued twice or by two instances, a single delivery.
CREATE TABLE notification_outbox
(
    id              bigserial PRIMARY KEY,
    channel_id      uuid        NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
    idempotency_key text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    notification    jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, idempotency_key)
);

-- deliverDue's claim: the due pending rows, oldest first.
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_outbox_channel_attempts ON notification_outbox (channel_id, last_attempt_at DESC);
