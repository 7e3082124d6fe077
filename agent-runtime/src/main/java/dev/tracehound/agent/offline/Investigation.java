package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.Findings.Cause;
import dev.tracehound.agent.offline.Findings.Deploy;
import dev.tracehound.agent.offline.Findings.LogLine;
import dev.tracehound.agent.offline.Findings.OperationChange;
import dev.tracehound.agent.offline.Findings.ServiceStat;
import dev.tracehound.agent.offline.Findings.SpanLine;
import dev.tracehound.agent.offline.Findings.TraceExample;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import dev.tracehound.tools.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One question's investigation, replayed from the tool results it has so far: each phase plans
 * its tool calls from the results of the phases before it; the first phase whose results are
 * missing asks for them, and once every phase has its results the answer is written. Nothing is
 * remembered between model calls, so the same conversation always gives the same next step.
 *
 * <ol>
 *   <li>Spans per service, per service and version, and per time bucket (where the data is).</li>
 *   <li>If the window has no spans: the same over the last 7 days.</li>
 *   <li>A time series per service (the largest and those the question names), and per version
 *       for services that run several: where did latency or errors step up, and was there a
 *       deploy then. If nothing stepped up, the same over the 24 hours before: it may have
 *       started before the time asked and lasted.</li>
 *   <li>For the service that changed (the one asked about, else the one that changed most):
 *       BubbleUp of its slow and failing spans since the change against the rest, and its
 *       operations before and after.</li>
 *   <li>Example traces of the slow or failing spans with the value that stands out.</li>
 *   <li>The logs of those traces and the critical path of the first.</li>
 * </ol>
 */
final class Investigation {

    /** A tool call the investigation wants, known by its label among the question's calls. */
    record PlannedCall(int phase, String label, String tool, ObjectNode arguments) {}

    /** What a finished tool call gave back. {@code data} is null when the content was no JSON. */
    record Outcome(String tool, boolean error, String content, JsonNode data, boolean cut) {

        String message() {
            String text = content.startsWith(ToolResult.ERROR_PREFIX)
                    ? content.substring(ToolResult.ERROR_PREFIX.length()) : content;
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }

    sealed interface Step {
        record Calls(String narration, List<PlannedCall> calls) implements Step {}

        record Answer(String text) implements Step {}
    }

    static final int MAX_SERIES = 8;
    static final double NOTABLE_SCORE = 0.05;
    private static final int EXAMPLES = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Attributes that describe how a span ended, not why: they come with every failure. */
    private static final Pattern OUTCOME_KEYS = Pattern.compile(
            "(^|\\.)(error|errors|exception|status|status_code)(\\.|$)|^otel\\.");

    /** Resource attributes that name a process or where it runs, which a deploy changes. */
    private static final Set<String> INSTANCE_KEYS = Set.of("host.name", "host.id", "k8s.pod.name", "k8s.pod.uid",
            "k8s.node.name", "k8s.replicaset.name", "service.instance.id", "container.id", "container.name",
            "process.pid");

    private final QuestionScope scope;
    private final Map<String, Outcome> results;
    private final Set<String> tools;
    private final boolean finalStep;
    private final Instant now;
    private final Findings findings = new Findings();

    /**
     * @param results   the results so far of this question's calls, by label
     * @param tools     the tools the model may call now; none on the run's last step
     */
    Investigation(QuestionScope scope, Map<String, Outcome> results, Set<String> tools, Instant now) {
        this.scope = scope;
        this.results = Map.copyOf(results);
        this.tools = Set.copyOf(tools);
        this.finalStep = tools.isEmpty();
        this.now = now;
        findings.scope = scope;
        findings.analysed = scope.analysis();
        findings.data = scope.analysis();
    }

