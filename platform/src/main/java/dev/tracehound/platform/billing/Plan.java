package dev.tracehound.platform.billing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One plan of the catalogue, as {@code plans/plans-<version>.json} defines it: its price (a
 * monthly base plus a price per seat in use, USD), its limits, and what a unit past a monthly
 * limit costs where the plan allows going past ({@code overage}, USD per
 * {@link Meter#billingUnit}; empty: the plan stops at its limits).
 */
public record Plan(String id, String name, String version, BigDecimal monthlyUsd, BigDecimal seatUsd,
        PlanLimits limits, Map<Meter, BigDecimal> overage) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(monthlyUsd, "monthlyUsd");
        Objects.requireNonNull(seatUsd, "seatUsd");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(overage, "overage");
        if (monthlyUsd.signum() < 0 || seatUsd.signum() < 0) {
            throw new IllegalArgumentException("plan " + id + ": a price cannot be negative");
        }
        var prices = new EnumMap<Meter, BigDecimal>(Meter.class);
        prices.putAll(overage);
        for (Meter meter : Meter.values()) {
            boolean limited = limits.perMonth(meter).isPresent();
            if (!prices.isEmpty() && limited != prices.containsKey(meter)) {
                throw new IllegalArgumentException("plan " + id + (limited
                        ? " allows overage but gives no price for " + meter.apiName()
                        : " prices overage of " + meter.apiName() + ", which it does not limit"));
            }
            BigDecimal price = prices.get(meter);
            if (price != null && price.signum() <= 0) {
                throw new IllegalArgumentException("plan " + id + ": the overage price of " + meter.apiName()
                        + " must be above 0");
            }
        }
        overage = Collections.unmodifiableMap(prices);
    }

    /** Whether usage past a monthly limit is billed (true) or stopped (false). */
    public boolean allowsOverage() {
        return !overage.isEmpty();
    }

    /** USD per {@link Meter#billingUnit} past the limit; empty when the plan allows no overage or the meter is unlimited. */
    public Optional<BigDecimal> overagePrice(Meter meter) {
        return Optional.ofNullable(overage.get(meter));
    }
}
