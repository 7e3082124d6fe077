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
    private static final int KEYS = 3;
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

    TenantRanking(Asked asked, Map<String, Outcome> outcomes, Set<String> tools, Instant now) {
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
        return bubble.put("dimensions", 30).put("values", 5);
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
                .sorted(Comparator.comparing((TenantKey k) -> k.score() <= 1)
                        .thenComparingInt(k -> rank(k.key(), preferred))
                        .thenComparing(k -> k.score() < 0)
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
            var all = within(asked.window());
            all.putArray("group_by").add(keys.get(i).groupBy());
            all.put("limit", 50);
            calls.add(new PlannedCall(3, "all" + i, "aggregate", all));
        }
        return calls;
    }

    /** Chooses the key that covers most of the selected spans and ranks its values. */
    private void rank() {
        long best = 0;
        for (int i = 0; i < keys.size(); i++) {
            TenantKey key = keys.get(i);
            Outcome selected = steps.results().usable("sel" + i, "the spans per " + key.key());
            if (selected == null) {
                continue;
            }
            var tenants = new ArrayList<Tenant>();
            long covered = 0;
            long total = selected.data().path("other").path("count").asLong(0);
            Map<String, Measured> all = totals(i, key);
            for (JsonNode group : selected.data().path("groups")) {
                String value = group.path("key").path(key.groupBy()).asString("");
                long count = group.path("count").asLong(0);
                total += count;
                if (!value.isEmpty()) {
                    covered += count;
                    tenants.add(new Tenant(value, count, all.getOrDefault(value, Measured.NONE)));
                }
            }
            covered += selected.data().path("other").path("count").asLong(0);
            if (!tenants.isEmpty() && covered > best) {
                best = covered;
                chosen = key;
                selectedWithKey = covered;
                selectedTotal = total;
                ranked.clear();
                tenants.stream().sorted(Comparator.comparingLong((Tenant t) -> -t.selected()).thenComparing(Tenant::value))
                        .forEach(ranked::add);
            }
        }
    }

    private Map<String, Measured> totals(int index, TenantKey key) {
        var totals = new LinkedHashMap<String, Measured>();
        Outcome all = steps.results().usable("all" + index, "the spans per " + key.key());
        if (all != null) {
            for (JsonNode group : all.data().path("groups")) {
                totals.put(group.path("key").path(key.groupBy()).asString(""), Measured.of(group));
            }
        }
        return totals;
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
            out.append(".\n\n| `").append(chosen.key()).append("` | ").append(symptom).append(" spans | spans | share | p99 |\n")
                    .append("|---|---:|---:|---:|---:|\n");
            for (Tenant t : ranked.stream().limit(LISTED).toList()) {
                out.append("| ").append(t.value()).append(" | ").append(count(t.selected())).append(" | ")
                        .append(t.all().count() == 0 ? "?" : count(t.all().count())).append(" | ")
                        .append(t.all().count() == 0 ? "?" : percent((double) t.selected() / t.all().count()))
                        .append(" | ").append(ms(t.all().p99())).append(" ms |\n");
            }
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
