package dev.tracehound.agent.offline;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A count, a rate or a percentile of a service, an endpoint or the whole project: the target as
 * the data names it, its figures over the time asked (its requests, the SERVER spans, apart from
 * all its spans), and for rates and percentiles an example trace. The figure asked comes first.
 */
final class Measures {

    private final Asked asked;
    private final PlanSteps steps;
    private final Target target;
    private final Instant now;
    private Target.Resolved resolved;
    private TimeWindow window;
    private boolean widened;
    private Measured requests;
    private Measured all;
    private boolean requestsAreServerSpans;
    private final List<TraceExample> examples = new ArrayList<>();

    Measures(Asked asked, Map<String, Outcome> outcomes, Set<String> tools, Instant now) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.target = new Target(asked, steps.results());
        this.now = now;
        this.window = asked.window();
    }

    Step next() {
        Optional<Step> step = steps.need("Finding " + (asked.route().map(r -> "`" + r + "` and ").orElse(""))
                + "the services in " + window(window) + ".", target.calls(1, "", window));
        if (step.isPresent()) {
            return step.get();
        }
        resolved = target.read("").orElse(null);
        if (resolved != null && resolved.spans() == 0 && !asked.windowAsked()) {
            window = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            widened = true;
            step = steps.need("There are no spans in the last 24 hours; looking at the last 7 days.",
                    target.calls(2, "7d", window));
            if (step.isPresent()) {
                return step.get();
            }
            resolved = target.read("7d").orElse(null);
        }
        if (resolved == null || resolved.spans() == 0 || resolved.unmatched() != null) {
            return new Step.Answer(answer());
        }
        step = steps.need("Measuring " + resolved.describe() + " in " + window(window) + ".", measureCalls());
        if (step.isPresent()) {
            return step.get();
        }
        readMeasures();
        step = steps.need("Finding an example trace.", exampleCalls());
        if (step.isPresent()) {
            return step.get();
        }
        if (steps.results().has("example")) {
            Outcome found = steps.results().usable("example", "the example traces");
            if (found != null) {
                found.data().path("traces").forEach(t -> Examples.found(t).ifPresent(examples::add));
            }
        }
        return new Step.Answer(answer());
    }

    private List<PlannedCall> measureCalls() {
        var calls = new ArrayList<PlannedCall>();
        if (resolved.endpoint()) {
            calls.add(new PlannedCall(3, "measure", "aggregate", resolved.filter(window)));
        } else if (resolved.service() != null) {
            ObjectNode byKind = resolved.filter(window);
            byKind.putArray("group_by").add("kind");
            calls.add(new PlannedCall(3, "measure", "aggregate", byKind));
            calls.add(new PlannedCall(3, "measureall", "aggregate", resolved.filter(window)));
        } else {
            calls.add(new PlannedCall(3, "measure", "aggregate", resolved.filter(window).put("roots_only", true)));
            calls.add(new PlannedCall(3, "measureall", "aggregate", resolved.filter(window)));
        }
        return calls;
    }

    private void readMeasures() {
        Outcome measured = steps.results().usable("measure", "the figures of " + resolved.describe());
        if (measured != null) {
            JsonNode groups = measured.data().path("groups");
            if (resolved.endpoint() || resolved.service() == null) {
                requests = Measured.of(groups.path(0));
            } else {
                for (JsonNode group : groups) {
                    String kind = group.path("key").path("kind").asString("");
                    if (kind.equals("SERVER") || kind.equals("CONSUMER")) {
                        requests = Measured.of(group);
                        requestsAreServerSpans = true;
                        break;
                    }
                }
            }
        }
        if (steps.results().has("measureall")) {
            Outcome everything = steps.results().usable("measureall", "the figures of all spans");
            if (everything != null) {
                all = Measured.of(everything.data().path("groups").path(0));
            }
        }
        if (requests == null && all != null) {
            requests = all;
        }
    }

    private List<PlannedCall> exampleCalls() {
        if (requests == null || requests.count() == 0) {
            return List.of();
        }
        ObjectNode search = resolved.filter(window);
        if (resolved.service() == null) {
            search.put("roots_only", true);
        }
        if (asked.kind() == QuestionKind.RATE && asked.measure().equals("errors") && requests.errors() > 0
                || asked.kind() == QuestionKind.COUNT && asked.measure().equals("errors") && requests.errors() > 0) {
            search.put("status", "error").put("limit", 2);
        } else if (asked.kind() == QuestionKind.PERCENTILE) {
            double at = requests.measure(asked.measure().equals("all") ? "p99" : asked.measure());
            if (!Double.isNaN(at) && at > 0) {
                search.put("min_duration_ms", Math.floor(at));
            }
            search.put("sort", "duration").put("limit", 2);
        } else {
            return List.of();
        }
        return List.of(new PlannedCall(4, "example", "trace_search", search));
    }

    String answer() {
        var out = new StringBuilder();
        if (resolved == null) {
            out.append("I could not read the services of this project, so I have no figures to give.");
        } else if (resolved.spans() == 0) {
            out.append("I found no spans in this project between ").append(window(window))
                    .append(", so there is nothing to count. Is telemetry being sent to this project?");
        } else if (resolved.unmatched() != null) {
            out.append("I found no ").append(resolved.unmatched()).append(" between ").append(window(window))
                    .append(resolved.unmatched().startsWith("endpoint") ? ": no span name or `http.route` holds it" : "")
                    .append(". The services there are ")
                    .append(InvestigationReport.codes(resolved.services().stream().limit(10).toList()))
                    .append("; ask about one of them, or an endpoint as its spans name it (e.g. `GET /path`).");
        } else if (requests == null) {
            out.append("I could not measure ").append(resolved.describe()).append(".");
        } else {
            figures(out);
        }
        return out.append(steps.notes()).toString().strip();
    }

    private void figures(StringBuilder out) {
        String what = resolved.describe();
        String span = window(window) + (widened ? " (the last 7 days: the last 24 hours had no spans)" : "");
        String unit = resolved.endpoint() ? "requests" : requestsAreServerSpans ? "requests (its SERVER spans)"
                : resolved.service() != null ? "spans" : asked.measure().equals("traces") ? "traces (their root spans)"
                : "requests (root spans, one per trace)";
        if (requests.count() == 0) {
            out.append("**").append(capitalized(what)).append(" had no spans** between ").append(span).append(".");
            return;
        }
        double seconds = Math.max(1, window.length().toSeconds());
        switch (asked.kind()) {
            case COUNT -> {
                switch (asked.measure()) {
                    case "errors" -> out.append("**").append(capitalized(what)).append(": ").append(count(requests.errors()))
                            .append(" failed ").append(unit).append("** between ").append(span).append(", ")
                            .append(percent(requests.errorRate())).append(" of ").append(count(requests.count()))
                            .append(".");
                    case "spans" -> out.append("**").append(capitalized(what)).append(": ")
                            .append(count(all == null ? requests.count() : all.count())).append(" spans** between ")
                            .append(span).append(all == null || all == requests ? "." : ", " + count(requests.count())
                            + " of them " + unit + ".");
                    default -> out.append("**").append(capitalized(what)).append(": ").append(count(requests.count())).append(" ")
                            .append(unit).append("** between ").append(span).append(" (about ")
                            .append(rate(requests.count() / seconds)).append(" a second), ")
                            .append(count(requests.errors())).append(" of them failed (")
                            .append(percent(requests.errorRate())).append(").");
                }
            }
            case RATE -> {
                if (asked.measure().equals("throughput")) {
                    out.append("**").append(capitalized(what)).append(": ").append(rate(requests.count() / seconds))
                            .append(" requests a second** (").append(rate(requests.count() * 60 / seconds))
                            .append(" a minute) between ").append(span).append(": ").append(count(requests.count()))
                            .append(" ").append(unit).append(".");
                } else {
                    out.append("**Error rate of ").append(what).append(": ").append(percent(requests.errorRate()))
                            .append("** between ").append(span).append(": ").append(count(requests.errors()))
                            .append(" of ").append(count(requests.count())).append(" ").append(unit).append(" failed.");
                }
            }
            default -> {
                String measure = asked.measure().equals("all") ? "p99" : asked.measure();
                String label = measure.equals("avg") ? "Average latency" : measure.equals("max") ? "Longest request"
                        : measure.equals("p999") ? "p99.9 latency" : measure + " latency";
                if (Double.isNaN(requests.measure(measure))) {
                    out.append("The aggregate tool gives p50, p90, p95, p99, average and maximum, not ").append(measure)
                            .append(". ");
                    measure = "p99";
                    label = "p99 latency";
                }
                out.append("**").append(label).append(" of ").append(what).append(": ")
                        .append(ms(requests.measure(measure))).append(" ms** over its ").append(count(requests.count()))
                        .append(" ").append(unit).append(" between ").append(span).append(".");
            }
        }
        out.append("\n\n- Latency: p50 ").append(ms(requests.p50())).append(" ms · p90 ").append(ms(requests.p90()))
                .append(" ms · p95 ").append(ms(requests.p95())).append(" ms · p99 ").append(ms(requests.p99()))
                .append(" ms · max ").append(ms(requests.max())).append(" ms (average ").append(ms(requests.avg()))
                .append(" ms).\n- Errors: ").append(count(requests.errors())).append(" of ")
                .append(count(requests.count())).append(" (").append(percent(requests.errorRate())).append("); ")
                .append(rate(requests.count() * 60 / seconds)).append(" ").append(resolved.endpoint() || requestsAreServerSpans
                        || resolved.service() == null ? "requests" : "spans").append(" a minute on average.\n");
        if (all != null && all != requests && all.count() != requests.count()) {
            out.append("- All ").append(count(all.count())).append(" spans of ").append(what)
                    .append(resolved.service() == null ? "" : " (with its database, cache and outgoing calls)")
                    .append(": p50 ").append(ms(all.p50())).append(" ms, p99 ").append(ms(all.p99()))
                    .append(" ms, ").append(count(all.errors())).append(" errors (").append(percent(all.errorRate()))
                    .append(").\n");
        }
        for (TraceExample example : examples.stream().limit(2).toList()) {
            out.append("- Example: trace `").append(example.traceId()).append("`, ").append(example.rootService())
                    .append(" `").append(example.rootOperation()).append("`, ").append(ms(example.durationMs()))
                    .append(" ms").append(example.errorCount() > 0 ? ", " + example.errorCount() + " failed span"
                            + (example.errorCount() == 1 ? "" : "s") : "").append(".\n");
        }
        if (resolved.service() == null && !resolved.endpoint() && !resolved.services().isEmpty()) {
            out.append("- These are for the whole project; ask about one of its services ("
                    + InvestigationReport.codes(resolved.services().stream().limit(8).toList())
                    + ") or an endpoint for its own figures.\n");
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() || !Character.isLowerCase(text.charAt(0)) ? text
                : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A rate with as many decimals as it needs to say something: 1,234 · 12.3 · 0.123. */
    static String rate(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : value >= 1 ? "%.2f" : "%.3f", value);
    }
}
