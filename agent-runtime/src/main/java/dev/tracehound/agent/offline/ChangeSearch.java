package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Findings.Deploy;
import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Phase 3: a time series per service (the largest and those the question names), and per
 * version for services that run several: where did latency or errors step up, was there a
 * deploy then, and which service to look into.
 */
final class ChangeSearch {

    private final Findings findings;
    private final ToolResults results;

    ChangeSearch(Findings findings, ToolResults results) {
        this.findings = findings;
        this.results = results;
    }

    List<String> services() {
        var chosen = new LinkedHashSet<String>();
        findings.services.stream().limit(Investigation.MAX_SERIES).forEach(s -> chosen.add(s.service()));
        chosen.addAll(findings.mentioned);
        findings.hinted.stream().limit(Investigation.MAX_SERIES / 2).forEach(chosen::add);
        return List.copyOf(chosen);
    }

    List<PlannedCall> calls(int phase, String prefix, TimeWindow window) {
        var calls = new ArrayList<PlannedCall>();
        List<String> services = services();
        for (int i = 0; i < services.size(); i++) {
            var series = within(window).put("service", services.get(i)).put("time_series", true);
            calls.add(new PlannedCall(phase, prefix + "series" + i, "aggregate", series));
        }
        for (int i = 0; i < services.size(); i++) {
            // The versions seen so far are those of the time asked; over a wider window any service may have had a deploy.
            if (!prefix.isEmpty() || findings.versions.getOrDefault(services.get(i), List.of()).size() > 1) {
                var versions = within(window).put("service", services.get(i)).put("time_series", true);
                versions.putArray("group_by").add("resource:service.version");
                versions.put("limit", 3);
                calls.add(new PlannedCall(phase, prefix + "deploys" + i, "aggregate", versions));
            }
        }
        return calls;
    }

