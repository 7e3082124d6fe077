-- Stripe billing. A workspace that ever started a checkout has a Stripe customer; its subscription's
-- state is Stripe's (fetched, never inferred from the order of events) and mirrored here only for
-- reading: the plan itself stays in workspace_plans.
CREATE TABLE billing_accounts
(
    workspace_id           uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    stripe_customer_id     text        NOT NULL UNIQUE CHECK (stripe_customer_id ~ '^cus_[A-Za-z0-9_]+$'),
    stripe_subscription_id text,
    subscription_status    text,
    current_period_end     timestamptz,
    cancel_at_period_end   boolean     NOT NULL DEFAULT false,
    -- The subscription item priced per seat, and the quantity Stripe last confirmed for it.
    seat_item_id           text,
    seats_billed           integer CHECK (seats_billed >= 0),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- Every webhook event processed, so a replayed or redelivered one changes nothing. No foreign key:
-- the history outlives a deleted workspace.
CREATE TABLE stripe_events
(
    id           text PRIMARY KEY CHECK (id ~ '^evt_[A-Za-z0-9_]+$'),
    type         text        NOT NULL,
    workspace_id uuid,
    outcome      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- How much overage of each meter and calendar month (UTC) was reported to Stripe's billing meters:
-- the next report sends only what grew since, under an identifier Stripe de-duplicates.
CREATE TABLE billing_meter_reports
(
    workspace_id uuid   NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    meter        text   NOT NULL,
    period       date   NOT NULL CHECK (extract(day FROM period) = 1),
    reported     bigint NOT NULL CHECK (reported >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, meter, period)
);
