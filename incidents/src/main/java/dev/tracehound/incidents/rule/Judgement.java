package dev.tracehound.incidents.rule;

import dev.tracehound.incidents.Observation.Verdict;
import java.util.Locale;
import java.util.Optional;

/**
 * A rule's verdict on one value, and the sentence saying why, shared by evaluations and previews.
 *
 * @param compared the threshold, or the baseline's value; NaN when a change has no baseline
 */
record Judgement(Verdict verdict, double compared, String summary) {

    /**
     * @param baseline for a change condition, the baseline's value over the same kind of time; empty for a threshold
     * @param what     what was measured, for the sentence ("error rate of checkout")
     * @param over     the time measured, for the sentence ("the last 5m")
     */
    static Judgement of(RuleQuery query, Condition condition, Measured current, Optional<Measured> baseline,
            String what, String over) {
        String unit = unit(query);
        String value = format(query, current.value());
        boolean metric = query instanceof RuleQuery.Metrics;
        String measured = what + " was " + value + " over " + over
                + (metric ? "" : " (" + current.volume() + " " + unit + ")");
        if (metric && Double.isNaN(current.value())) {
            return new Judgement(Verdict.NO_DATA, compared(condition, baseline),
                    "No data: no data points of " + what + " in " + over + ".");
        }
        if (current.volume() < query.minVolume() || Double.isNaN(current.value())) {
            return new Judgement(Verdict.NO_DATA, compared(condition, baseline),
                    "No data: " + current.volume() + " " + unit + " in " + over + " for " + what + ", fewer than the "
                            + query.minVolume() + " needed to judge.");
        }
        return switch (condition) {
            case Condition.Threshold threshold -> {
                boolean breach = threshold.breaches(current.value(), threshold.value());
                yield new Judgement(breach ? Verdict.BREACHING : Verdict.HEALTHY, threshold.value(),
                        capitalised(measured) + ", " + (breach ? "" : "not ") + threshold.direction().wireName()
                                + " the threshold of " + format(query, threshold.value()) + ".");
            }
            case Condition.Change change -> {
                Measured base = baseline.orElse(Measured.NONE);
                if (Double.isNaN(base.value()) || base.volume() < query.minVolume()) {
                    yield new Judgement(Verdict.NO_DATA, base.value(), capitalised(measured) + "; no baseline to "
                            + "compare it with: " + base.volume() + " " + unit + " in " + change.baseline().describe()
                            + ", fewer than the " + Math.max(1, query.minVolume()) + " needed.");
                }
                boolean breach = change.breaches(current.value(), base.value());
                String limit = change.direction() == Condition.Direction.ABOVE
                        ? format(query, base.value() * change.factor())
                        : format(query, base.value() / change.factor());
                yield new Judgement(breach ? Verdict.BREACHING : Verdict.HEALTHY, base.value(),
                        capitalised(measured) + " against " + format(query, base.value()) + " in "
                                + change.baseline().describe() + ": " + (breach ? "" : "not ")
                                + change.direction().wireName() + " " + limit + " (× " + trim(change.factor())
                                + (change.minDifference() > 0 ? ", by at least " + format(query, change.minDifference()) : "")
                                + ").");
            }
        };
    }

    private static double compared(Condition condition, Optional<Measured> baseline) {
        return condition instanceof Condition.Threshold threshold ? threshold.value()
                : baseline.map(Measured::value).orElse(Double.NaN);
    }

    static String unit(RuleQuery query) {
        return switch (query) {
            case RuleQuery.Logs logs -> "log records";
            case RuleQuery.Spans spans -> "spans";
            case RuleQuery.Metrics metrics -> "data points";
        };
    }

    /** A value in its measure's unit, for people: 12.5%, 340 ms, 1,204. */
    static String format(RuleQuery query, double value) {
        if (Double.isNaN(value)) {
            return "no value";
        }
        if (query instanceof RuleQuery.Spans spans) {
            if (spans.measure() == RuleQuery.Measure.ERROR_RATE) {
                return trim(Math.round(value * 1000) / 10.0) + "%";
            }
            if (spans.measure().latency()) {
                return (value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : trim(Math.round(value * 10) / 10.0))
                        + " ms";
            }
            if (spans.measure().ofAttribute()) {
                return String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+($|e)", "$1");
            }
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) value) : trim(Math.round(value * 10) / 10.0);
    }

    private static String trim(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
