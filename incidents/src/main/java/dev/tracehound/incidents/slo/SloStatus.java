package dev.tracehound.incidents.slo;

import dev.tracehound.analytics.query.SloQueries;
import dev.tracehound.analytics.query.SloQueries.WindowCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How an SLO stands: the bad share over its period and the error budget left, and the burn rate of
 * each burn-rate alert's windows.
 *
 * @param budgetLeft the share of the period's error budget not spent yet; negative once overspent
 */
public record SloStatus(Slo slo, long valid, long bad, double goodRatio, double budgetLeft, List<Burn> burns) {

    /** One window's burn rate, against the factor its alert breaches at. */
    public record Burn(String alert, Duration window, long valid, long bad, double rate, double factor) {}

    /** The query layer reads at most this much time at once; a longer period is read in parts. */
    static final Duration LONGEST_READ = Duration.ofDays(7);

    /** Reads the status at {@code at}: the period in parts of at most a week, the alert windows in one query. */
    public static SloStatus of(SloQueries queries, Slo slo, Instant at) {
        SloSpec spec = slo.spec();
        String project = slo.projectId().toString();
        long valid = 0;
        long bad = 0;
        for (Instant to = at; to.isAfter(at.minus(spec.period())); to = to.minus(LONGEST_READ)) {
            Instant from = to.minus(LONGEST_READ).isBefore(at.minus(spec.period())) ? at.minus(spec.period())
                    : to.minus(LONGEST_READ);
            WindowCounts part = queries.counts(project, SloEvaluator.validSpans(spec, from, to), spec.latencyThreshold(),
                    List.of(Duration.between(from, to))).getFirst();
            valid += part.valid();
            bad += part.bad();
        }
        var windows = new ArrayList<Duration>();
        for (BurnRateAlert alert : BurnRateAlert.values()) {
            windows.add(alert.longWindow());
            windows.add(alert.shortWindow());
        }
        Duration longest = windows.stream().max(Duration::compareTo).orElseThrow();
        List<WindowCounts> counts = queries.counts(project, SloEvaluator.validSpans(spec, at.minus(longest), at),
                spec.latencyThreshold(), windows);
        var burns = new ArrayList<Burn>();
        BurnRateAlert[] alerts = BurnRateAlert.values();
        for (int i = 0; i < alerts.length; i++) {
            for (WindowCounts window : List.of(counts.get(2 * i), counts.get(2 * i + 1))) {
                burns.add(new Burn(alerts[i].key(), window.window(), window.valid(), window.bad(),
                        window.badRatio() / spec.budget(), alerts[i].factor()));
            }
        }
        double badRatio = valid == 0 ? 0 : (double) bad / valid;
        return new SloStatus(slo, valid, bad, 1 - badRatio, 1 - badRatio / spec.budget(), burns);
    }
}
