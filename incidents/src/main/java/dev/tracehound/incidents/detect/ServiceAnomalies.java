package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHealth;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.Words;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Judges a service's error rate and p99 over the window against its baseline. A value breaches at
 * the band's upper edge: the median plus {@value #K} robust standard deviations (MAD × 1.4826),
 * and never less than floors that keep quiet and steady services (MAD near 0) from flapping. It is
 * healthy again only below the lower edge (median + {@value #K_HEALTHY} MADs, with lower floors);
 * in between, the verdict is NO_DATA, which holds the alert's state. The floors were tuned on the
 * demo data (docs/incidents.md).
 */
final class ServiceAnomalies {

    static final String ERROR_RATE = "anomaly:error-rate";
    static final String P99 = "anomaly:p99-latency";

    static final double K = 6;
    static final double K_HEALTHY = 3;
    /** Windows of history with enough spans a service needs before it is judged: two hours of 10 min windows. */
    static final int MIN_BASELINE_WINDOWS = 12;

    /** An error rate breaches 5 points and twice above its median, with at least 10 failed spans. */
    static final double RATE_FLOOR = 0.05;
    static final double RATE_FACTOR = 2;
    static final long MIN_ERRORS = 10;
    static final double RATE_HEALTHY_FLOOR = 0.025;
    static final double RATE_HEALTHY_FACTOR = 1.5;
    static final double RATE_HIGH_FLOOR = 0.20;
    static final double RATE_HIGH_FACTOR = 4;

    /** A p99 breaches at twice its median and 200 ms above it. */
    static final double P99_FLOOR_MS = 200;
    static final double P99_FACTOR = 2;
    static final double P99_HEALTHY_FLOOR_MS = 100;
    static final double P99_HEALTHY_FACTOR = 1.5;
    static final double P99_HIGH_FLOOR_MS = 1_000;
    static final double P99_HIGH_FACTOR = 4;

    private final AnomalySettings settings;
    private final Instant at;

    ServiceAnomalies(AnomalySettings settings, Instant at) {
        this.settings = settings;
        this.at = at;
    }

    /** The edges of what is normal for a value: breaching at or above {@code upper}, healthy below {@code lower}. */
    record Band(double median, double mad, double upper, double lower, double high) {}

    static Band errorRateBand(RobustStats stats) {
        double m = stats.median();
        double mad = stats.mad();
        return new Band(m, mad, max(m + K * mad, m + RATE_FLOOR, RATE_FACTOR * m),
                max(m + K_HEALTHY * mad, m + RATE_HEALTHY_FLOOR, RATE_HEALTHY_FACTOR * m),
                max(m + K * mad, m + RATE_HIGH_FLOOR, RATE_HIGH_FACTOR * m));
    }

    static Band p99Band(RobustStats stats) {
        double m = stats.median();
        double mad = stats.mad();
        return new Band(m, mad, max(m + K * mad, P99_FACTOR * m, m + P99_FLOOR_MS),
                max(m + K_HEALTHY * mad, P99_HEALTHY_FACTOR * m, m + P99_HEALTHY_FLOOR_MS),
                max(m + K * mad, P99_HIGH_FACTOR * m, m + P99_HIGH_FLOOR_MS));
    }

    Observation errorRate(ServiceHealth now, ServiceBaseline baseline) {
        return judge(ERROR_RATE, "Error rate anomaly", "error rate", now, now.errorRate(), now.errors() >= MIN_ERRORS,
                baseline == null ? null : baseline.errorRate(), ServiceAnomalies::errorRateBand, ServiceAnomalies::percent);
    }

    Observation p99(ServiceHealth now, ServiceBaseline baseline) {
        return judge(P99, "Latency anomaly (p99)", "p99 latency", now, now.p99Millis(), true,
                baseline == null ? null : baseline.p99(), ServiceAnomalies::p99Band, ServiceAnomalies::millis);
    }

    /** @param enough whether the window has enough of what is measured to breach (failed spans, for rates) */
    private Observation judge(String source, String alertName, String measure, ServiceHealth now, double value,
            boolean enough, RobustStats stats, Function<RobustStats, Band> bandOf, DoubleFunction<String> format) {
        String service = now.service();
        Map<String, String> labels = Map.of("alertname", alertName, "service", service);
        String window = "the " + Words.length(settings.window()) + " before " + Words.time(at);
        if (stats == null || stats.count() < MIN_BASELINE_WINDOWS) {
            int windows = stats == null ? 0 : stats.count();
            return new Observation(source, service, labels, Verdict.NO_DATA, Severity.MEDIUM, value, Double.NaN,
                    now.spans(), "No baseline yet for " + service + "'s " + measure + ": " + windows + " windows of "
                            + Words.length(settings.baseline()) + " of history had " + settings.minVolume()
                            + " spans or more, " + MIN_BASELINE_WINDOWS + " are needed.");
        }
        if (now.spans() < settings.minVolume()) {
            return new Observation(source, service, labels, Verdict.NO_DATA, Severity.MEDIUM, value, stats.median(),
                    now.spans(), "Too few spans to judge " + service + "'s " + measure + ": " + now.spans()
                            + " in " + window + ", " + settings.minVolume() + " are needed.");
        }
        Band band = bandOf.apply(stats);
        Verdict verdict = value >= band.upper() && enough ? Verdict.BREACHING
                : value < band.lower() ? Verdict.HEALTHY : Verdict.NO_DATA;
        Severity severity = verdict == Verdict.BREACHING && value >= band.high() ? Severity.HIGH : Severity.MEDIUM;
        String compared = "median " + format.apply(band.median()) + " and MAD " + format.apply(band.mad())
                + " over the previous " + Words.length(settings.baseline()) + "; ";
        String judged = switch (verdict) {
            case BREACHING -> "anomalous at " + format.apply(band.upper()) + " or more";
            case HEALTHY -> "normal below " + format.apply(band.lower());
            case NO_DATA -> value >= band.upper()
                    ? "anomalous from " + format.apply(band.upper()) + " but with " + now.errors() + " failed spans, fewer "
                            + "than the " + MIN_ERRORS + " needed, so unchanged"
                    : "between normal (below " + format.apply(band.lower()) + ") and anomalous ("
                            + format.apply(band.upper()) + "), so unchanged";
        };
        // The clause before the first " (" is the incident's title: what, how much, against what.
        return new Observation(source, service, labels, verdict, severity, value, band.median(), now.spans(),
                measure + " " + format.apply(value) + " against a typical " + format.apply(band.median()) + " ("
                        + window + ", " + now.spans() + " spans; " + compared + judged + ")");
    }

    private static double max(double a, double b, double c) {
        return Math.max(a, Math.max(b, c));
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f ms" : "%.1f ms", ms);
    }
}