    Step next() {
        if (!scope.readable()) {
            return new Step.Answer(InvestigationReport.clarify());
        }
        TimeWindow window = scope.analysis();
        Optional<Step> step = need("Looking at the spans of every service, their versions and where the data lies ("
                + InvestigationReport.window(window) + ").", overviewCalls(1, "", window));
        if (step.isPresent()) {
            return step.get();
        }
        if (!readOverview("", window)) {
            return answer();
        }
        if (findings.totalSpans == 0 && window.length().compareTo(QuestionScope.LONGEST_WINDOW) < 0) {
            TimeWindow week = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            step = need("There are no spans in that window; looking at the last 7 days.",
                    overviewCalls(2, "7d", week));
            if (step.isPresent()) {
                return step.get();
            }
            findings.widenedToWeek = true;
            findings.analysed = week;
            findings.data = week;
            if (!readOverview("7d", week)) {
                return answer();
            }
        }
        if (findings.totalSpans == 0) {
            return answer();
        }

        step = need("Looking for a step change in the latency and errors of " + seriesServices().size()
                + " services over " + InvestigationReport.window(findings.data) + ".", seriesCalls(3, "", findings.data));
        if (step.isPresent()) {
            return step.get();
        }
        readSeries("", findings.data);
        chooseFocus();
        if (findings.focus == null && findings.data.length().compareTo(QuestionScope.DEFAULT_WINDOW) < 0
                && !findings.widenedToDay) {
            // Nothing stepped up within the time asked: it may have started earlier and lasted.
            TimeWindow day = new TimeWindow(findings.data.to().minus(QuestionScope.DEFAULT_WINDOW), findings.data.to());
            step = need("Nothing stepped up in " + InvestigationReport.window(findings.data) + "; looking at the 24 hours"
                    + " before " + InvestigationReport.time(day.to()) + " in case it started earlier.",
                    seriesCalls(4, "w", day));
            if (step.isPresent()) {
                return step.get();
            }
            findings.widenedToDay = true;
            findings.data = day;
            readSeries("w", day);
            chooseFocus();
        }
        if (findings.focus == null) {
            return answer();
        }

        step = need("`" + findings.focus + "` changed at about " + InvestigationReport.time(changeAt())
                + ": comparing its slow or failing spans since then with the rest, and its operations before and after.",
                comparisonCalls());
        if (step.isPresent()) {
            return step.get();
        }
        readComparison();

        step = need("Finding example traces of `" + findings.focus + "` since " + InvestigationReport.time(changeAt())
                + (findings.primaryCause == null ? "" : " with `" + findings.primaryCause.pair() + "`") + ".",
                exampleCalls());
        if (step.isPresent()) {
            return step.get();
        }
        readExamples();

        step = need("Reading the logs and the critical path of the example traces.", evidenceCalls());
        if (step.isPresent()) {
            return step.get();
        }
        readEvidence();
        return answer();
    }

    private Step answer() {
        return new Step.Answer(InvestigationReport.write(findings));
    }

    /**
     * The calls of a phase that have no result yet: asked for now, or on the run's last step,
     * given up on (the answer says the investigation stopped early). Calls of a tool the model
     * is not offered are skipped.
     */
    private Optional<Step> need(String narration, List<PlannedCall> calls) {
        List<PlannedCall> missing = calls.stream().filter(call -> !results.containsKey(call.label())).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (finalStep) {
            findings.incomplete = true;
            return Optional.of(answer());
        }
        List<PlannedCall> offered = missing.stream().filter(call -> tools.contains(call.tool())).toList();
        for (PlannedCall call : missing) {
            if (!tools.contains(call.tool())) {
                findings.problem("the " + call.tool() + " tool is not available, so I skipped it");
            }
        }
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step.Calls(narration, offered));
    }

    // ---- phase 1 (and 2): overview ----

    private List<PlannedCall> overviewCalls(int phase, String suffix, TimeWindow window) {
        var overview = within(window);
        overview.putArray("group_by").add("service");
        overview.put("limit", 50);
        var versions = within(window);
        versions.putArray("group_by").add("service").add("resource:service.version");
        versions.put("limit", 50);
        var extent = within(window);
        extent.put("time_series", true);
        return List.of(new PlannedCall(phase, "overview" + suffix, "aggregate", overview),
                new PlannedCall(phase, "versions" + suffix, "aggregate", versions),
                new PlannedCall(phase, "extent" + suffix, "aggregate", extent));
    }

