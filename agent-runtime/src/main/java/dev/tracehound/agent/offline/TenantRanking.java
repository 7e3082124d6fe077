package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.InvestigationReport.count;
import static dev.tracehound.agent.offline.InvestigationReport.ms;
import static dev.tracehound.agent.offline.InvestigationReport.percent;
import static dev.tracehound.agent.offline.InvestigationReport.window;

import dev.tracehound.agent.offline.Findings.TraceExample;
import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.Investigation.Step;
import dev.tracehound.agent.offline.TenantKeys.TenantKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which tenant (customer, account, org …) is most affected, or sends the most: within what the
 * question names (a service or an endpoint, else the whole project), a BubbleUp of the failing (or
 * slowest) spans shows which tenant-like keys the data has ({@link TenantKeys}); the spans are then
 * counted per value of the likeliest key that has values, and the values ranked by their failing
 * spans, their p95 or their spans, as asked.
 */
final class TenantRanking {

    private static final int LISTED = 5;
    /** Fewer spans than this tell too little about a tenant's p95 to rank it. */
    private static final int MIN_SPANS = 5;

    /** How tenants are ranked: by their failing spans, their latency, or how much they send. */
    enum Mode { ERRORS, LATENCY, VOLUME }

    /** A tenant: its value, the spans that rank it (failing ones, or all), and all its spans' figures. */
    record Tenant(String value, long selected, Measured all) {}

    private final Asked asked;
    private final PlanSteps steps;
    private final Target target;
    private Target.Resolved scope;
    private Measured overall;
    private Mode mode;
    private double slowMs;
    private List<TenantKey> keys = List.of();
    private TenantKey chosen;
    private final List<Tenant> ranked = new ArrayList<>();
    private long selectedWithKey;
    private long selectedTotal;
    private final List<TraceExample> examples = new ArrayList<>();

