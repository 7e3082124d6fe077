package dev.tracehound.evals.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One thing an answer says: any of a few phrasings ({@code anyOf}), matched after normalising
 * (see the scorer), or a number measured on the generated telemetry ({@code truth}), matched
 * within a relative {@code tolerance}.
 */
public record Fact(List<String> anyOf, Truth truth, double tolerance) {

    public Fact {
        anyOf = anyOf == null ? List.of() : List.copyOf(anyOf);
        if (anyOf.isEmpty() == (truth == null)) {
            throw new IllegalArgumentException("a fact is either phrasings or a measured number");
        }
        if (tolerance < 0 || tolerance >= 1) {
            throw new IllegalArgumentException("a fact's tolerance is a share, 0 to 1");
        }
    }

    public static Fact text(String... phrasings) {
        return new Fact(List.of(phrasings), null, 0);
    }

    public static Fact number(Truth truth, double tolerance) {
        return new Fact(List.of(), Objects.requireNonNull(truth, "truth"), tolerance);
    }

    public String describe() {
        return truth == null ? String.join(" | ", anyOf) : truth.describe() + " (±" + Math.round(tolerance * 100) + "%)";
    }

    /**
     * A figure of the generated telemetry: over the spans {@code where} selects that started in
     * the minutes given (the whole window when they are null).
     *
     * @param measure {@code count}, {@code errors}, {@code error-rate} (a share, 0 to 1), {@code p50},
     *                {@code p95}, {@code p99} (milliseconds), {@code input-tokens}, {@code output-tokens} or
     *                {@code cost} (US dollars)
     */
    public record Truth(String measure, Selector where, Integer fromMinute, Integer forMinutes) {

        public static final List<String> MEASURES = List.of("count", "errors", "error-rate", "p50", "p95", "p99",
                "input-tokens", "output-tokens", "cost");

        public Truth {
            if (!MEASURES.contains(measure)) {
                throw new IllegalArgumentException("a truth's measure is one of " + MEASURES + ": " + measure);
            }
            Objects.requireNonNull(where, "where");
        }

        public String describe() {
            return measure + " of " + where.describe()
                    + (fromMinute == null ? "" : " from minute " + fromMinute + " for " + forMinutes);
        }
    }
}
