package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;
import static dev.tracehound.agent.offline.InvestigationReport.count;
import static dev.tracehound.agent.offline.InvestigationReport.ms;
import static dev.tracehound.agent.offline.InvestigationReport.percent;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The slowest endpoints: the operations that serve requests (SERVER spans, and the root spans
 * that start traces) ranked by p99 over the time asked, with the slowest trace of the first.
 */
final class SlowestEndpoints {

    /** Fewer requests than this tell too little about an endpoint's p99 to rank it. */
    private static final int MIN_REQUESTS = 5;
    private static final int LISTED = 5;

    record Endpoint(String service, String operation, Measured measured) {}

    private final Asked asked;
    private final PlanSteps steps;
    private final Instant now;
    private TimeWindow window;
    private boolean widened;
    private final List<Endpoint> ranked = new ArrayList<>();
    private String service;
    private boolean read;
    private final List<TraceExample> examples = new ArrayList<>();
    /** Where the time of the slowest request goes: the deepest span of its critical path that takes most of it. */
    private TraceExplanation.Span timeGoesTo;

    SlowestEndpoints(Asked asked, Map<String, Outcome> outcomes, Set<String> tools, Instant now) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.now = now;
        this.window = asked.window();
    }

    Step next() {
        Optional<Step> step = steps.need("Measuring every endpoint in " + window(window) + ".", calls(1, "", window));
        if (step.isPresent()) {
            return step.get();
        }
        read = rank("");
        if (read && ranked.isEmpty() && !asked.windowAsked()) {
            window = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            widened = true;
            step = steps.need("No requests in the last 24 hours; looking at the last 7 days.", calls(2, "7d", window));
            if (step.isPresent()) {
                return step.get();
            }
            read = rank("7d");
        }
        if (ranked.isEmpty()) {
            return new Step.Answer(answer());
        }
        Endpoint slowest = ranked.getFirst();
        var search = within(window).put("service", slowest.service()).put("operation", slowest.operation())
                .put("sort", "duration").put("limit", 2);
        step = steps.need("Finding the slowest trace of `" + slowest.operation() + "`.",
                List.of(new PlannedCall(3, "example", "trace_search", search)));
        if (step.isPresent()) {
            return step.get();
        }
        Outcome found = steps.results().usable("example", "the slowest trace");
        if (found != null) {
            found.data().path("traces").forEach(t -> Examples.found(t).ifPresent(examples::add));
        }
        if (examples.isEmpty()) {
            return new Step.Answer(answer());
        }
        step = steps.need("Opening it to see where its time goes.", List.of(new PlannedCall(4, "trace", "get_trace",
                Investigation.NODES.objectNode().put("trace_id", examples.getFirst().traceId()).put("max_spans", 5))));
        if (step.isPresent()) {
            return step.get();
        }
        Outcome trace = steps.results().usable("trace", null);
        if (trace != null) {
            var critical = new ArrayList<TraceExplanation.Span>();
            trace.data().path("critical_path").forEach(span -> critical.add(TraceExplanation.Span.of(span)));
            timeGoesTo = TraceExplanation.heaviest(critical, trace.data().path("duration_ms").asDouble(0));
        }
        return new Step.Answer(answer());
    }

    private static List<PlannedCall> calls(int phase, String suffix, TimeWindow window) {
        var byKind = within(window);
        byKind.putArray("group_by").add("service").add("operation").add("kind");
        byKind.put("limit", 50);
        var roots = within(window).put("roots_only", true);
        roots.putArray("group_by").add("service").add("operation");
        roots.put("limit", 50);
        return List.of(new PlannedCall(phase, "endpoints" + suffix, "aggregate", byKind),
                new PlannedCall(phase, "roots" + suffix, "aggregate", roots));
    }

    /** Ranks the endpoints of the results; false when none could be read. */
    private boolean rank(String suffix) {
        ranked.clear();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        var services = new ArrayList<String>();
        Outcome roots = steps.results().usable("roots" + suffix, "the root spans per operation");
        Outcome byKind = steps.results().usable("endpoints" + suffix, "the spans per operation");
        if (roots == null && byKind == null) {
            return false;
        }
        for (Outcome outcome : new Outcome[] {roots, byKind}) {
            if (outcome == null) {
                continue;
            }
            for (JsonNode group : outcome.data().path("groups")) {
                JsonNode key = group.path("key");
                String name = key.path("service").asString("");
                String operation = key.path("operation").asString("");
                if (!services.contains(name)) {
                    services.add(name);
                }
                boolean serves = outcome == roots || key.path("kind").asString("").equals("SERVER");
                if (serves && !operation.isEmpty()) {
                    endpoints.putIfAbsent(name + "\u0000" + operation, new Endpoint(name, operation, Measured.of(group)));
                }
            }
        }
        service = Target.named(asked, services).stream().findFirst().orElse(null);
        endpoints.values().stream()
                .filter(e -> service == null || e.service().equals(service))
                .filter(e -> e.measured().count() >= MIN_REQUESTS && !Double.isNaN(e.measured().p99()))
                .sorted(Comparator.comparingDouble((Endpoint e) -> -e.measured().p99())
                        .thenComparing(Endpoint::service).thenComparing(Endpoint::operation))
                .forEach(ranked::add);
        return true;
    }

    String answer() {
        var out = new StringBuilder();
        String span = window(window) + (widened ? " (the last 7 days: the last 24 hours had no requests)" : "");
        String of = service == null ? "" : " of `" + service + "`";
        if (!read) {
            out.append("I could not read the endpoints' figures, so I cannot rank them.");
        } else if (ranked.isEmpty()) {
            out.append("I found no endpoints").append(of).append(" with at least ").append(MIN_REQUESTS)
                    .append(" requests between ").append(span).append(", so there is nothing to rank.");
        } else {
            Endpoint top = ranked.getFirst();
            out.append("**The slowest endpoint").append(of).append(" is `").append(top.operation()).append("` (`")
                    .append(top.service()).append("`): p99 ").append(ms(top.measured().p99())).append(" ms, p95 ")
                    .append(ms(top.measured().p95())).append(" ms** over ")
                    .append(count(top.measured().count())).append(" requests between ").append(span)
                    .append(". Ranked by p99 latency:\n\n");
            out.append("| endpoint | service | requests | p50 | p95 | p99 | error rate |\n|---|---|---:|---:|---:|---:|---:|\n");
            for (Endpoint e : ranked.stream().limit(LISTED).toList()) {
                Measured m = e.measured();
                out.append("| `").append(e.operation()).append("` | ").append(e.service()).append(" | ")
                        .append(count(m.count())).append(" | ").append(ms(m.p50())).append(" ms | ").append(ms(m.p95()))
                        .append(" ms | ").append(ms(m.p99())).append(" ms | ").append(percent(m.errorRate()))
                        .append(" |\n");
            }
            for (TraceExample example : examples.stream().limit(1).toList()) {
                out.append("\nThe slowest request of `").append(top.operation()).append("`: trace `")
                        .append(example.traceId()).append("`, ").append(ms(example.durationMs())).append(" ms");
                if (timeGoesTo != null && example.durationMs() > 0) {
                    out.append("; its time goes to ").append(timeGoesTo.describe()).append(" (")
                            .append(Math.round(100 * timeGoesTo.durationMs() / example.durationMs()))
                            .append("% of it)").append(timeGoesTo.failed() ? ", which failed" : "");
                }
                out.append(".");
            }
        }
        return out.append(steps.notes()).toString().strip();
    }
}
