package dev.tracehound.platform.billing.stripe;

import java.util.Locale;

/** What became of a webhook event; each is answered 200, so Stripe stops sending it. */
public enum WebhookOutcome {
    /** The workspace's plan was brought in line with Stripe's subscription (changed or already right). */
    PROCESSED,
    /** Its id was processed before: a replay or a redelivery; nothing done. */
    DUPLICATE,
    /** A type this service does not act on. */
    IGNORED,
    /** For a customer no workspace is linked to (another system's, or a workspace deleted since). */
    UNKNOWN_CUSTOMER;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
