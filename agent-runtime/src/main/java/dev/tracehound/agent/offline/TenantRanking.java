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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which tenant (customer, account, org …) is most affected: the failing spans (or, when the
 * question is about slowness or nothing fails, the slowest 5%) are compared with the rest by
 * BubbleUp, whose dimensions tell which tenant-like attributes the data has; the spans are then
 * counted per value of each, and the values ranked by how many of them failed or were slow.
 */
final class TenantRanking {

    /** An attribute key that names who a request is for: its last part, or the part before an id or a name. */
    private static final Pattern TENANT_KEY = Pattern.compile("(?:^|[._])(tenant|customer|account|org|organi[sz]ation"
            + "|workspace|team|company|merchant|client|user|enduser|subscriber|plan|project|shop|store)"
            + "(?:[._](?:id|name|slug|key|uuid|tier|plan)|$)");
    /** The keys people most often give tenants, tried when BubbleUp shows none. */
    private static final List<String> CONVENTIONAL = List.of("tenant.id", "customer.id", "account.id", "org.id",
            "organization.id", "enduser.id", "user.id");
    private static final int KEYS = 4;
    private static final int LISTED = 5;

    /** A tenant-like attribute: its key, whether it is a resource's, and BubbleUp's score of it (0 when unknown). */
    record TenantKey(String key, boolean resource, double score) {

        String groupBy() {
            return resource ? "resource:" + key : key;
        }
    }

    record Tenant(String value, long selected, Measured all) {}

