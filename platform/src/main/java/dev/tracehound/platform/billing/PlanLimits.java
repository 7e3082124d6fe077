package dev.tracehound.platform.billing;

import dev.tracehound.platform.SeatLimit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a plan allows: a limit per {@link Meter} for each calendar month (empty: unlimited), how
 * many days telemetry is kept, how many seats may be filled and how many services may send.
 */
public record PlanLimits(Map<Meter, OptionalLong> perMonth, int retentionDays, SeatLimit seats, OptionalInt services) {

    public PlanLimits {
        Objects.requireNonNull(perMonth, "perMonth");
        Objects.requireNonNull(seats, "seats");
        Objects.requireNonNull(services, "services");
        var copy = new EnumMap<Meter, OptionalLong>(Meter.class);
        copy.putAll(perMonth);
        for (Meter meter : Meter.values()) {
            OptionalLong limit = copy.get(meter);
            if (limit == null) {
                throw new IllegalArgumentException("no monthly limit for " + meter.apiName());
            }
            if (limit.isPresent() && limit.getAsLong() < 0) {
                throw new IllegalArgumentException("the monthly limit for " + meter.apiName() + " cannot be negative");
            }
        }
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least 1 day, was " + retentionDays);
        }
        if (services.isPresent() && services.getAsInt() < 0) {
            throw new IllegalArgumentException("a service limit cannot be negative, was " + services.getAsInt());
        }
        perMonth = Collections.unmodifiableMap(copy);
    }

    /** The limit on this meter per calendar month; empty when unlimited. */
    public OptionalLong perMonth(Meter meter) {
        return perMonth.get(meter);
    }
}
