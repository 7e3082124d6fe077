package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Findings.Cause;
import dev.tracehound.agent.offline.Findings.OperationChange;
import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Phase 4: for the service that changed, BubbleUp of its slow and failing spans since the change
 * against the rest (what sets them apart), and its operations before and after.
 */
final class Comparison {

    /** Attributes that describe how a span ended, not why: they come with every failure. */
    private static final Pattern OUTCOME_KEYS = Pattern.compile(
            "(^|\\.)(error|errors|exception|status|status_code)(\\.|$)|^otel\\.");
    /** Resource attributes that name a process or where it runs, which a deploy changes. */
    private static final Set<String> INSTANCE_KEYS = Set.of("host.name", "host.id", "k8s.pod.name", "k8s.pod.uid",
            "k8s.node.name", "k8s.replicaset.name", "service.instance.id", "container.id", "container.name",
            "process.pid");

    private static final int CO_CHANGED = 2;
    private static final int MIN_MODEL_CALLS = 5;
    /** How much more of the LLM calls a model must take since the change to count as a switch to it. */
    private static final double MODEL_SHIFT = 0.25;

    private final Findings findings;
    private final ToolResults results;

    Comparison(Findings findings, ToolResults results) {
        this.findings = findings;
        this.results = results;
    }

    /** When the focus service changed, or the start of the data if it changed before it. */
    static Instant changeAt(Findings findings) {
        Instant at = findings.change.at();
        return at.isBefore(findings.data.from()) ? findings.data.from() : at;
    }

    List<PlannedCall> calls() {
        var calls = new ArrayList<PlannedCall>();
        Instant changeAt = changeAt(findings);
        if (findings.change.slower()) {
            var slow = within(findings.data).put("service", findings.focus);
            slow.putObject("selection").put("from", changeAt.toString()).put("min_duration_ms", findings.slowThresholdMs);
            slow.put("dimensions", 10).put("values", 3);
            calls.add(new PlannedCall(4, "slow", "bubbleup", slow));
        }
        if (findings.change.failing()) {
            var failed = within(findings.data).put("service", findings.focus);
            failed.putObject("selection").put("from", changeAt.toString()).put("status", "error");
            failed.put("dimensions", 10).put("values", 3);
            calls.add(new PlannedCall(4, "errors", "bubbleup", failed));
        }
        if (changeAt.isAfter(findings.data.from())) {
            var before = within(new TimeWindow(findings.data.from(), changeAt)).put("service", findings.focus);
            before.putArray("group_by").add("operation");
            before.put("limit", 15);
            calls.add(new PlannedCall(4, "opsbefore", "aggregate", before));
        }
        var after = within(new TimeWindow(changeAt, findings.data.to())).put("service", findings.focus);
        after.putArray("group_by").add("operation");
        after.put("limit", 15);
        calls.add(new PlannedCall(4, "opsafter", "aggregate", after));
        var since = new TimeWindow(changeAt, findings.data.to());
        if (!findings.change.slower()) {
            var sites = within(since).put("service", findings.focus).put("status", "error");
            sites.putArray("group_by").add("operation").add("peer.service").add("server.address");
            sites.put("limit", 5);
            calls.add(new PlannedCall(4, "errsites", "aggregate", sites));
        } else {
            var sites = within(since).put("service", findings.focus).put("min_duration_ms", findings.slowThresholdMs);
            sites.putArray("group_by").add("operation").add("peer.service").add("server.address");
            sites.put("limit", 5);
            calls.add(new PlannedCall(4, "slowsites", "aggregate", sites));
        }
        // The LLM models the focus calls, before and since: a switch of model shows in no attribute BubbleUp
        // can compare, as each model's calls are operations of their own.
        var modelsAfter = within(since).put("service", findings.focus);
        modelsAfter.putArray("group_by").add("llm_model");
        modelsAfter.put("limit", 5);
        calls.add(new PlannedCall(4, "modelsafter", "aggregate", modelsAfter));
        if (changeAt.isAfter(findings.data.from())) {
            var modelsBefore = within(new TimeWindow(findings.data.from(), changeAt)).put("service", findings.focus);
            modelsBefore.putArray("group_by").add("llm_model");
            modelsBefore.put("limit", 5);
            calls.add(new PlannedCall(4, "modelsbefore", "aggregate", modelsBefore));
        }
        List<String> others = coChanged();
        for (int i = 0; i < others.size(); i++) {
            String service = others.get(i);
            SeriesChange.Change change = findings.changes.get(service);
            Instant at = change.at().isBefore(findings.data.from()) ? findings.data.from() : change.at();
            if (change.slower()) {
                var slow = within(findings.data).put("service", service);
                slow.putObject("selection").put("from", at.toString()).put("min_duration_ms", threshold(change));
                slow.put("dimensions", 10).put("values", 3);
                calls.add(new PlannedCall(4, "coslow" + i, "bubbleup", slow));
            }
            if (change.failing()) {
                var failed = within(findings.data).put("service", service);
                failed.putObject("selection").put("from", at.toString()).put("status", "error");
                failed.put("dimensions", 10).put("values", 3);
                calls.add(new PlannedCall(4, "coerrors" + i, "bubbleup", failed));
            }
        }
        return calls;
    }