    private final Asked asked;
    private final PlanSteps steps;
    private Measured overall;
    private boolean bySlowness;
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
    }

    Step next() {
        var calls = new ArrayList<PlannedCall>();
        calls.add(new PlannedCall(1, "overall", "aggregate", within(asked.window())));
        if (!asked.measure().equals("latency")) {
            calls.add(new PlannedCall(1, "errbubble", "bubbleup", bubble(selection("error", 0))));
        }
        Optional<Step> step = steps.need("Comparing the failing spans of " + window(asked.window())
                + " with the rest, to find the tenant-like attributes.", calls);
        if (step.isPresent()) {
            return step.get();
        }
        Outcome total = steps.results().usable("overall", "the spans of the time asked");
        if (total == null) {
            return new Step.Answer(answer());
        }
        overall = Measured.of(total.data().path("groups").path(0));
        bySlowness = asked.measure().equals("latency") || overall.errors() == 0;
        if (overall.count() == 0) {
            return new Step.Answer(answer());
        }
        String bubbleLabel = "errbubble";
        if (bySlowness) {
            slowMs = Double.isNaN(overall.p95()) ? 0 : Math.floor(overall.p95());
            bubbleLabel = "slowbubble";
            step = steps.need("Comparing the slowest 5% of the spans (" + ms(slowMs) + " ms or longer) with the rest.",
                    List.of(new PlannedCall(2, "slowbubble", "bubbleup", bubble(selection(null, slowMs)))));
            if (step.isPresent()) {
                return step.get();
            }
        }
        keys = keys(bubbleLabel);
        step = steps.need("Counting the " + (bySlowness ? "slow" : "failing") + " spans per "
                + String.join(", ", keys.stream().map(TenantKey::key).toList()) + ".", countCalls());
        if (step.isPresent()) {
            return step.get();
        }
        rank();
        if (chosen == null || ranked.isEmpty()) {
            return new Step.Answer(answer());
        }
        step = steps.need("Counting all the spans of the " + Math.min(LISTED, ranked.size()) + " most affected values of `"
                + chosen.key() + "`.", totalCalls());
        if (step.isPresent()) {
            return step.get();
        }
        readTotals();
        if (tied() > 1) {
            return new Step.Answer(answer());
        }
        var search = within(asked.window());
        search.putArray("attributes").add(Target.attribute(chosen.key(), ranked.getFirst().value(), chosen.resource()));
        search.setAll(selection(bySlowness ? null : "error", slowMs));
        search.put("limit", 2);
        step = steps.need("Finding example traces of `" + chosen.key() + "=" + ranked.getFirst().value() + "`.",
                List.of(new PlannedCall(4, "example", "trace_search", search)));
        if (step.isPresent()) {
            return step.get();
        }
        Outcome found = steps.results().usable("example", "the example traces");
        if (found != null) {
            found.data().path("traces").forEach(t -> Examples.found(t).ifPresent(examples::add));
        }
        return new Step.Answer(answer());
    }

    private ObjectNode bubble(ObjectNode selection) {
        var bubble = within(asked.window());
        bubble.set("selection", selection);
        // Only the keys are needed from it: one value each keeps the result whole.
        return bubble.put("dimensions", 30).put("values", 1);
    }

    private static ObjectNode selection(String status, double minMs) {
        var selection = Investigation.NODES.objectNode();
        if (status != null) {
            selection.put("status", status);
        } else {
            selection.put("min_duration_ms", minMs);
        }
        return selection;
    }

    /** The tenant-like keys to count by: those BubbleUp shows, the question's word first, then conventional ones. */
    private List<TenantKey> keys(String bubbleLabel) {
        var found = new LinkedHashMap<String, TenantKey>();
        var named = Pattern.compile("\\b[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+\\b")
                .matcher(asked.scope().question().toLowerCase(java.util.Locale.ROOT));
        while (named.find()) {
            if (TENANT_KEY.matcher(named.group()).find()) {
                found.putIfAbsent(named.group(), new TenantKey(named.group(), false, 2));
            }
        }
        Outcome bubble = steps.results().has(bubbleLabel) ? steps.results().usable(bubbleLabel, "BubbleUp") : null;
        if (bubble != null) {
            for (JsonNode dimension : bubble.data().path("dimensions")) {
                String source = dimension.path("source").asString("");
                String key = dimension.path("key").asString("");
                if (!source.equals("field") && TENANT_KEY.matcher(key.toLowerCase(java.util.Locale.ROOT)).find()) {
                    found.putIfAbsent(key, new TenantKey(key, source.equals("resource_attribute"),
                            dimension.path("score").asDouble(0)));
                }
            }
        }
        for (String key : CONVENTIONAL) {
            found.putIfAbsent(key, new TenantKey(key, false, -1));
        }
        List<String> preferred = preferred(asked.tenantWord().orElse("tenant"));
        return found.values().stream()
                // Named in the question first; then what the question's word means closely (a "customer" is a
                // customer.id wherever it was found); then what BubbleUp showed; then conventional keys.
                .sorted(Comparator.comparing((TenantKey k) -> k.score() <= 1)
                        .thenComparing(k -> rank(k.key(), preferred) >= 2)
                        .thenComparing(k -> k.score() < 0)
                        .thenComparingInt(k -> rank(k.key(), preferred))
                        .thenComparingDouble(k -> -k.score()).thenComparing(TenantKey::key))
                .limit(KEYS).toList();
    }

    private static int rank(String key, List<String> preferred) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < preferred.size(); i++) {
            if (Pattern.compile("(?:^|[._])" + preferred.get(i) + "(?:[._]|$)").matcher(lower).find()) {
                return i;
            }
        }
        return preferred.size();
    }

    /** The key parts a question's word for a tenant stands for, the closest first. */
    private static List<String> preferred(String word) {
        return switch (word) {
            case "tenant" -> List.of("tenant", "customer", "account", "org", "organization", "workspace", "company",
                    "merchant");
            case "customer", "client" -> List.of("customer", "client", "account", "tenant", "org");
            case "account" -> List.of("account", "customer", "tenant", "org");
            case "org", "company" -> List.of("org", "organization", "organisation", "company", "tenant", "account");
            case "user", "subscriber" -> List.of("user", "enduser", "customer", "account");
            default -> List.of(word);
        };
    }

    private List<PlannedCall> countCalls() {
        var calls = new ArrayList<PlannedCall>();
        for (int i = 0; i < keys.size(); i++) {
            var selected = within(asked.window());
            selected.setAll(selection(bySlowness ? null : "error", slowMs));
            selected.putArray("group_by").add(keys.get(i).groupBy());
            selected.put("limit", 10);
            calls.add(new PlannedCall(3, "sel" + i, "aggregate", selected));
        }
        return calls;
    }

    /** All the spans of each of the values ranked first, for their share and latency. */
    private List<PlannedCall> totalCalls() {
        var calls = new ArrayList<PlannedCall>();
        for (int i = 0; i < Math.min(LISTED, ranked.size()); i++) {
            var all = within(asked.window());
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
                ranked.set(i, new Tenant(tenant.value(), tenant.selected(), Measured.of(total.data().path("groups").path(0))));
            }
        }
    }

    /** Chooses the first key (the closest to the question's word) that the selected spans have, and ranks its values. */
    private void rank() {
        for (int i = 0; i < keys.size() && chosen == null; i++) {
            TenantKey key = keys.get(i);
            Outcome selected = steps.results().usable("sel" + i, "the spans per " + key.key());
            if (selected == null) {
                continue;
            }
            var tenants = new ArrayList<Tenant>();
            long covered = 0;
            long total = selected.data().path("other").path("count").asLong(0);
            for (JsonNode group : selected.data().path("groups")) {
                String value = group.path("key").path(key.groupBy()).asString("");
                long count = group.path("count").asLong(0);
                total += count;
                if (!value.isEmpty()) {
                    covered += count;
                    tenants.add(new Tenant(value, count, Measured.NONE));
                }
            }
            boolean missingListed = false;
            for (JsonNode group : selected.data().path("groups")) {
                missingListed |= group.path("key").path(key.groupBy()).asString("").isEmpty();
            }
            if (missingListed) {
                // The spans without the key are a group of their own: "other" holds values only.
                covered += selected.data().path("other").path("count").asLong(0);
            }
            if (!tenants.isEmpty()) {
                chosen = key;
                selectedWithKey = covered;
                selectedTotal = total;
                ranked.clear();
                tenants.stream().sorted(Comparator.comparingLong((Tenant t) -> -t.selected()).thenComparing(Tenant::value))
                        .forEach(ranked::add);
            }
        }
    }

    /** How many values share the most selected spans. */
    private long tied() {
        return ranked.isEmpty() ? 0 : ranked.stream().filter(t -> t.selected() == ranked.getFirst().selected()).count();
    }

    private void table(StringBuilder out, String symptom) {
        out.append("\n\n| `").append(chosen.key()).append("` | ").append(symptom).append(" spans | spans | share | p99 |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (Tenant t : ranked.stream().limit(LISTED).toList()) {
            out.append("| ").append(t.value()).append(" | ").append(count(t.selected())).append(" | ")
                    .append(t.all().count() == 0 ? "?" : count(t.all().count())).append(" | ")
                    .append(t.all().count() == 0 ? "?" : percent((double) t.selected() / t.all().count()))
                    .append(" | ").append(ms(t.all().p99())).append(" ms |\n");
        }
    }

    String answer() {
        var out = new StringBuilder();
        String span = window(asked.window());
        String symptom = bySlowness ? "slow" : "failing";
        if (overall == null) {
            out.append("I could not read the spans of ").append(span).append(", so I cannot rank tenants.");
        } else if (overall.count() == 0) {
            out.append("I found no spans between ").append(span).append(", so no tenant was affected.");
        } else if (chosen == null || ranked.isEmpty()) {
            out.append("I found no tenant-like attribute on the ").append(symptom).append(" spans between ").append(span)
                    .append(": BubbleUp showed none, and none of ").append(InvestigationReport.codes(keys.stream()
                            .map(TenantKey::key).toList())).append(" has values there. If your spans name the tenant"
                            + " in another attribute, ask with its key, e.g. \"which `tenant.name` has the most errors?\"");
        } else {
            Tenant top = ranked.getFirst();
            String what = bySlowness ? "slow spans (" + ms(slowMs) + " ms or longer, the slowest 5%)" : "failing spans";
            long tied = tied();
            if (tied > 1) {
                out.append("**No single `").append(chosen.key()).append("` stands out:** ").append(tied)
                        .append(" of them have ").append(count(top.selected())).append(" ").append(what)
                        .append(" each, the most any has, between ").append(span).append(" (")
                        .append(count(selectedWithKey)).append(" of the ").append(count(selectedTotal)).append(" ")
                        .append(symptom).append(" spans have a `").append(chosen.key()).append("`).");
                table(out, symptom);
                return out.append(steps.notes()).toString().strip();
            }
            out.append("**`").append(chosen.key()).append("=").append(top.value()).append("` is the most affected: ")
                    .append(count(top.selected())).append(" ").append(what);
            if (top.all().count() > 0) {
                out.append(", ").append(percent((double) top.selected() / top.all().count())).append(" of its ")
                        .append(count(top.all().count())).append(" spans");
            }
            out.append("**, between ").append(span).append(". That is ")
                    .append(percent(selectedTotal == 0 ? 0 : (double) top.selected() / selectedTotal)).append(" of all ")
                    .append(count(selectedTotal)).append(" ").append(symptom).append(" spans");
            if (asked.measure().equals("any") && bySlowness && overall.errors() == 0) {
                out.append(" (nothing failed, so I ranked by slowness)");
            }
            out.append(".");
            table(out, symptom);
            if (selectedWithKey < selectedTotal) {
                out.append("\n").append(count(selectedTotal - selectedWithKey)).append(" of the ").append(symptom)
                        .append(" spans have no `").append(chosen.key()).append("`.");
            }
            for (TraceExample example : examples.stream().limit(2).toList()) {
                out.append("\n- Example: trace `").append(example.traceId()).append("`, ").append(example.rootService())
                        .append(" `").append(example.rootOperation()).append("`, ").append(ms(example.durationMs()))
                        .append(" ms").append(example.errorCount() > 0 ? ", " + example.errorCount() + " failed spans"
                                : "").append(".");
            }
        }
        return out.append(steps.notes()).toString().strip();
    }
}