    private boolean readOverview(String suffix, TimeWindow window) {
        findings.services.clear();
        findings.versions.clear();
        findings.totalSpans = 0;
        Outcome overview = usable("overview" + suffix, "the spans per service");
        if (overview == null) {
            return false;
        }
        for (JsonNode group : overview.data().path("groups")) {
            String service = group.path("key").path("service").asString("");
            if (service.isEmpty()) {
                continue;
            }
            findings.services.add(new ServiceStat(service, group.path("count").asLong(0), group.path("errors").asLong(0),
                    group.path("error_rate").asDouble(0), group.path("p99").asDouble(Double.NaN)));
            findings.totalSpans += group.path("count").asLong(0);
        }
        findings.totalSpans += overview.data().path("other").path("count").asLong(0);
        var names = findings.services.stream().map(ServiceStat::service).toList();
        findings.mentioned.clear();
        findings.mentioned.addAll(scope.mentioned(names));

        Outcome versions = usable("versions" + suffix, "the versions per service");
        if (versions != null) {
            for (JsonNode group : versions.data().path("groups")) {
                String service = group.path("key").path("service").asString("");
                String version = group.path("key").path("resource:service.version").asString("");
                if (!service.isEmpty() && !version.isEmpty()) {
                    findings.versions.computeIfAbsent(service, s -> new ArrayList<>()).add(version);
                }
            }
        }

        Outcome extent = usable("extent" + suffix, "the spans over time");
        if (extent != null) {
            JsonNode buckets = extent.data().path("buckets");
            JsonNode counts = extent.data().path("series").path(0).path("count");
            long width = extent.data().path("bucket_seconds").asLong(0);
            int first = -1;
            int last = -1;
            for (int i = 0; i < Math.min(buckets.size(), counts.size()); i++) {
                if (counts.path(i).asLong(0) > 0) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            Instant start = first < 0 ? null : instant(buckets.path(first).asString(""));
            Instant end = last < 0 ? null : instant(buckets.path(last).asString(""));
            if (start != null && end != null && width > 0) {
                start = start.isBefore(window.from()) ? window.from() : start;
                end = end.plusSeconds(width);
                end = end.isAfter(window.to()) ? window.to() : end;
                if (start.isBefore(end)) {
                    findings.data = new TimeWindow(start, end);
                }
            }
        }
        return true;
    }

    // ---- phase 3: when did which service change, and was there a deploy ----

    private List<String> seriesServices() {
        var chosen = new LinkedHashSet<String>();
        findings.services.stream().limit(MAX_SERIES).forEach(s -> chosen.add(s.service()));
        chosen.addAll(findings.mentioned);
        return List.copyOf(chosen);
    }

    private List<PlannedCall> seriesCalls(int phase, String prefix, TimeWindow window) {
        var calls = new ArrayList<PlannedCall>();
        List<String> services = seriesServices();
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

    private void readSeries(String prefix, TimeWindow window) {
        findings.analysedServices.clear();
        findings.changes.clear();
        findings.typicalP99.clear();
        findings.deploys.clear();
        findings.bucketSeconds = 0;
        Instant first = null;
        Instant last = null;
        List<String> services = seriesServices();
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            Outcome outcome = usable(prefix + "series" + i, "the time series of " + service);
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
            if (results.containsKey(prefix + "deploys" + i)) {
                deploy(service, usable(prefix + "deploys" + i, "the versions of " + service + " over time"));
            }
        }
        if (first != null && prefix.equals("w")) {
            Instant end = last.plusSeconds(findings.bucketSeconds);
            findings.data = new TimeWindow(first.isBefore(window.from()) ? window.from() : first,
                    end.isAfter(window.to()) ? window.to() : end);
        }
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
        Instant at = instant(buckets.path(newest.first()).asString(""));
        if (previous != null && at != null) {
            findings.deploys.add(new Deploy(service, previous.version(), newest.version(), at));
        }
    }

    private void chooseFocus() {
        var changed = new ArrayList<>(findings.changes.keySet());
        changed.sort(Comparator.comparingDouble((String s) -> -findings.changes.get(s).severity())
                .thenComparing(Comparator.naturalOrder()));
        String focus = findings.mentioned.stream().filter(findings.changes::containsKey).findFirst()
                .orElse(changed.isEmpty() ? null : changed.getFirst());
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

    // ---- phase 4: what sets the slow and failing spans apart ----

    private Instant changeAt() {
        Instant at = findings.change.at();
        return at.isBefore(findings.data.from()) ? findings.data.from() : at;
    }

    private List<PlannedCall> comparisonCalls() {
        var calls = new ArrayList<PlannedCall>();
        String at = changeAt().toString();
        if (findings.change.slower()) {
            var slow = within(findings.data).put("service", findings.focus);
            slow.putObject("selection").put("from", at).put("min_duration_ms", findings.slowThresholdMs);
            slow.put("dimensions", 10).put("values", 3);
            calls.add(new PlannedCall(4, "slow", "bubbleup", slow));
        }
        if (findings.change.failing()) {
            var failed = within(findings.data).put("service", findings.focus);
            failed.putObject("selection").put("from", at).put("status", "error");
            failed.put("dimensions", 10).put("values", 3);
            calls.add(new PlannedCall(4, "errors", "bubbleup", failed));
        }
        if (changeAt().isAfter(findings.data.from())) {
            var before = within(new TimeWindow(findings.data.from(), changeAt())).put("service", findings.focus);
            before.putArray("group_by").add("operation");
            before.put("limit", 15);
            calls.add(new PlannedCall(4, "opsbefore", "aggregate", before));
        }
        var after = within(new TimeWindow(changeAt(), findings.data.to())).put("service", findings.focus);
        after.putArray("group_by").add("operation");
        after.put("limit", 15);
        calls.add(new PlannedCall(4, "opsafter", "aggregate", after));
        return calls;
    }

    private void readComparison() {
        var causes = new LinkedHashMap<String, Cause>();
        for (String label : List.of("slow", "errors")) {
            Outcome outcome = results.containsKey(label)
                    ? usable(label, "BubbleUp of the " + (label.equals("slow") ? "slow" : "failing") + " spans") : null;
            if (outcome == null) {
                continue;
            }
            long selected = outcome.data().path("selection_spans").asLong(0);
            if (label.equals("slow")) {
                findings.slowSpans = selected;
            } else {
                findings.failedSpans = selected;
            }
            for (JsonNode dimension : outcome.data().path("dimensions")) {
                String source = dimension.path("source").asString("");
                String key = dimension.path("key").asString("");
                JsonNode value = dimension.path("values").path(0);
                double score = dimension.path("score").asDouble(0);
                if (source.equals("field") || key.isEmpty() || score < NOTABLE_SCORE
                        || !value.path("kind").asString("").equals("value") || OUTCOME_KEYS.matcher(key).find()) {
                    continue;
                }
                var cause = new Cause(source, key, value.path("value").asString(""), score,
                        value.path("selection_share").asDouble(0), value.path("expected_share").asDouble(0),
                        value.path("selection_count").asLong(0), label.equals("slow") ? "slow" : "failing");
                Cause known = causes.get(cause.pair());
                if (known == null || known.score() < score) {
                    causes.put(cause.pair(), cause);
                }
            }
            for (JsonNode trace : outcome.data().path("example_traces")) {
                addExample(trace, "one of the " + (label.equals("slow") ? "slowest" : "failing") + " traces");
            }
        }
        findings.causes.addAll(causes.values().stream()
                // A deploy replaces the pods, so the new pods' names and nodes come with it: no cause of their own.
                .filter(c -> findings.trigger == null || !c.resource() || !INSTANCE_KEYS.contains(c.key()))
                .sorted(Comparator.comparingDouble((Cause c) -> -c.score()).thenComparing(Cause::pair)).toList());
        findings.primaryCause = findings.causes.stream().limit(3)
                .filter(c -> findings.trigger == null || !c.key().equals("service.version")).findFirst()
                .orElse(findings.causes.isEmpty() ? null : findings.causes.getFirst());

        Map<String, JsonNode> before = operations("opsbefore");
        Map<String, JsonNode> after = operations("opsafter");
        OperationChange worst = null;
        for (var entry : after.entrySet()) {
            JsonNode now = entry.getValue();
            JsonNode then = before.get(entry.getKey());
            if (then == null || then.path("count").asLong(0) < 5 || now.path("count").asLong(0) < 5) {
                continue;
            }
            var change = new OperationChange(entry.getKey(), then.path("p99").asDouble(0), now.path("p99").asDouble(0),
                    then.path("error_rate").asDouble(0), now.path("error_rate").asDouble(0), now.path("count").asLong(0));
            if (worst == null || badness(change) > badness(worst)) {
                worst = change;
            }
        }
        if (worst != null && badness(worst) > 0.5) {
            findings.operation = worst;
        }
    }

    private static double badness(OperationChange change) {
        double slower = change.p99Before() <= 0 ? 0 : Math.log(change.p99After() / change.p99Before()) / Math.log(2);
        double failing = Math.log((change.errorRateAfter() + 0.002) / (change.errorRateBefore() + 0.002)) / Math.log(2);
        return Math.max(slower, failing);
    }

    private Map<String, JsonNode> operations(String label) {
        var operations = new LinkedHashMap<String, JsonNode>();
        if (!results.containsKey(label)) {
            return operations;
        }
        Outcome outcome = usable(label, "the operations of " + findings.focus);
        if (outcome != null) {
            for (JsonNode group : outcome.data().path("groups")) {
                String operation = group.path("key").path("operation").asString("");
                if (!operation.isEmpty()) {
                    operations.put(operation, group);
                }
            }
        }
        return operations;
    }

    // ---- phase 5: example traces ----

    private List<PlannedCall> exampleCalls() {
        var calls = new ArrayList<PlannedCall>();
        Optional<Cause> cause = Optional.ofNullable(findings.primaryCause);
        if (findings.change.slower()) {
            var slow = within(new TimeWindow(changeAt(), findings.data.to())).put("service", findings.focus)
                    .put("min_duration_ms", findings.slowThresholdMs);
            cause.ifPresent(c -> slow.set("attributes", condition(c)));
            slow.put("sort", "duration").put("limit", EXAMPLES);
            calls.add(new PlannedCall(5, "exslow", "trace_search", slow));
        }
        if (findings.change.failing()) {
            var failed = within(new TimeWindow(changeAt(), findings.data.to())).put("service", findings.focus)
                    .put("status", "error");
            cause.ifPresent(c -> failed.set("attributes", condition(c)));
            failed.put("limit", EXAMPLES);
            calls.add(new PlannedCall(5, "exerrors", "trace_search", failed));
        }
        return calls;
    }

    private static ArrayNode condition(Cause cause) {
        ArrayNode conditions = NODES.arrayNode();
        ObjectNode condition = conditions.addObject().put("key", cause.key()).put("value", cause.value());
        if (cause.resource()) {
            condition.put("scope", "resource");
        }
        return conditions;
    }

    private void readExamples() {
        var found = new ArrayList<TraceExample>();
        String with = findings.primaryCause == null ? "" : " with " + findings.primaryCause.pair();
        for (String label : List.of("exslow", "exerrors")) {
            if (!results.containsKey(label)) {
                continue;
            }
            Outcome outcome = usable(label, "the example traces");
            if (outcome == null) {
                continue;
            }
            for (JsonNode trace : outcome.data().path("traces")) {
                var example = example(trace, label.equals("exslow") ? "slow" + with : "failing" + with);
                if (example != null && found.stream().noneMatch(e -> e.traceId().equals(example.traceId()))) {
                    found.add(example);
                }
            }
        }
        // Examples of the search first (they match the cause); those BubbleUp gave are kept after them.
        var merged = new ArrayList<>(found);
        for (TraceExample example : findings.examples) {
            if (merged.stream().noneMatch(e -> e.traceId().equals(example.traceId()))) {
                merged.add(example);
            }
        }
        findings.examples.clear();
        findings.examples.addAll(merged);
    }

    private void addExample(JsonNode trace, String why) {
        TraceExample example = example(trace, why);
        if (example != null && findings.examples.stream().noneMatch(e -> e.traceId().equals(example.traceId()))) {
            findings.examples.add(example);
        }
    }

    private static TraceExample example(JsonNode trace, String why) {
        String id = trace.path("trace_id").asString("");
        if (!id.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return new TraceExample(id.toLowerCase(Locale.ROOT), trace.path("root_service").asString(""),
                trace.path("root_operation").asString(""), trace.path("duration_ms").asDouble(0),
                trace.path("error_count").asLong(0), why);
    }

    // ---- phase 6: logs and the critical path ----

    private List<String> evidenceTraces() {
        var chosen = new ArrayList<String>();
        var failing = findings.examples.stream().filter(e -> e.errorCount() > 0).map(TraceExample::traceId).toList();
        var slow = findings.examples.stream().map(TraceExample::traceId).toList();
        if (!slow.isEmpty()) {
            chosen.add(slow.getFirst());
        }
        failing.stream().filter(id -> !chosen.contains(id)).findFirst().ifPresent(chosen::add);
        slow.stream().filter(id -> !chosen.contains(id)).findFirst().ifPresent(chosen::add);
        return chosen.stream().limit(3).toList();
    }

    private List<PlannedCall> evidenceCalls() {
        var calls = new ArrayList<PlannedCall>();
        List<String> traces = evidenceTraces();
        for (int i = 0; i < traces.size(); i++) {
            calls.add(new PlannedCall(6, "logs" + i, "log_search", NODES.objectNode().put("trace_id", traces.get(i))
                    .put("min_severity", "warn").put("limit", 10)));
        }
        if (!traces.isEmpty()) {
            calls.add(new PlannedCall(6, "trace0", "get_trace", NODES.objectNode().put("trace_id", traces.getFirst())
                    .put("max_spans", 5)));
        }
        return calls;
    }

    private void readEvidence() {
        List<String> traces = evidenceTraces();
        for (int i = 0; i < traces.size(); i++) {
            if (!results.containsKey("logs" + i)) {
                continue;
            }
            Outcome outcome = usable("logs" + i, "the logs of trace " + traces.get(i));
            if (outcome == null) {
                continue;
            }
            var lines = new ArrayList<LogLine>();
            for (JsonNode log : outcome.data().path("logs")) {
                lines.add(new LogLine(log.path("time").asString(""), log.path("severity").asString(""),
                        log.path("service").asString(""), log.path("body").asString("")));
            }
            findings.logs.put(traces.get(i), lines);
        }
        if (!traces.isEmpty() && results.containsKey("trace0")) {
            Outcome trace = usable("trace0", null);
            if (trace != null) {
                findings.openedTrace = traces.getFirst();
                for (JsonNode span : trace.data().path("critical_path")) {
                    findings.criticalPath.add(span(span));
                }
                for (JsonNode span : trace.data().path("errors")) {
                    findings.traceErrors.add(span(span));
                }
            }
        }
    }

    private static SpanLine span(JsonNode span) {
        return new SpanLine(span.path("service").asString(""), span.path("operation").asString(""),
                span.path("duration_ms").asDouble(0), span.path("status").asString(""),
                span.path("status_message").asString(""), span.path("exception").asString(""));
    }

    // ---- reading results ----

    /**
     * The call's result when it can be read (cut results give what they have); null when it
     * failed, with the failure noted for the answer as {@code what} could not be read.
     */
    private Outcome usable(String label, String what) {
        Outcome outcome = results.get(label);
        if (outcome == null) {
            return null;
        }
        if (outcome.error() || outcome.data() == null || !outcome.data().isObject()) {
            findings.problem((what == null ? "a trace" : what) + " could not be read (" + outcome.tool() + ": "
                    + outcome.message() + ")");
            return null;
        }
        // what is null where a cut result loses nothing the answer needs (a trace's tree after its critical path).
        if (outcome.cut() && what != null) {
            findings.problem(what + " came back cut to fit; I used the part that arrived");
        }
        return outcome;
    }

    private static Optional<SeriesChange.Series> series(JsonNode buckets, long bucketSeconds, JsonNode series) {
        if (!buckets.isArray() || buckets.isEmpty() || !series.isObject()) {
            return Optional.empty();
        }
        var starts = new ArrayList<Instant>();
        for (JsonNode bucket : buckets) {
            Instant start = instant(bucket.asString(""));
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
            p95[i] = number(series.path("p95").path(i));
            p99[i] = number(series.path("p99").path(i));
        }
        return Optional.of(new SeriesChange.Series(List.copyOf(starts.subList(0, n)), bucketSeconds, count, errors,
                p95, p99));
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ObjectNode within(TimeWindow window) {
        return NODES.objectNode().put("from", window.from().toString()).put("to", window.to().toString());
    }

    private static double roundMs(double ms) {
        return ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10.0;
    }
}