    /**
     * The services that stepped up at about the time the focus did, the most changed first: the
     * cause may sit on their spans (a database or a model called on the way).
     */
    List<String> coChanged() {
        long tolerance = Math.max(2 * findings.bucketSeconds, findings.data.length().toSeconds() / 20);
        return findings.changes.entrySet().stream()
                .filter(e -> !e.getKey().equals(findings.focus))
                .filter(e -> Math.abs(Duration.between(e.getValue().at(), findings.change.at()).toSeconds()) <= tolerance)
                .sorted(Comparator.comparingDouble((Map.Entry<String, SeriesChange.Change> e) -> -e.getValue().severity())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).limit(CO_CHANGED).toList();
    }

    /** A span of a service that changed is slow from the p99 it had before. */
    static double threshold(SeriesChange.Change change) {
        double before = Double.isNaN(change.p99Before()) ? change.latencyBefore() : change.p99Before();
        return Math.max(1, before >= 10 ? Math.round(before) : Math.round(before * 10) / 10.0);
    }

    void read() {
        readCauses();
        readOperations();
        readSites();
        readModels();
    }

    /** A model that takes a notably larger share of the focus's LLM calls since the change than before. */
    private void readModels() {
        Map<String, Long> before = models("modelsbefore");
        Map<String, Long> after = models("modelsafter");
        long callsBefore = before.values().stream().mapToLong(Long::longValue).sum();
        long callsAfter = after.values().stream().mapToLong(Long::longValue).sum();
        if (callsAfter < MIN_MODEL_CALLS) {
            return;
        }
        for (var model : after.entrySet()) {
            double shareAfter = (double) model.getValue() / callsAfter;
            double shareBefore = callsBefore == 0 ? 0 : (double) before.getOrDefault(model.getKey(), 0L) / callsBefore;
            if (model.getValue() >= MIN_MODEL_CALLS && shareAfter - shareBefore >= MODEL_SHIFT
                    && (findings.modelShift == null || shareAfter > findings.modelShift.shareAfter())) {
                findings.modelShift = new Findings.ModelShift(model.getKey(), shareBefore, shareAfter, model.getValue());
            }
        }
    }

    private Map<String, Long> models(String label) {
        var models = new LinkedHashMap<String, Long>();
        Outcome outcome = results.has(label) ? results.usable(label, "the LLM models of " + findings.focus) : null;
        if (outcome != null) {
            for (JsonNode group : outcome.data().path("groups")) {
                String model = group.path("key").path("llm_model").asString("");
                if (!model.isEmpty()) {
                    models.put(model, group.path("count").asLong(0));
                }
            }
        }
        return models;
    }

