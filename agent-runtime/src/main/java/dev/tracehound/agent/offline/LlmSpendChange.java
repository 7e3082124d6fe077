package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;
import static dev.tracehound.agent.offline.InvestigationReport.count;
import static dev.tracehound.agent.offline.InvestigationReport.time;
import static dev.tracehound.agent.offline.InvestigationReport.window;
import static dev.tracehound.agent.offline.LlmSpend.usd;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.Investigation.Step;
import dev.tracehound.agent.offline.LlmSpend.Usage;
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
import tools.jackson.databind.JsonNode;

/**
 * Why LLM spend went up: the cost per time bucket over the time asked and before it tells when it
 * stepped up (from the time asked, or where the step is largest); the usage per service and model
 * before and since then tells which calls it comes from, and whether there are more of them or
 * each costs more (more tokens a call, another model).
 */
final class LlmSpendChange {

    /** The least rise of the cost an hour that counts as one. */
    private static final double MIN_RISE = 1.3;

    private final Asked asked;
    private final PlanSteps steps;
    private TimeWindow analysed;
    /** Where the calls start, when they start too late in the time analysed for its buckets to show a step. */
    private Instant callsStart;
    private Instant changeAt;
    private double[] costs = new double[0];
    private final Map<String, Usage> before = new LinkedHashMap<>();
    private final Map<String, Usage> after = new LinkedHashMap<>();
    private final List<LlmSpend.Call> costliest = new ArrayList<>();
    private LlmCallAttribute newInCalls;
    private boolean read;

