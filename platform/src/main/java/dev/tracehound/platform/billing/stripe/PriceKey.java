package dev.tracehound.platform.billing.stripe;

import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The Stripe price of one part of a plan, named by a lookup key made from the plan catalogue
 * ({@code tracehound:plans-v1:startup:base}), so the catalogue file stays the one price table: the
 * service pushes the prices it needs ({@link StripeCatalogue}) and reads a subscription's plan back
 * from its items' keys.
 *
 * @param meter present for {@link Kind#OVERAGE} only
 */
record PriceKey(String version, String plan, Kind kind, Optional<Meter> meter) {

    private static final String PREFIX = "tracehound";

    enum Kind {
        /** The plan's monthly price, quantity 1. */
        BASE,
        /** The plan's price per seat in use; its quantity follows the seat count. */
        SEAT,
        /** A metered price per unit past the plan's limit, billed from a billing meter's events. */
        OVERAGE
    }

    PriceKey {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(meter, "meter");
        if ((kind == Kind.OVERAGE) != meter.isPresent()) {
            throw new IllegalArgumentException("an overage price names its meter; the others do not");
        }
    }

    /** The prices a subscription to {@code plan} is made of; none for a plan without a price (free). */
    static List<PriceKey> of(Plan plan) {
        List<PriceKey> keys = new ArrayList<>();
        if (plan.monthlyUsd().signum() == 0 && plan.seatUsd().signum() == 0) {
            return keys;
        }
        keys.add(new PriceKey(plan.version(), plan.id(), Kind.BASE, Optional.empty()));
        if (plan.seatUsd().signum() > 0) {
            keys.add(new PriceKey(plan.version(), plan.id(), Kind.SEAT, Optional.empty()));
        }
        for (Meter meter : Meter.values()) {
            if (plan.overagePrice(meter).isPresent()) {
                keys.add(new PriceKey(plan.version(), plan.id(), Kind.OVERAGE, Optional.of(meter)));
            }
        }
        return keys;
    }

    /** The key of a price this service made, or empty for any other price. */
    static Optional<PriceKey> parse(String lookupKey) {
        if (lookupKey == null) {
            return Optional.empty();
        }
        String[] parts = lookupKey.split(":");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return Optional.empty();
        }
        String last = parts[3].toUpperCase(Locale.ROOT);
        for (Kind kind : List.of(Kind.BASE, Kind.SEAT)) {
            if (kind.name().equals(last)) {
                return Optional.of(new PriceKey(parts[1], parts[2], kind, Optional.empty()));
            }
        }
        for (Meter meter : Meter.values()) {
            if (meter.name().equals(last)) {
                return Optional.of(new PriceKey(parts[1], parts[2], Kind.OVERAGE, Optional.of(meter)));
            }
        }
        return Optional.empty();
    }

    String lookupKey() {
        String last = meter.map(Meter::apiName).orElse(kind.name().toLowerCase(Locale.ROOT));
        return String.join(":", PREFIX, version, plan, last);
    }

    /** The billing meter's event name an overage price is billed from: {@code tracehound_spans}. */
    static String meterEventName(Meter meter) {
        return PREFIX + "_" + meter.apiName();
    }
}
