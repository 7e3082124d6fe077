package dev.tracehound.platform.billing.stripe;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A workspace's Stripe customer and what this service last read of its subscription (Stripe holds
 * the truth; this row is for reading without asking Stripe, and for the seat quantity last set).
 */
record BillingAccount(UUID workspaceId, String customerId, Optional<String> subscriptionId,
        Optional<String> subscriptionStatus, Optional<Instant> currentPeriodEnd, boolean cancelAtPeriodEnd,
        Optional<String> seatItemId, OptionalInt seatsBilled, Instant updatedAt) {

    BillingAccount {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(subscriptionStatus, "subscriptionStatus");
        Objects.requireNonNull(currentPeriodEnd, "currentPeriodEnd");
        Objects.requireNonNull(seatItemId, "seatItemId");
        Objects.requireNonNull(seatsBilled, "seatsBilled");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
