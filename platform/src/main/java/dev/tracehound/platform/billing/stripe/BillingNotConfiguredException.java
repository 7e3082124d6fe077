package dev.tracehound.platform.billing.stripe;

/** A billing action asked of a service that runs without Stripe keys. */
public final class BillingNotConfiguredException extends RuntimeException {

    public static final String HOW_TO_ENABLE = "Billing is off: this service runs without Stripe keys, so every "
            + "workspace stays on its plan (free unless the operator set one). To enable it, set "
            + "TRACEHOUND_BILLING_STRIPE_SECRET_KEY and TRACEHOUND_BILLING_STRIPE_WEBHOOK_SECRET (docs/billing.md#stripe).";

    BillingNotConfiguredException() {
        super(HOW_TO_ENABLE);
    }
}
