package dev.tracehound.incidents.rule;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When a rule's value breaches: above or below a fixed value, or changed against its own
 * baseline by a factor (and, optionally, by at least an absolute difference).
 */
public sealed interface Condition permits Condition.Threshold, Condition.Change {

    Direction direction();

    /** Whether {@code value} breaches against {@code compared}: the threshold, or the baseline's value. */
    boolean breaches(double value, double compared);

    enum Direction {
        ABOVE, BELOW;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Direction parse(String text) {
            return Condition.parse(values(), text, "direction");
        }
    }

    /** Breaches when the value is above (or below) {@code value}. */
    record Threshold(Direction direction, double value) implements Condition {

        public Threshold {
            if (direction == null) {
                throw new InvalidRuleException("a threshold needs a direction: above or below");
            }
            if (!Double.isFinite(value)) {
                throw new InvalidRuleException("a threshold needs a finite value, was " + value);
            }
        }

        @Override
        public boolean breaches(double measured, double threshold) {
            return direction == Direction.ABOVE ? measured > threshold : measured < threshold;
        }
    }

    /**
     * Breaches when the value is above the baseline's value × {@code factor} (or below it ÷
     * {@code factor}) and differs from it by at least {@code minDifference}.
     *
     * @param factor        at least 1; 1.5 for "50% more"
     * @param minDifference the smallest absolute difference that breaches, in the measure's unit; 0 for none
     */
    record Change(Direction direction, Baseline baseline, double factor, double minDifference) implements Condition {

        public Change {
            if (direction == null) {
                throw new InvalidRuleException("a change needs a direction: above or below");
            }
            if (baseline == null) {
                throw new InvalidRuleException("a change needs a baseline: day_before, week_before or trailing");
            }
            if (!(factor >= 1) || !Double.isFinite(factor) || factor > 1_000) {
                throw new InvalidRuleException("a change's factor is 1 to 1000 (1.5 for 50% more), was " + factor);
            }
            if (!(minDifference >= 0) || !Double.isFinite(minDifference)) {
                throw new InvalidRuleException("a change's minimum difference is a number from 0, was " + minDifference);
            }
        }

        @Override
        public boolean breaches(double value, double base) {
            return direction == Direction.ABOVE
                    ? value > base * factor && value - base >= minDifference
                    : value * factor < base && base - value >= minDifference;
        }
    }

    /**
     * What a change is measured against: the same window a day or a week earlier, or the
     * {@code trailing} time before the window (counts normalised to one window).
     */
    record Baseline(Kind kind, Duration trailing) {

        public static final Duration MAX_TRAILING = Duration.ofHours(72);

        public enum Kind {
            DAY_BEFORE, WEEK_BEFORE, TRAILING;

            public String wireName() {
                return name().toLowerCase(Locale.ROOT);
            }

            public static Kind parse(String text) {
                return Condition.parse(values(), text, "baseline");
            }
        }

        public Baseline {
            if (kind == null) {
                throw new InvalidRuleException("a baseline is day_before, week_before or trailing");
            }
            if (kind == Kind.TRAILING) {
                if (trailing == null || trailing.compareTo(Duration.ofHours(1)) < 0 || trailing.compareTo(MAX_TRAILING) > 0
                        || trailing.toSeconds() % 3600 != 0) {
                    throw new InvalidRuleException("a trailing baseline is 1 to " + MAX_TRAILING.toHours()
                            + " whole hours, was " + trailing);
                }
            } else {
                trailing = Duration.ZERO;
            }
        }

        public static Baseline dayBefore() {
            return new Baseline(Kind.DAY_BEFORE, Duration.ZERO);
        }

        public static Baseline weekBefore() {
            return new Baseline(Kind.WEEK_BEFORE, Duration.ZERO);
        }

        public static Baseline trailingHours(int hours) {
            return new Baseline(Kind.TRAILING, Duration.ofHours(hours));
        }

        /** How far before the window the baseline's own window is, for day_before and week_before. */
        Duration offset() {
            return switch (kind) {
                case DAY_BEFORE -> Duration.ofDays(1);
                case WEEK_BEFORE -> Duration.ofDays(7);
                case TRAILING -> Duration.ZERO;
            };
        }

        /** For people: "the same window a day earlier", "the 6 h before the window". */
        String describe() {
            return switch (kind) {
                case DAY_BEFORE -> "the same window a day earlier";
                case WEEK_BEFORE -> "the same window a week earlier";
                case TRAILING -> "the " + trailing.toHours() + " h before the window";
            };
        }
    }

    private static <E extends Enum<E>> E parse(E[] values, String text, String what) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values).filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidRuleException("unknown " + what + " '" + text + "': expected one of "
                        + Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }
}
