package dev.tracehound.incidents.slo;

import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.SloQueries;
import dev.tracehound.analytics.query.SloQueries.WindowCounts;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An SLO's burn-rate alerts at one instant: each {@link BurnRateAlert}'s long and short windows
 * read in one query, an observation per alert. A burn rate is the bad share over the budget: 1
 * spends exactly the budget over the period.
 */
public final class SloEvaluator {

    /** Under this many valid spans in a window, its burn rate says nothing. */
    static final long MIN_VALID = 10;

    private final SloQueries queries;

    public SloEvaluator(SloQueries queries) {
        this.queries = queries;
    }

    public List<Observation> evaluate(Slo slo, Instant at) {
        var windows = new ArrayList<Duration>();
        for (BurnRateAlert alert : BurnRateAlert.values()) {
            windows.add(alert.longWindow());
            windows.add(alert.shortWindow());
        }
        Duration longest = windows.stream().max(Duration::compareTo).orElseThrow();
        List<WindowCounts> counts = queries.counts(slo.projectId().toString(), validSpans(slo.spec(), at.minus(longest), at),
                slo.spec().latencyThreshold(), windows);
        var observations = new ArrayList<Observation>();
        BurnRateAlert[] alerts = BurnRateAlert.values();
        for (int i = 0; i < alerts.length; i++) {
            observations.add(observe(slo, alerts[i], counts.get(2 * i), counts.get(2 * i + 1)));
        }
        return observations;
    }

    /** The spans the SLO counts, in {@code [from, to)}. */
    static SpanFilter validSpans(SloSpec spec, Instant from, Instant to) {
        var attributes = spec.filters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new AttributeFilter(AttributeFilter.Scope.RECORD, e.getKey(), AttributeFilter.Op.EQUALS, e.getValue()))
                .toList();
        return new SpanFilter(from, to, spec.service(), spec.spanName(), Optional.empty(), Optional.empty(),
                Optional.empty(), attributes, Optional.empty(), false);
    }

    private static Observation observe(Slo slo, BurnRateAlert alert, WindowCounts longWindow, WindowCounts shortWindow) {
        SloSpec spec = slo.spec();
        double longBurn = longWindow.badRatio() / spec.budget();
        double shortBurn = shortWindow.badRatio() / spec.budget();
        Verdict verdict;
        if (longWindow.valid() < MIN_VALID || shortWindow.valid() < MIN_VALID) {
            verdict = Verdict.NO_DATA;
        } else if (longBurn >= alert.factor() && shortBurn >= alert.factor()) {
            verdict = Verdict.BREACHING;
        } else {
            verdict = Verdict.HEALTHY;
        }
        var labels = new LinkedHashMap<String, String>();
        labels.put("alertname", spec.name());
        labels.put("slo", spec.name());
        labels.put("burn", alert.key());
        spec.service().ifPresent(service -> labels.put("service", service));
        String summary = String.format(Locale.ROOT,
                "%s: the error budget burns %.1f× as fast as %s allows over %s and %.1f× over %s (alert at %.1f×; %d of %d spans bad in %s)",
                spec.name(), longBurn, percent(spec.objective()), words(alert.longWindow()), shortBurn,
                words(alert.shortWindow()), alert.factor(), longWindow.bad(), longWindow.valid(), words(alert.longWindow()));
        return new Observation(slo.source(), alert.key(), labels, verdict, alert.severity(), longBurn, alert.factor(),
                longWindow.valid(), summary);
    }

    static String percent(double objective) {
        String text = String.format(Locale.ROOT, "%.3f", objective * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + " %";
    }

    static String words(Duration window) {
        return window.toMinutes() % 60 == 0 ? window.toHours() + " h" : window.toMinutes() + " min";
    }
}
