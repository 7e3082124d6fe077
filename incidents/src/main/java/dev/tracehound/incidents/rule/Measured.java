package dev.tracehound.incidents.rule;

import java.util.List;

/**
 * A rule's value for one group over some time, and how many spans or records it is computed from.
 *
 * @param value in the measure's unit (a rate 0..1, milliseconds, a count), NaN without data
 */
record Measured(double value, long volume) {

    static final Measured NONE = new Measured(Double.NaN, 0);

    /**
     * The value over several spans of time together: counts add up; rates are exact as the
     * volume-weighted mean; percentiles and averages are approximated by it.
     */
    static Measured combine(List<Measured> parts, boolean counts) {
        double sum = 0;
        long volume = 0;
        for (Measured part : parts) {
            if (part.volume() > 0 && !Double.isNaN(part.value())) {
                sum += counts ? part.value() : part.value() * part.volume();
                volume += part.volume();
            }
        }
        if (volume == 0) {
            return counts ? new Measured(0, 0) : NONE;
        }
        return new Measured(counts ? sum : sum / volume, volume);
    }

    Measured scaled(double factor) {
        return new Measured(value * factor, volume);
    }
}