    private void readCauses() {
        var causes = new LinkedHashMap<String, Cause>();
        record Selection(String label, String service, boolean slow) {}
        var selections = new ArrayList<Selection>(List.of(new Selection("slow", findings.focus, true),
                new Selection("errors", findings.focus, false)));
        List<String> others = coChanged();
        for (int i = 0; i < others.size(); i++) {
            findings.coChanged.put(others.get(i), threshold(findings.changes.get(others.get(i))));
            selections.add(new Selection("coslow" + i, others.get(i), true));
            selections.add(new Selection("coerrors" + i, others.get(i), false));
        }
        for (Selection selection : selections) {
            String label = selection.label();
            Outcome outcome = results.has(label) ? results.usable(label, "BubbleUp of the "
                    + (selection.slow() ? "slow" : "failing") + " spans" + (selection.service().equals(findings.focus)
                    ? "" : " of " + selection.service())) : null;
            if (outcome == null) {
                continue;
            }
            long selected = outcome.data().path("selection_spans").asLong(0);
            if (label.equals("slow")) {
                findings.slowSpans = selected;
            } else if (label.equals("errors")) {
                findings.failedSpans = selected;
            }
            for (JsonNode dimension : outcome.data().path("dimensions")) {
                String source = dimension.path("source").asString("");
                String key = dimension.path("key").asString("");
                JsonNode value = dimension.path("values").path(0);
                double score = dimension.path("score").asDouble(0);
                if (source.equals("field") || key.isEmpty() || score < Investigation.NOTABLE_SCORE
                        || !value.path("kind").asString("").equals("value") || OUTCOME_KEYS.matcher(key).find()) {
                    continue;
                }
                var cause = new Cause(selection.service(), source, key, value.path("value").asString(""), score,
                        value.path("selection_share").asDouble(0), value.path("expected_share").asDouble(0),
                        value.path("selection_count").asLong(0), selection.slow() ? "slow" : "failing");
                Cause known = causes.get(cause.pair());
                // The focus's own cause is kept when another service's spans share the same value.
                if (known == null || known.service().equals(cause.service()) && known.score() < score) {
                    causes.put(cause.pair(), cause);
                }
            }
            for (JsonNode trace : outcome.data().path("example_traces")) {
                Examples.add(findings, trace, "one of the " + (selection.slow() ? "slowest" : "failing") + " traces"
                        + (selection.service().equals(findings.focus) ? "" : " of " + selection.service()));
            }
        }
        findings.causes.addAll(causes.values().stream()
                // A deploy replaces the pods, so the new pods' names and nodes come with it: no cause of their own.
                .filter(c -> findings.trigger == null || !c.resource() || !INSTANCE_KEYS.contains(c.key()))
                // Nor is the deployed version on the spans of another service than the focus: the deploy says it.
                .filter(c -> findings.trigger == null || c.service().equals(findings.focus)
                        || !c.key().equals("service.version"))
                .sorted(Comparator.comparing((Cause c) -> !c.service().equals(findings.focus))
                        .thenComparingDouble(c -> -c.score()).thenComparing(Cause::pair)).toList());
        List<Cause> own = findings.causes.stream().filter(c -> c.service().equals(findings.focus)).toList();
        findings.primaryCause = own.stream().limit(3)
                .filter(c -> findings.trigger == null || !c.key().equals("service.version")).findFirst()
                .orElse(own.isEmpty() ? null : own.getFirst());
        // A value the question names ("slow for <customer>") is the one it is about, when BubbleUp shows it.
        String question = findings.scope == null ? "" : findings.scope.question().toLowerCase(java.util.Locale.ROOT);
        // A service's name is how the question names the service, not a value.
        Set<String> services = new java.util.HashSet<>();
        findings.services.forEach(stat -> services.add(stat.service().toLowerCase(java.util.Locale.ROOT)));
        Optional<Cause> named = findings.causes.stream().filter(c -> c.value().length() >= 3)
                .filter(c -> !services.contains(c.value().toLowerCase(java.util.Locale.ROOT)))
                .filter(c -> Pattern.compile("(?<![\\w.-])" + Pattern.quote(c.value().toLowerCase(java.util.Locale.ROOT))
                        + "(?![\\w-])").matcher(question).find()).findFirst();
        if (named.isPresent()) {
            findings.primaryCause = named.get();
            return;
        }
        // Nothing of the focus's own stands out, or much less than on a service that changed with it: look there.
        // The deploy's version names no cause of its own, on any service.
        findings.causes.stream().filter(c -> !c.service().equals(findings.focus))
                .filter(c -> findings.trigger == null || !c.key().equals("service.version"))
                .filter(c -> findings.primaryCause == null || c.score() > findings.primaryCause.score() + 0.2)
                .findFirst().ifPresent(c -> findings.primaryCause = c);
    }

    private void readSites() {
        for (String label : List.of("errsites", "slowsites")) {
            if (!results.has(label)) {
                continue;
            }
            Outcome outcome = results.usable(label, "where the " + (label.equals("errsites") ? "failing" : "slow")
                    + " spans are");
            if (outcome == null) {
                continue;
            }
            for (JsonNode group : outcome.data().path("groups")) {
                JsonNode key = group.path("key");
                String peer = key.path("peer.service").asString("");
                String address = key.path("server.address").asString("");
                findings.sites.add(new Findings.Site(key.path("operation").asString(""),
                        peer.isEmpty() ? address : address.isEmpty() || address.equals(peer) ? peer
                                : peer + " at " + address,
                        group.path("count").asLong(0), label.equals("errsites") ? "failing" : "slow"));
            }
        }
    }

    private void readOperations() {
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
        if (!results.has(label)) {
            return operations;
        }
        Outcome outcome = results.usable(label, "the operations of " + findings.focus);
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
}
