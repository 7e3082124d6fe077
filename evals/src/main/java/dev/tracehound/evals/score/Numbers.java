package dev.tracehound.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures an answer states, read in the unit a measure is kept in: a share for error rates
 * ({@code 12.5%} is 0.125), milliseconds for latencies ({@code 1.2 s} is 1,200), US dollars for
 * cost, plain counts for the rest ({@code 12,345}, {@code 12.3k} and {@code 1.2M} included).
 */
final class Numbers {

    private static final Pattern FIGURE = Pattern.compile(
            "(?<![\\w.])(\\$)?\\s?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s?(%|ms|µs|us|s\\b|sec|seconds?|minutes?|min\\b|k\\b|m\\b|million|thousand)?",
            Pattern.CASE_INSENSITIVE);

    /** One figure as written: its value, whether it had a dollar sign, and its unit (lower case, may be empty). */
    record Figure(double value, boolean dollars, String unit) {}

    private Numbers() {
    }

    static List<Figure> in(String text) {
        var figures = new ArrayList<Figure>();
        Matcher matcher = FIGURE.matcher(text);
        while (matcher.find()) {
            String whole = matcher.group(2).replace(",", "");
            String fraction = matcher.group(3) == null ? "" : matcher.group(3);
            double value = Double.parseDouble(whole + fraction);
            String unit = matcher.group(4) == null ? "" : matcher.group(4).toLowerCase(Locale.ROOT);
            figures.add(new Figure(value, matcher.group(1) != null, unit));
        }
        return figures;
    }

    /** The values the figure may stand for, in the measure's own unit; none when its unit does not fit. */
    static List<Double> asMeasure(Figure figure, String measure) {
        double v = figure.value();
        String unit = figure.unit();
        return switch (measure) {
            case "error-rate" -> switch (unit) {
                case "%" -> List.of(v / 100);
                case "" -> v <= 1 ? List.of(v) : List.of();
                default -> List.of();
            };
            case "p50", "p95", "p99" -> switch (unit) {
                case "ms", "" -> List.of(v);
                case "s", "sec", "second", "seconds" -> List.of(v * 1000);
                case "µs", "us" -> List.of(v / 1000);
                case "min", "minute", "minutes" -> List.of(v * 60_000);
                default -> List.of();
            };
            case "cost" -> unit.isEmpty() ? List.of(v) : List.of();
            default -> switch (unit) {
                case "" -> List.of(v);
                case "k", "thousand" -> List.of(v * 1_000);
                case "m", "million" -> List.of(v * 1_000_000);
                default -> List.of();
            };
        };
    }

    /** Whether the text states the expected value within the relative tolerance. */
    static boolean states(String text, String measure, double expected, double tolerance) {
        for (Figure figure : in(text)) {
            for (double value : asMeasure(figure, measure)) {
                if (close(value, expected, tolerance)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Within the relative tolerance of the expected value; only an exact 0 matches an expected 0. */
    static boolean close(double value, double expected, double tolerance) {
        if (expected == 0) {
            return Math.abs(value) < 1e-9;
        }
        return Math.abs(value - expected) <= Math.abs(expected) * tolerance + 1e-9;
    }
}