    LlmSpendChange(Asked asked, Map<String, Outcome> outcomes, Set<String> tools) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.analysed = asked.scope().analysis();
    }

    Step next() {
        var series = within(analysed).put("time_series", true).put("limit", 10);
        series.putArray("group_by").add("service").add("llm_model");
        Optional<Step> step = steps.need("Reading the LLM cost per service and model over " + window(analysed) + ".",
                List.of(new PlannedCall(1, "spendseries", "llm_usage", series)));
        if (step.isPresent()) {
            return step.get();
        }
        Outcome outcome = steps.results().usable("spendseries", "the LLM usage over time");
        if (outcome == null) {
            return new Step.Answer(answer());
        }
        read = true;
        changeAt = changeAt(outcome.data());
        if (callsStart != null) {
            analysed = new TimeWindow(callsStart, analysed.to());
            var near = within(analysed).put("time_series", true).put("limit", 10);
            near.putArray("group_by").add("service").add("llm_model");
            step = steps.need("The LLM calls start at " + time(callsStart) + "; reading their cost in finer buckets.",
                    List.of(new PlannedCall(2, "spendnear", "llm_usage", near)));
            if (step.isPresent()) {
                return step.get();
            }
            outcome = steps.results().usable("spendnear", "the LLM usage over time since the calls start");
            if (outcome == null) {
                return new Step.Answer(answer());
            }
            callsStart = null;
            changeAt = changeAt(outcome.data());
        }
        if (changeAt == null) {
            return new Step.Answer(answer());
        }
        step = steps.need("Comparing the LLM calls before and since " + time(changeAt) + ", per service and model.",
                List.of(usage(3, "spendbefore", new TimeWindow(analysed.from(), changeAt), false),
                        usage(3, "spendafter", new TimeWindow(changeAt, analysed.to()), true)));
        if (step.isPresent()) {
            return step.get();
        }
        readUsage("spendbefore", before);
        readUsage("spendafter", after);
        return findNewAttribute();
    }

    /**
     * When the calls of the service that costs more did not change model, what else in them did: BubbleUp
     * of its LLM calls since the rise against those before, and of all its spans when none is marked as one.
     */
    private Step findNewAttribute() {
        List<String> keys = risers();
        if (keys.isEmpty() || !rose() || !changeAt.isAfter(analysed.from()) || after.get(keys.getFirst()) == null) {
            return new Step.Answer(answer());
        }
        String service = after.get(keys.getFirst()).service();
        String narration = "Comparing the LLM calls of `" + service + "` since " + time(changeAt)
                + " with those before, for what they carry that is new.";
        Optional<Step> step = steps.need(narration, List.of(callsSince(4, "spendcause", service, true)));
        if (step.isPresent()) {
            return step.get();
        }
        Outcome outcome = steps.results().usable("spendcause", "the comparison of the LLM calls before and since");
        if (outcome != null && outcome.data().path("selection_spans").asLong(0) == 0) {
            step = steps.need(narration, List.of(callsSince(5, "spendcauseall", service, false)));
            if (step.isPresent()) {
                return step.get();
            }
            outcome = steps.results().usable("spendcauseall", "the comparison of the spans before and since");
        }
        if (outcome != null) {
            newInCalls = LlmCallAttribute.find(outcome.data()).orElse(null);
        }
        return new Step.Answer(answer());
    }

    private PlannedCall callsSince(int phase, String label, String service, boolean llmCallsOnly) {
        var bubble = within(analysed).put("service", service);
        if (llmCallsOnly) {
            bubble.putArray("attributes").addObject().put("key", "gen_ai.request.model").put("op", "exists");
        }
        bubble.putObject("selection").put("from", changeAt.toString());
        bubble.put("dimensions", 12).put("values", 3);
        return new PlannedCall(phase, label, "bubbleup", bubble);
    }

    private static PlannedCall usage(int phase, String label, TimeWindow window, boolean withCalls) {
        var usage = within(window).put("limit", 20);
        usage.putArray("group_by").add("service").add("llm_model");
        if (withCalls) {
            usage.put("calls", "costliest").put("calls_limit", 3);
        }
        return new PlannedCall(phase, label, "llm_usage", usage);
    }

    /**
     * Where the cost stepped up: the start of the time asked when there is time before it, else
     * the split of the buckets where the cost after is highest above the cost before; null when
     * the data has no LLM cost.
     */
    private Instant changeAt(JsonNode data) {
        JsonNode buckets = data.path("buckets");
        costs = new double[buckets.size()];
        for (JsonNode series : data.path("series")) {
            JsonNode cost = series.path("cost_usd");
            for (int i = 0; i < costs.length && i < cost.size(); i++) {
                costs[i] += cost.path(i).asDouble(0);
            }
        }
        JsonNode other = data.path("other").path("cost_usd");
        for (int i = 0; i < costs.length && i < other.size(); i++) {
            costs[i] += other.path(i).asDouble(0);
        }
        double total = 0;
        for (double cost : costs) {
            total += cost;
        }
        if (total <= 0 || costs.length < 2) {
            return null;
        }
        Optional<TimeWindow> timeAsked = asked.scope().asked();
        if (timeAsked.isPresent() && timeAsked.get().from().isAfter(analysed.from())) {
            return timeAsked.get().from();
        }
        int margin = Math.max(2, costs.length / 12);
        int firstCost = 0;
        while (costs[firstCost] <= 0) {
            firstCost++;
        }
        // Before the first call there is no spend to rise from: the step is among the buckets with calls.
        int best = bestSplit(firstCost, margin, total);
        if (best < 0 && firstCost > 0 && !buckets.path(firstCost).asString("").isEmpty()) {
            callsStart = ToolResults.instant(buckets.path(firstCost).asString(""));
        }
        if (best < 0) {
            best = bestSplit(0, margin, total);
        }
        return best < 0 ? null : ToolResults.instant(buckets.path(best).asString(""));
    }

    /** The split of the buckets from {@code first} where the mean cost after is highest above the mean before. */
    private int bestSplit(int first, int margin, double total) {
        int best = -1;
        double bestScore = 0;
        for (int split = first + margin; split <= costs.length - margin; split++) {
            double meanBefore = mean(first, split);
            double meanAfter = mean(split, costs.length);
            double score = (meanAfter - meanBefore) / Math.max(meanBefore, total / costs.length / 10);
            if (score > bestScore) {
                bestScore = score;
                best = split;
            }
        }
        return best;
    }

    private double mean(int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += costs[i];
        }
        return to > from ? sum / (to - from) : 0;
    }

    private void readUsage(String label, Map<String, Usage> into) {
        Outcome outcome = steps.results().usable(label, "the LLM usage " + (label.endsWith("before") ? "before" : "since"));
        if (outcome == null) {
            return;
        }
        outcome.data().path("groups").forEach(group -> {
            Usage usage = Usage.of(group);
            into.put(usage.service() + "\u0000" + usage.model(), usage);
        });
        for (JsonNode call : outcome.data().path("calls")) {
            costliest.add(new LlmSpend.Call(call.path("trace_id").asString(""), call.path("service").asString(""),
                    call.path("model").asString(""), call.path("input_tokens").asLong(0),
                    call.path("output_tokens").asLong(0), call.path("cost_usd").asDouble(0)));
        }
    }

    String answer() {
        var out = new StringBuilder();
        if (!read) {
            out.append("I could not read the LLM usage, so I cannot say what changed in it.");
        } else if (changeAt == null) {
            out.append("I found no LLM cost between ").append(window(analysed))
                    .append(": no calls with a gen_ai model and a price, so nothing to explain.");
        } else {
            explain(out);
        }
        return out.append(steps.notes()).toString().strip();
    }

    private double costAnHour(Map<String, Usage> usage, Instant from, Instant to) {
        return usage.values().stream().mapToDouble(Usage::costUsd).sum() / hours(from, to);
    }

    private boolean rose() {
        double costAfter = costAnHour(after, changeAt, analysed.to());
        return costAfter >= costAnHour(before, analysed.from(), changeAt) * MIN_RISE && costAfter > 0;
    }

    /** The services' models, the one whose cost an hour rose most first. */
    private List<String> risers() {
        double hoursBefore = hours(analysed.from(), changeAt);
        double hoursAfter = hours(changeAt, analysed.to());
        var keys = new ArrayList<String>(after.keySet());
        before.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        keys.sort(Comparator.comparingDouble((String k) -> -(rate(after.get(k), hoursAfter, Usage::costUsd)
                - rate(before.get(k), hoursBefore, Usage::costUsd))).thenComparing(Comparator.naturalOrder()));
        return keys;
    }

    private void explain(StringBuilder out) {
        double hoursBefore = hours(analysed.from(), changeAt);
        double hoursAfter = hours(changeAt, analysed.to());
        double costBefore = costAnHour(before, analysed.from(), changeAt);
        double costAfter = costAnHour(after, changeAt, analysed.to());
        boolean rose = rose();
        out.append(rose ? "**LLM spend went up from about " + time(changeAt) + ": " : "**LLM spend did not go up notably at "
                + time(changeAt) + ": ").append(usd(costBefore)).append(" → ").append(usd(costAfter)).append(" an hour");
        if (rose && costBefore > 0) {
            out.append(" (×").append(String.format(java.util.Locale.ROOT, "%.1f", costAfter / costBefore)).append(")");
        }
        out.append(".**");
        List<String> keys = risers();
        if (!keys.isEmpty() && rose) {
            String top = keys.getFirst();
            Usage now = after.get(top);
            Usage then = before.get(top);
            if (now != null) {
                out.append(" It comes from `").append(now.service()).append("` calling `").append(now.model()).append("`: ")
                        .append(usd(rate(then, hoursBefore, Usage::costUsd))).append(" → ")
                        .append(usd(rate(now, hoursAfter, Usage::costUsd))).append(" an hour");
                if (then == null || then.calls() == 0) {
                    out.append("; `").append(now.model()).append("` is new there since then");
                    before.values().stream().filter(u -> u.service().equals(now.service()))
                            .filter(u -> !after.containsKey(u.service() + "\u0000" + u.model()))
                            .findFirst().ifPresent(u -> out.append(", replacing `").append(u.model()).append("`"));
                } else {
                    out.append("; ").append(why(then, now, hoursBefore, hoursAfter));
                }
                out.append(".");
            }
        }
        if (newInCalls != null && rose) {
            out.append("\n\n**Likely cause: the calls since ").append(time(changeAt)).append(" carry `")
                    .append(newInCalls.pair()).append("`** (").append(InvestigationReport.percent(newInCalls.shareSince()))
                    .append(" of them, ").append(InvestigationReport.percent(newInCalls.shareBefore()))
                    .append(" of those before): a new `").append(newInCalls.key()).append("` came in when the spend rose.");
        }
        out.append("\n\nPer service and model, before and since ").append(time(changeAt)).append(":\n\n")
                .append("| service | model | cost an hour | calls an hour | input tokens a call | output tokens a call |\n")
                .append("|---|---|---:|---:|---:|---:|\n");
        for (String key : keys.stream().limit(6).toList()) {
            Usage then = before.get(key);
            Usage now = after.get(key);
            Usage any = now != null ? now : then;
            out.append("| ").append(any.service()).append(" | `").append(any.model()).append("` | ")
                    .append(usd(rate(then, hoursBefore, Usage::costUsd))).append(" → ")
                    .append(usd(rate(now, hoursAfter, Usage::costUsd))).append(" | ")
                    .append(Measures.rate(rate(then, hoursBefore, u -> u.calls()))).append(" → ")
                    .append(Measures.rate(rate(now, hoursAfter, u -> u.calls()))).append(" | ")
                    .append(perCall(then, true)).append(" → ").append(perCall(now, true)).append(" | ")
                    .append(perCall(then, false)).append(" → ").append(perCall(now, false)).append(" |\n");
        }
        if (!costliest.isEmpty()) {
            out.append("\nThe costliest calls since then: ").append(String.join("; ", costliest.stream()
                    .map(c -> "trace `" + c.traceId() + "` (`" + c.model() + "` in `" + c.service() + "`, "
                            + count(c.inputTokens()) + " in / " + count(c.outputTokens()) + " out tokens, "
                            + usd(c.costUsd()) + ")").toList())).append(".\n");
        }
    }

    /** Whether the calls got more, or each got dearer, and by what: the tokens a call. */
    private static String why(Usage then, Usage now, double hoursBefore, double hoursAfter) {
        double callsBefore = then.calls() / hoursBefore;
        double callsAfter = now.calls() / hoursAfter;
        double inBefore = (double) then.inputTokens() / then.calls();
        double inAfter = now.calls() == 0 ? 0 : (double) now.inputTokens() / now.calls();
        double outBefore = (double) then.outputTokens() / then.calls();
        double outAfter = now.calls() == 0 ? 0 : (double) now.outputTokens() / now.calls();
        var reasons = new ArrayList<String>();
        if (callsAfter >= callsBefore * MIN_RISE) {
            reasons.add("more calls (" + Measures.rate(callsBefore) + " → " + Measures.rate(callsAfter) + " an hour)");
        }
        if (inAfter >= inBefore * MIN_RISE) {
            reasons.add("more input tokens a call (" + count(Math.round(inBefore)) + " → " + count(Math.round(inAfter)) + ")");
        }
        if (outAfter >= outBefore * MIN_RISE) {
            reasons.add("more output tokens a call (" + count(Math.round(outBefore)) + " → " + count(Math.round(outAfter))
                    + ")");
        }
        return reasons.isEmpty() ? "neither the calls nor their tokens rose much on their own"
                : String.join(" and ", reasons);
    }

    private static String perCall(Usage usage, boolean input) {
        if (usage == null || usage.calls() == 0) {
            return "–";
        }
        return count(Math.round((double) (input ? usage.inputTokens() : usage.outputTokens()) / usage.calls()));
    }

    private static double rate(Usage usage, double hours, java.util.function.ToDoubleFunction<Usage> what) {
        return usage == null ? 0 : what.applyAsDouble(usage) / hours;
    }

    private static double hours(Instant from, Instant to) {
        return Math.max(1.0 / 60, Duration.between(from, to).toSeconds() / 3600.0);
    }
}