    TenantRanking(Asked asked, Map<String, Outcome> outcomes, Set<String> tools) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.target = new Target(asked, steps.results());
    }

    Step next() {
        Optional<Step> step = steps.need("Finding what the question is about in " + window(asked.window()) + ".",
                target.calls(1, "", asked.window()));
        if (step.isPresent()) {
            return step.get();
        }
        // What the question names that the data lacks leaves the whole project to rank.
        scope = target.read("").filter(r -> r.unmatched() == null).orElse(null);
        var calls = new ArrayList<PlannedCall>();
        calls.add(new PlannedCall(2, "overall", "aggregate", base()));
        calls.add(new PlannedCall(2, "errbubble", "bubbleup", bubble(selection(Mode.ERRORS))));
        step = steps.need("Comparing the failing spans of " + where() + " with the rest, to find the tenant-like"
                + " attributes.", calls);
        if (step.isPresent()) {
            return step.get();
        }
        Outcome total = steps.results().usable("overall", "the spans of the time asked");
        if (total == null) {
            return new Step.Answer(answer());
        }
        overall = Measured.of(total.data().path("groups").path(0));
        if (overall.count() == 0) {
            return new Step.Answer(answer());
        }
        mode = switch (asked.measure()) {
            case "latency" -> Mode.LATENCY;
            case "volume" -> Mode.VOLUME;
            default -> overall.errors() > 0 ? Mode.ERRORS : Mode.LATENCY;
        };
        slowMs = Double.isNaN(overall.p95()) ? 0 : Math.floor(overall.p95());
        String bubbleLabel = "errbubble";
        if (mode != Mode.ERRORS || overall.errors() == 0) {
            bubbleLabel = "slowbubble";
            step = steps.need("Comparing the slowest 5% of the spans (" + ms(slowMs) + " ms or longer) with the rest.",
                    List.of(new PlannedCall(3, "slowbubble", "bubbleup", bubble(selection(Mode.LATENCY)))));
            if (step.isPresent()) {
                return step.get();
            }
        }
        keys = TenantKeys.of(asked, steps.results().usable(bubbleLabel, "BubbleUp"));
        step = steps.need("Counting the spans per " + String.join(", ", keys.stream().map(TenantKey::key).toList())
                + ".", countCalls());
        if (step.isPresent()) {
            return step.get();
        }
        rank();
        if (chosen == null || ranked.isEmpty()) {
            return new Step.Answer(answer());
        }
        if (mode == Mode.ERRORS) {
            step = steps.need("Counting all the spans of the " + Math.min(LISTED, ranked.size())
                    + " most affected values of `" + chosen.key() + "`.", totalCalls());
            if (step.isPresent()) {
                return step.get();
            }
            readTotals();
        }
        if (tied() > 1) {
            return new Step.Answer(answer());
        }
        var search = base();
        search.putArray("attributes").add(Target.attribute(chosen.key(), ranked.getFirst().value(), chosen.resource()));
        search.setAll(mode == Mode.VOLUME ? Investigation.NODES.objectNode() : selection(mode));
        search.put("limit", 2);
        step = steps.need("Finding example traces of `" + chosen.key() + "=" + ranked.getFirst().value() + "`.",
                List.of(new PlannedCall(6, "example", "trace_search", search)));
        if (step.isPresent()) {
            return step.get();
        }
        Outcome found = steps.results().usable("example", "the example traces");
        if (found != null) {
            found.data().path("traces").forEach(t -> Examples.found(t).ifPresent(examples::add));
        }
        return new Step.Answer(answer());
    }

    /** The spans the question is about, in the time asked. */
    private ObjectNode base() {
        return scope == null ? Investigation.within(asked.window()) : scope.filter(asked.window());
    }

    private String where() {
        return (scope == null || scope.service() == null && !scope.endpoint() ? "" : scope.describe() + " in ")
                + window(asked.window());
    }

    private ObjectNode bubble(ObjectNode selection) {
        var bubble = base();
        bubble.set("selection", selection);
        // Only the keys are needed from it: one value each keeps the result whole.
        return bubble.put("dimensions", 30).put("values", 1);
    }

    private ObjectNode selection(Mode mode) {
        var selection = Investigation.NODES.objectNode();
        return mode == Mode.ERRORS ? selection.put("status", "error") : selection.put("min_duration_ms", slowMs);
    }

    private List<PlannedCall> countCalls() {
        var calls = new ArrayList<PlannedCall>();
        for (int i = 0; i < keys.size(); i++) {
            var counted = base();
            if (mode == Mode.ERRORS) {
                counted.setAll(selection(Mode.ERRORS));
            }
            counted.putArray("group_by").add(keys.get(i).groupBy());
            counted.put("limit", mode == Mode.LATENCY ? 50 : 10);
            calls.add(new PlannedCall(4, "sel" + i, "aggregate", counted));
        }
        return calls;
    }

    /** All the spans of each of the values ranked first, for their share and latency. */
    private List<PlannedCall> totalCalls() {
        var calls = new ArrayList<PlannedCall>();
        for (int i = 0; i < Math.min(LISTED, ranked.size()); i++) {
            var all = base();
            all.putArray("attributes").add(Target.attribute(chosen.key(), ranked.get(i).value(), chosen.resource()));
            calls.add(new PlannedCall(5, "total" + i, "aggregate", all));
        }
        return calls;
    }

    private void readTotals() {
        for (int i = 0; i < Math.min(LISTED, ranked.size()); i++) {
            Outcome total = steps.results().usable("total" + i, "the spans of " + chosen.key() + "="
                    + ranked.get(i).value());
            if (total != null) {
                Tenant tenant = ranked.get(i);
                ranked.set(i, new Tenant(tenant.value(), tenant.selected(), Measured.of(total.data().path("groups")
                        .path(0))));
            }
        }
    }

    /** Chooses the first key (the closest to the question's word) that the spans have, and ranks its values. */
    private void rank() {
        for (int i = 0; i < keys.size() && chosen == null; i++) {
            TenantKey key = keys.get(i);
            Outcome counted = steps.results().usable("sel" + i, "the spans per " + key.key());
            if (counted == null) {
                continue;
            }
            var tenants = new ArrayList<Tenant>();
            long covered = 0;
            long total = counted.data().path("other").path("count").asLong(0);
            boolean missingListed = false;
            for (JsonNode group : counted.data().path("groups")) {
                String value = group.path("key").path(key.groupBy()).asString("");
                long spans = group.path("count").asLong(0);
                total += spans;
                missingListed |= value.isEmpty();
                if (!value.isEmpty()) {
                    covered += spans;
                    tenants.add(new Tenant(value, spans, mode == Mode.ERRORS ? Measured.NONE : Measured.of(group)));
                }
            }
            if (missingListed) {
                // The spans without the key are a group of their own: "other" holds values only.
                covered += counted.data().path("other").path("count").asLong(0);
            }
            if (!tenants.isEmpty()) {
                chosen = key;
                selectedWithKey = covered;
                selectedTotal = total;
                tenants.stream().filter(t -> mode != Mode.LATENCY || t.selected() >= MIN_SPANS && !Double.isNaN(t.all().p95()))
                        .sorted(mode == Mode.LATENCY
                                ? Comparator.comparingDouble((Tenant t) -> -t.all().p95()).thenComparing(Tenant::value)
                                : Comparator.comparingLong((Tenant t) -> -t.selected()).thenComparing(Tenant::value))
                        .forEach(ranked::add);
            }
        }
    }

    /** How many values share the first place. */
    private long tied() {
        if (ranked.isEmpty()) {
            return 0;
        }
        Tenant first = ranked.getFirst();
        return ranked.stream().filter(t -> mode == Mode.LATENCY ? t.all().p95() == first.all().p95()
                : t.selected() == first.selected()).count();
    }

    String answer() {
        var out = new StringBuilder();
        if (overall == null) {
            out.append("I could not read the spans of ").append(window(asked.window())).append(", so I cannot rank tenants.");
        } else if (overall.count() == 0) {
            out.append("I found no spans of ").append(where()).append(", so there is no tenant to rank.");
        } else if (chosen == null || ranked.isEmpty()) {
            out.append("I found no tenant-like attribute on the spans of ").append(where())
                    .append(": BubbleUp showed none, and none of ").append(InvestigationReport.codes(keys.stream()
                            .map(TenantKey::key).toList())).append(" has values there. If your spans name the tenant"
                            + " in another attribute, ask with its key, e.g. \"which `tenant.name` has the most errors?\"");
        } else {
            ranking(out);
        }
        return out.append(steps.notes()).toString().strip();
    }

    private void ranking(StringBuilder out) {
        Tenant top = ranked.getFirst();
        String pair = "`" + chosen.key() + "=" + top.value() + "`";
        long tied = tied();
        if (tied > 1) {
            out.append("**No single `").append(chosen.key()).append("` stands out:** ").append(tied).append(" of them have ")
                    .append(mode == Mode.LATENCY ? "a p95 of " + ms(top.all().p95()) + " ms"
                            : count(top.selected()) + (mode == Mode.ERRORS ? " failing spans" : " spans") + " each")
                    .append(", the most any has, in ").append(where()).append(" (").append(count(selectedWithKey))
                    .append(" of the ").append(count(selectedTotal)).append(mode == Mode.ERRORS ? " failing" : "")
                    .append(" spans have a `").append(chosen.key()).append("`).");
        } else if (mode == Mode.ERRORS) {
            out.append("**").append(pair).append(" is the most affected: ").append(count(top.selected()))
                    .append(" failing spans");
            if (top.all().count() > 0) {
                out.append(", ").append(percent((double) top.selected() / top.all().count())).append(" of its ")
                        .append(count(top.all().count())).append(" spans");
            }
            out.append("**, in ").append(where()).append(". That is ")
                    .append(percent(selectedTotal == 0 ? 0 : (double) top.selected() / selectedTotal))
                    .append(" of all ").append(count(selectedTotal)).append(" failing spans.");
        } else if (mode == Mode.LATENCY) {
            out.append("**").append(pair).append(" sees the worst latency: p95 ").append(ms(top.all().p95()))
                    .append(" ms over its ").append(count(top.selected())).append(" spans**, against p95 ")
                    .append(ms(overall.p95())).append(" ms for all spans of ").append(where()).append(".");
            if (asked.measure().equals("any")) {
                out.append(" (Nothing failed, so I ranked by latency.)");
            }
        } else {
            out.append("**").append(pair).append(" sends the most: ").append(count(top.selected())).append(" spans, ")
                    .append(percent(overall.count() == 0 ? 0 : (double) top.selected() / overall.count()))
                    .append(" of all ").append(count(overall.count())).append("**, in ").append(where()).append(".");
        }
        out.append("\n\n| `").append(chosen.key()).append("` | ").append(mode == Mode.ERRORS ? "failing spans | " : "")
                .append("spans | ").append(mode == Mode.ERRORS ? "share failing | " : "").append("p95 | p99 |\n|---|")
                .append(mode == Mode.ERRORS ? "---:|" : "").append("---:|").append(mode == Mode.ERRORS ? "---:|" : "")
                .append("---:|---:|\n");
        for (Tenant t : ranked.stream().limit(LISTED).toList()) {
            boolean known = t.all().count() > 0;
            out.append("| ").append(t.value()).append(" | ");
            if (mode == Mode.ERRORS) {
                out.append(count(t.selected())).append(" | ").append(known ? count(t.all().count()) : "?").append(" | ")
                        .append(known ? percent((double) t.selected() / t.all().count()) : "?").append(" | ");
            } else {
                out.append(count(t.selected())).append(" | ");
            }
            out.append(ms(t.all().p95())).append(" ms | ").append(ms(t.all().p99())).append(" ms |\n");
        }
        if (mode == Mode.ERRORS && selectedWithKey < selectedTotal) {
            out.append("\n").append(count(selectedTotal - selectedWithKey)).append(" of the failing spans have no `")
                    .append(chosen.key()).append("`.");
        }
        for (TraceExample example : examples.stream().limit(2).toList()) {
            out.append("\n- Example: trace `").append(example.traceId()).append("`, ").append(example.rootService())
                    .append(" `").append(example.rootOperation()).append("`, ").append(ms(example.durationMs()))
                    .append(" ms").append(example.errorCount() > 0 ? ", " + example.errorCount() + " failed spans" : "")
                    .append(".");
        }
    }
}
