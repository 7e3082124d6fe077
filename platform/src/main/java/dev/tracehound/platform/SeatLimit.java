package dev.tracehound.platform;

import java.util.OptionalInt;

/** How many seats a workspace may fill; empty means no limit. */
public record SeatLimit(OptionalInt max) {

    public static final SeatLimit UNLIMITED = new SeatLimit(OptionalInt.empty());

    public SeatLimit {
        java.util.Objects.requireNonNull(max, "max");
        if (max.isPresent() && max.getAsInt() < 0) {
            throw new IllegalArgumentException("a seat limit cannot be negative, was " + max.getAsInt());
        }
    }

    public static SeatLimit of(int seats) {
        return new SeatLimit(OptionalInt.of(seats));
    }

    /** The smaller of the two limits: what both allow. */
    public SeatLimit tighter(SeatLimit other) {
        if (max.isEmpty()) {
            return other;
        }
        return other.max.isEmpty() || max.getAsInt() <= other.max.getAsInt() ? this : other;
    }

    /** Whether one more seat fits when {@code used} are taken. */
    public boolean allowsOneMore(long used) {
        return max.isEmpty() || used < max.getAsInt();
    }

    @Override
    public String toString() {
        return max.isEmpty() ? "unlimited" : Integer.toString(max.getAsInt());
    }
}
