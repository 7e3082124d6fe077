package dev.tracehound.platform.billing.stripe;

import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a customer's subscriptions, as Stripe lists them now, say about its plan: the live one
 * (newest first, should there be two), else the last that ended. Only subscriptions made of this
 * service's prices ({@link PriceKey}) count; others on the same customer are not ours to read.
 */
record SubscriptionState(Optional<Current> current, Optional<Current> lastEnded) {

    /** Stripe's states in which a subscription still holds its plan (past due and unpaid while in grace). */
    private static final Set<String> LIVE = Set.of("active", "trialing", "past_due", "unpaid");
    /** States that mean a payment is owed: the plan holds until the grace ends. */
    private static final Set<String> OWING = Set.of("past_due", "unpaid");
    /** A checkout not paid yet: not a subscription in force, not an ended one either. */
    private static final Set<String> NOT_STARTED = Set.of("incomplete");

    SubscriptionState {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(lastEnded, "lastEnded");
    }

    record Item(String id, PriceKey key, long quantity) {}

    record Current(String id, String stripeStatus, String plan, List<Item> items, Optional<Instant> periodEnd,
            boolean cancelAtPeriodEnd, Instant created) {

        boolean owing() {
            return OWING.contains(stripeStatus);
        }

        Optional<Item> seatItem() {
            return items.stream().filter(item -> item.key().kind() == PriceKey.Kind.SEAT).findFirst();
        }
    }

    static SubscriptionState of(List<Subscription> subscriptions) {
        List<Current> ours = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            read(subscription).ifPresent(ours::add);
        }
        ours.sort(Comparator.comparing(Current::created).reversed());
        Optional<Current> live = ours.stream().filter(s -> LIVE.contains(s.stripeStatus())).findFirst();
        Optional<Current> ended = ours.stream()
                .filter(s -> !LIVE.contains(s.stripeStatus()) && !NOT_STARTED.contains(s.stripeStatus())).findFirst();
        return new SubscriptionState(live, ended);
    }

    boolean knowsAnything() {
        return current.isPresent() || lastEnded.isPresent();
    }

    private static Optional<Current> read(Subscription subscription) {
        List<Item> items = new ArrayList<>();
        Optional<Instant> periodEnd = Optional.empty();
        String plan = null;
        if (subscription.getItems() != null) {
            for (SubscriptionItem item : subscription.getItems().getData()) {
                Optional<PriceKey> key = item.getPrice() == null ? Optional.empty()
                        : PriceKey.parse(item.getPrice().getLookupKey());
                if (key.isEmpty()) {
                    continue;
                }
                items.add(new Item(item.getId(), key.get(), item.getQuantity() == null ? 0 : item.getQuantity()));
                if (key.get().kind() == PriceKey.Kind.BASE) {
                    plan = key.get().plan();
                }
                if (item.getCurrentPeriodEnd() != null) {
                    periodEnd = Optional.of(Instant.ofEpochSecond(item.getCurrentPeriodEnd()));
                }
            }
        }
        if (plan == null) {
            return Optional.empty();
        }
        return Optional.of(new Current(subscription.getId(), subscription.getStatus(), plan, List.copyOf(items),
                periodEnd, Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()),
                Instant.ofEpochSecond(subscription.getCreated() == null ? 0 : subscription.getCreated())));
    }
}
