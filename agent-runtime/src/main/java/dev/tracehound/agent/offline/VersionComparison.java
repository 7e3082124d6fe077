package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;
import static dev.tracehound.agent.offline.InvestigationReport.count;
import static dev.tracehound.agent.offline.InvestigationReport.ms;
import static dev.tracehound.agent.offline.InvestigationReport.percent;
import static dev.tracehound.agent.offline.InvestigationReport.time;
import static dev.tracehound.agent.offline.InvestigationReport.window;

import dev.tracehound.agent.offline.Findings.TraceExample;
import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.Investigation.Step;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Two versions of a service side by side: its requests (SERVER spans) per version with their error
 * rate and latency percentiles, when each ran, and an example trace of the newer one. The versions
 * are those the question names as the data spells them; one named is compared with the other that
 * ran most, none named compares the two that ran most.
 */
final class VersionComparison {

    private static final String VERSION_KEY = "resource:service.version";
    /** A version with fewer spans tells too little to compare. */
    private static final int MIN_SPANS = 5;

    /** A version's figures and when it was first and last seen (null when unknown). */
    record Version(String name, Measured requests, Measured all, Instant first, Instant last) {}

    private final Asked asked;
    private final PlanSteps steps;
    private final Instant now;
    private TimeWindow window;
    private boolean widened;
    private String service;
    private List<String> compared = List.of();
    private List<String> missing = List.of();
    private List<String> services = List.of();
    private final Map<String, Version> versions = new LinkedHashMap<>();
    private final List<TraceExample> examples = new ArrayList<>();
    private boolean read;