    void read(String prefix, TimeWindow window) {
        findings.analysedServices.clear();
        findings.changes.clear();
        findings.typicalP99.clear();
        findings.deploys.clear();
        findings.bucketSeconds = 0;
        Instant first = null;
        Instant last = null;
        List<String> services = services();
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            Outcome outcome = results.usable(prefix + "series" + i, "the time series of " + service);
            if (outcome == null) {
                continue;
            }
            JsonNode data = outcome.data();
            long width = data.path("bucket_seconds").asLong(0);
            findings.bucketSeconds = Math.max(findings.bucketSeconds, width);
            Optional<SeriesChange.Series> series = series(data.path("buckets"), width, data.path("series").path(0));
            if (series.isEmpty()) {
                continue;
            }
            findings.analysedServices.add(service);
            findings.typicalP99.put(service, SeriesChange.typicalP99(series.get()));
            SeriesChange.of(series.get()).ifPresent(change -> findings.changes.put(service, change));
            for (int b = 0; b < series.get().count().length; b++) {
                if (series.get().count()[b] > 0) {
                    Instant start = series.get().buckets().get(b);
                    first = first == null || start.isBefore(first) ? start : first;
                    last = last == null || start.isAfter(last) ? start : last;
                }
            }
            if (results.has(prefix + "deploys" + i)) {
                deploy(service, results.usable(prefix + "deploys" + i, "the versions of " + service + " over time"));
            }
        }
        if (first != null && prefix.equals("w")) {
            Instant end = last.plusSeconds(findings.bucketSeconds);
            findings.data = new TimeWindow(first.isBefore(window.from()) ? window.from() : first,
                    end.isAfter(window.to()) ? window.to() : end);
        }
    }

    /**
     * The service that changed: the one the question names, else the one its words lead to, else
     * the one that changed most; none when none did.
     */
    void chooseFocus() {
        findings.focus = null;
        findings.change = null;
        findings.trigger = null;
        findings.focusFromHint = false;
        var changed = new ArrayList<>(findings.changes.keySet());
        // The change that shows the symptom asked about ("failing", "slow") first, then the largest.
        changed.sort(Comparator.comparing((String s) -> !Hints.shows(findings, findings.changes.get(s)))
                .thenComparingDouble(s -> -findings.changes.get(s).severity())
                .thenComparing(Comparator.naturalOrder()));
        String focus = findings.mentioned.stream().filter(findings.changes::containsKey).findFirst().orElse(null);
        if (focus == null && findings.mentioned.isEmpty()) {
            focus = Hints.focus(findings);
            findings.focusFromHint = focus != null;
        }
        if (focus == null) {
            focus = changed.isEmpty() ? null : changed.getFirst();
        }
        if (focus == null) {
            return;
        }
        findings.focus = focus;
        findings.change = findings.changes.get(focus);
        long tolerance = Math.max(2 * findings.bucketSeconds, findings.data.length().toSeconds() / 20);
        findings.trigger = findings.deploys.stream()
                .filter(d -> Math.abs(Duration.between(d.at(), findings.change.at()).toSeconds()) <= tolerance)
                .min(Comparator.comparingLong((Deploy d) -> Math.abs(Duration.between(d.at(), findings.change.at())
                        .toSeconds())).thenComparing(Deploy::service))
                .orElse(null);
        double before = Double.isNaN(findings.change.p99Before()) ? findings.change.latencyBefore()
                : findings.change.p99Before();
        findings.slowThresholdMs = Math.max(1, roundMs(before));
    }

    private void deploy(String service, Outcome outcome) {
        if (outcome == null) {
            return;
        }
        JsonNode buckets = outcome.data().path("buckets");
        record Seen(String version, int first, long spans) {}
        var seen = new ArrayList<Seen>();
        for (JsonNode series : outcome.data().path("series")) {
            String version = series.path("key").path("resource:service.version").asString("");
            JsonNode counts = series.path("count");
            int first = -1;
            long spans = 0;
            for (int i = 0; i < counts.size(); i++) {
                long count = counts.path(i).asLong(0);
                if (count > 0 && first < 0) {
                    first = i;
                }
                spans += count;
            }
            if (!version.isEmpty() && first >= 0) {
                seen.add(new Seen(version, first, spans));
            }
        }
        Seen newest = seen.stream().max(Comparator.comparingInt(Seen::first).thenComparing(Seen::version))
                .orElse(null);
        if (newest == null || newest.first() == 0 || newest.first() >= buckets.size()) {
            return;
        }
        Seen previous = seen.stream().filter(s -> s != newest && s.first() < newest.first())
                .max(Comparator.comparingLong(Seen::spans).thenComparing(Seen::version)).orElse(null);
        Instant at = ToolResults.instant(buckets.path(newest.first()).asString(""));
        if (previous != null && at != null) {
            findings.deploys.add(new Deploy(service, previous.version(), newest.version(), at));
        }
    }

    private static Optional<SeriesChange.Series> series(JsonNode buckets, long bucketSeconds, JsonNode series) {
        if (!buckets.isArray() || buckets.isEmpty() || !series.isObject()) {
            return Optional.empty();
        }
        var starts = new ArrayList<Instant>();
        for (JsonNode bucket : buckets) {
            Instant start = ToolResults.instant(bucket.asString(""));
            if (start == null) {
                return Optional.empty();
            }
            starts.add(start);
        }
        int n = Math.min(starts.size(), series.path("count").size());
        long[] count = new long[n];
        long[] errors = new long[n];
        Double[] p95 = new Double[n];
        Double[] p99 = new Double[n];
        for (int i = 0; i < n; i++) {
            count[i] = series.path("count").path(i).asLong(0);
            errors[i] = series.path("errors").path(i).asLong(0);
            p95[i] = ToolResults.number(series.path("p95").path(i));
            p99[i] = ToolResults.number(series.path("p99").path(i));
        }
        return Optional.of(new SeriesChange.Series(List.copyOf(starts.subList(0, n)), bucketSeconds, count, errors,
                p95, p99));
    }

    private static double roundMs(double ms) {
        return ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10.0;
    }
}
