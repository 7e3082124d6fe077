package dev.tracehound.platform.billing.stripe;

import dev.tracehound.platform.billing.WorkspacePlan;
import java.net.URI;

/** What choosing a plan led to: a checkout to pay in, or the plan changed already. */
public sealed interface PlanChoice {

    /** No subscription yet: the buyer pays in Stripe's Checkout; the plan changes when Stripe confirms. */
    record Checkout(URI url) implements PlanChoice {}

    /** The subscription was changed (or canceled, for the free plan) in Stripe, and the plan with it. */
    record Changed(WorkspacePlan plan) implements PlanChoice {}
}