    VersionComparison(Asked asked, Map<String, Outcome> outcomes, Set<String> tools, Instant now) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.now = now;
        this.window = asked.window();
    }

    Step next() {
        Optional<Step> step = steps.need("Finding the versions each service ran in " + window(window) + ".",
                List.of(listing(1, "", window)));
        if (step.isPresent()) {
            return step.get();
        }
        read = choose("", asked.windowAsked());
        if (read && (compared.size() < 2 || !missing.isEmpty()) && !asked.windowAsked()) {
            window = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            widened = true;
            step = steps.need("Not both versions ran in the last 24 hours; looking at the last 7 days.",
                    List.of(listing(2, "7d", window)));
            if (step.isPresent()) {
                return step.get();
            }
            read = choose("7d", true);
        }
        if (service == null || compared.size() < 2) {
            return new Step.Answer(answer());
        }
        step = steps.need("Measuring `" + service + "` " + String.join(" and ", compared) + " side by side.",
                figureCalls());
        if (step.isPresent()) {
            return step.get();
        }
        readFigures();
        Version newer = versions.get(compared.getLast());
        if (newer != null && newer.requests().count() > 0) {
            var search = within(window).put("service", service);
            search.putArray("attributes").add(Target.attribute("service.version", newer.name(), true));
            Version older = versions.get(compared.getFirst());
            boolean failsMore = older != null && newer.requests().errorRate() > older.requests().errorRate();
            if (failsMore) {
                search.put("status", "error");
            } else {
                search.put("sort", "duration");
            }
            search.put("limit", 2);
            step = steps.need("Finding an example trace of " + newer.name() + ".",
                    List.of(new PlannedCall(4, "example", "trace_search", search)));
            if (step.isPresent()) {
                return step.get();
            }
            Outcome found = steps.results().usable("example", "the example traces");
            if (found != null) {
                found.data().path("traces").forEach(t -> Examples.found(t).ifPresent(examples::add));
            }
        }
        return new Step.Answer(answer());
    }

    private static PlannedCall listing(int phase, String suffix, TimeWindow window) {
        var listing = within(window);
        listing.putArray("group_by").add("service").add(VERSION_KEY);
        listing.put("limit", 50);
        return new PlannedCall(phase, "versions" + suffix, "aggregate", listing);
    }

    /**
     * Picks the service and the versions to compare; false when the versions could not be read.
     * With {@code fill}, a version asked that did not run is replaced by the one that ran most.
     */
    private boolean choose(String suffix, boolean fill) {
        Outcome listed = steps.results().usable("versions" + suffix, "the versions per service");
        if (listed == null) {
            return false;
        }
        Map<String, Map<String, Long>> byService = new LinkedHashMap<>();
        for (JsonNode group : listed.data().path("groups")) {
            String name = group.path("key").path("service").asString("");
            String version = group.path("key").path(VERSION_KEY).asString("");
            if (!name.isEmpty() && !version.isEmpty()) {
                byService.computeIfAbsent(name, s -> new LinkedHashMap<>()).merge(version, group.path("count").asLong(0),
                        Long::sum);
            }
        }
        services = List.copyOf(byService.keySet());
        List<String> named = Target.named(asked, services);
        // The service asked about; else the one that ran the versions asked (most of them), else that ran most versions.
        service = named.stream().filter(byService::containsKey).findFirst().orElseGet(() -> services.stream()
                .max(Comparator.comparingLong((String s) -> asked.versions().stream()
                                .filter(v -> matching(v, byService.get(s).keySet()) != null).count())
                        .thenComparingInt(s -> byService.get(s).size())
                        .thenComparing(Comparator.<String>reverseOrder()))
                .orElse(null));
        if (service == null) {
            compared = List.of();
            return true;
        }
        Map<String, Long> ran = byService.get(service);
        var chosen = new ArrayList<String>();
        var notFound = new ArrayList<String>();
        for (String version : asked.versions()) {
            String found = matching(version, ran.keySet());
            if (found == null) {
                notFound.add(version);
            } else if (!chosen.contains(found)) {
                chosen.add(found);
            }
        }
        long spans = ran.values().stream().mapToLong(Long::longValue).sum();
        if (chosen.size() == 1 && asked.versions().size() == 1) {
            // One version asked: compared with the one before it, the highest below it that ran enough.
            String only = chosen.getFirst();
            ran.entrySet().stream().filter(e -> e.getValue() >= Math.max(MIN_SPANS, spans / 100))
                    .map(Map.Entry::getKey).filter(v -> compareVersions(v, only) < 0)
                    .max(VersionComparison::compareVersions).ifPresent(chosen::add);
        }
        // Without versions asked, "the latest release" against the one before it: the highest two that ran
        // enough to measure; else the others that ran most.
        Comparator<Map.Entry<String, Long>> order = asked.versions().isEmpty()
                ? Comparator.<Map.Entry<String, Long>, String>comparing(Map.Entry::getKey, VersionComparison::compareVersions)
                        .reversed()
                : Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
        ran.entrySet().stream().filter(e -> e.getValue() >= Math.max(MIN_SPANS, spans / 100)).sorted(order)
                .map(Map.Entry::getKey).filter(v -> !chosen.contains(v))
                .limit(Math.max(0, 2 - chosen.size() - (fill ? 0 : notFound.size()))).forEach(chosen::add);
        chosen.sort(VersionComparison::compareVersions);
        compared = List.copyOf(chosen.stream().limit(2).toList());
        missing = List.copyOf(notFound);
        return true;
    }

    /** The version of the data the question means: the same, or the same without a leading "v". */
    private static String matching(String asked, Set<String> versions) {
        String bare = asked.toLowerCase(Locale.ROOT).replaceFirst("^v", "");
        return versions.stream().filter(v -> v.toLowerCase(Locale.ROOT).replaceFirst("^v", "").equals(bare))
                .findFirst().orElse(null);
    }

    /** Older first: by the numbers of the versions, part by part. */
    static int compareVersions(String a, String b) {
        String[] left = a.replaceFirst("^[vV]", "").split("[.-]");
        String[] right = b.replaceFirst("^[vV]", "").split("[.-]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String l = i < left.length ? left[i] : "";
            String r = i < right.length ? right[i] : "";
            int order = l.matches("\\d+") && r.matches("\\d+") ? Long.compare(Long.parseLong(l), Long.parseLong(r))
                    : l.compareTo(r);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private List<PlannedCall> figureCalls() {
        var byKind = within(window).put("service", service);
        byKind.putArray("group_by").add(VERSION_KEY).add("kind");
        byKind.put("limit", 30);
        var all = within(window).put("service", service);
        all.putArray("group_by").add(VERSION_KEY);
        all.put("limit", 10);
        var over = within(window).put("service", service).put("time_series", true);
        over.putArray("group_by").add(VERSION_KEY);
        over.put("limit", 10);
        return List.of(new PlannedCall(3, "byversion", "aggregate", byKind),
                new PlannedCall(3, "allbyversion", "aggregate", all),
                new PlannedCall(3, "timeline", "aggregate", over));
    }

    private void readFigures() {
        Map<String, Measured> requests = new LinkedHashMap<>();
        Map<String, Measured> all = new LinkedHashMap<>();
        Outcome byKind = steps.results().usable("byversion", "the requests per version");
        if (byKind != null) {
            for (JsonNode group : byKind.data().path("groups")) {
                String kind = group.path("key").path("kind").asString("");
                if (kind.equals("SERVER") || kind.equals("CONSUMER")) {
                    requests.putIfAbsent(group.path("key").path(VERSION_KEY).asString(""), Measured.of(group));
                }
            }
        }
        Outcome everything = steps.results().usable("allbyversion", "the spans per version");
        if (everything != null) {
            for (JsonNode group : everything.data().path("groups")) {
                all.put(group.path("key").path(VERSION_KEY).asString(""), Measured.of(group));
            }
        }
        Map<String, Instant[]> seen = new LinkedHashMap<>();
        Outcome timeline = steps.results().usable("timeline", "the versions over time");
        if (timeline != null) {
            JsonNode buckets = timeline.data().path("buckets");
            long width = timeline.data().path("bucket_seconds").asLong(0);
            for (JsonNode series : timeline.data().path("series")) {
                JsonNode counts = series.path("count");
                Instant first = null;
                Instant last = null;
                for (int i = 0; i < counts.size() && i < buckets.size(); i++) {
                    if (counts.path(i).asLong(0) > 0) {
                        Instant start = ToolResults.instant(buckets.path(i).asString(""));
                        first = first == null ? start : first;
                        last = start == null ? last : start.plusSeconds(width);
                    }
                }
                seen.put(series.path("key").path(VERSION_KEY).asString(""), new Instant[] {first, last});
            }
        }
        for (String version : compared) {
            Measured total = all.getOrDefault(version, Measured.NONE);
            Instant[] when = seen.getOrDefault(version, new Instant[2]);
            versions.put(version, new Version(version, requests.getOrDefault(version, total), total, when[0], when[1]));
        }
    }

    String answer() {
        var out = new StringBuilder();
        String span = window(window) + (widened ? " (the last 7 days)" : "");
        if (!read) {
            out.append("I could not read which versions the services ran, so I cannot compare them.");
        } else if (service == null) {
            out.append("I found no service with versions (`service.version`) between ").append(span)
                    .append(", so there is nothing to compare.");
        } else if (compared.size() < 2 || versions.isEmpty()) {
            out.append("`").append(service).append("` ran only ")
                    .append(compared.isEmpty() ? "no version I could read" : "`" + compared.getFirst() + "`")
                    .append(" between ").append(span);
            if (!missing.isEmpty()) {
                out.append("; I found no `").append(service).append("` ").append(String.join(" or ", missing));
            }
            out.append(", so there is nothing to compare it with.");
        } else {
            sideBySide(out, span);
        }
        return out.append(steps.notes()).toString().strip();
    }

    private void sideBySide(StringBuilder out, String span) {
        Version older = versions.get(compared.getFirst());
        Version newer = versions.get(compared.getLast());
        Measured a = older.requests();
        Measured b = newer.requests();
        boolean slower = b.p99() > a.p99() * 1.1;
        boolean faster = b.p99() < a.p99() * 0.9;
        boolean failsMore = b.errorRate() > a.errorRate() + Math.max(0.002, a.errorRate() * 0.2);
        boolean failsLess = b.errorRate() < a.errorRate() - Math.max(0.002, a.errorRate() * 0.2);
        String verdict = slower && failsMore ? "is slower and fails more than" : slower ? "is slower than"
                : failsMore ? "fails more than" : faster && failsLess ? "is faster and fails less than"
                : faster ? "is faster than" : failsLess ? "fails less than" : "performs about the same as";
        out.append("**`").append(service).append("` ").append(newer.name()).append(" ").append(verdict).append(" ")
                .append(older.name()).append(": p95 ").append(ms(a.p95())).append(" → ").append(ms(b.p95()))
                .append(" ms").append(change(a.p95(), b.p95())).append(", p99 ").append(ms(a.p99())).append(" → ")
                .append(ms(b.p99())).append(" ms").append(change(a.p99(), b.p99())).append(", error rate ")
                .append(percent(a.errorRate()))
                .append(" → ").append(percent(b.errorRate())).append(".**");
        if (!missing.isEmpty()) {
            out.append(" I found no `").append(service).append("` ").append(String.join(" or ", missing))
                    .append(", so I compared the versions that ran most.");
        }
        out.append("\n\nIts requests (SERVER spans) between ").append(span).append(":\n\n| | ")
                .append(older.name()).append(" | ").append(newer.name()).append(" |\n|---|---:|---:|\n");
        row(out, "requests", count(a.count()), count(b.count()));
        row(out, "errors", count(a.errors()) + " (" + percent(a.errorRate()) + ")",
                count(b.errors()) + " (" + percent(b.errorRate()) + ")");
        row(out, "p50", ms(a.p50()) + " ms", ms(b.p50()) + " ms");
        row(out, "p95", ms(a.p95()) + " ms", ms(b.p95()) + " ms");
        row(out, "p99", ms(a.p99()) + " ms", ms(b.p99()) + " ms");
        row(out, "all spans", count(older.all().count()) + ", p99 " + ms(older.all().p99()) + " ms",
                count(newer.all().count()) + ", p99 " + ms(newer.all().p99()) + " ms");
        if (older.first() != null && newer.first() != null) {
            row(out, "seen", when(older), when(newer));
        }
        for (TraceExample example : examples.stream().limit(1).toList()) {
            out.append("\nAn example of ").append(newer.name()).append(": trace `").append(example.traceId())
                    .append("`, ").append(example.rootService()).append(" `").append(example.rootOperation())
                    .append("`, ").append(ms(example.durationMs())).append(" ms")
                    .append(example.errorCount() > 0 ? ", " + example.errorCount() + " failed spans" : "").append(".\n");
        }
    }

    private static String when(Version version) {
        return time(version.first()).replace(" UTC", "") + " – " + time(version.last());
    }

    private static void row(StringBuilder out, String label, String left, String right) {
        out.append("| ").append(label).append(" | ").append(left).append(" | ").append(right).append(" |\n");
    }

    private static String change(double before, double after) {
        if (Double.isNaN(before) || Double.isNaN(after) || before <= 0) {
            return "";
        }
        long pct = Math.round((after / before - 1) * 100);
        return " (" + (pct >= 0 ? "+" : "") + pct + "%)";
    }
}
