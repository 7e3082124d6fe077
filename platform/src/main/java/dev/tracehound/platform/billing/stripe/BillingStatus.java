package dev.tracehound.platform.billing.stripe;

import dev.tracehound.platform.billing.WorkspacePlan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A workspace's billing as this service knows it, without asking Stripe: whether billing is on,
 * the plan, the seats in use and billed, and the subscription last read from Stripe.
 */
public record BillingStatus(boolean enabled, WorkspacePlan plan, long seatsInUse, OptionalInt seatsBilled,
        boolean customer, Optional<Subscription> subscription) {

    public record Subscription(String id, String status, Optional<Instant> currentPeriodEnd,
            boolean cancelAtPeriodEnd) {}

    public BillingStatus {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(seatsBilled, "seatsBilled");
        Objects.requireNonNull(subscription, "subscription");
    }
}
