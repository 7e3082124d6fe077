package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;
import static dev.tracehound.agent.offline.InvestigationReport.count;
import static dev.tracehound.agent.offline.InvestigationReport.window;

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

/**
 * LLM calls, tokens and cost over the time asked, per model (or per service and model), with the
 * costliest calls as examples. A model the question names is answered first.
 */
final class LlmSpend {

    /** A model's (or a service's model's) usage as llm_usage gives it. */
    record Usage(String service, String model, long calls, long inputTokens, long outputTokens, long cachedInputTokens,
            double costUsd) {

        static Usage of(JsonNode node) {
            JsonNode key = node.path("key");
            return new Usage(key.path("service").asString(""), key.path("llm_model").asString(""),
                    node.path("calls").asLong(0), node.path("input_tokens").asLong(0),
                    node.path("output_tokens").asLong(0), node.path("cached_input_tokens").asLong(0),
                    node.path("cost_usd").asDouble(0));
        }
    }

    record Call(String traceId, String service, String model, long inputTokens, long outputTokens, double costUsd) {}

    private final Asked asked;
    private final PlanSteps steps;
    private final Instant now;
    private TimeWindow window;
    private boolean widened;
    private Usage total;
    private final List<Usage> groups = new ArrayList<>();
    private final List<Call> costliest = new ArrayList<>();

    LlmSpend(Asked asked, Map<String, Outcome> outcomes, Set<String> tools, Instant now) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.now = now;
        this.window = asked.window();
    }

    Step next() {
        Optional<Step> step = steps.need("Reading the LLM calls, tokens and cost per model in " + window(window) + ".",
                List.of(call(1, "", window)));
        if (step.isPresent()) {
            return step.get();
        }
        read("");
        if (total != null && total.calls() == 0 && !asked.windowAsked()) {
            window = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            widened = true;
            step = steps.need("No LLM calls in the last 24 hours; looking at the last 7 days.",
                    List.of(call(2, "7d", window)));
            if (step.isPresent()) {
                return step.get();
            }
            read("7d");
        }
        return new Step.Answer(answer());
    }

    private PlannedCall call(int phase, String suffix, TimeWindow window) {
        var usage = within(window);
        var groupBy = usage.putArray("group_by");
        if (asked.measure().equals("service")) {
            groupBy.add("service");
        }
        groupBy.add("llm_model");
        usage.put("limit", 20).put("calls", "costliest").put("calls_limit", 3);
        return new PlannedCall(phase, "usage" + suffix, "llm_usage", usage);
    }

    private void read(String suffix) {
        groups.clear();
        costliest.clear();
        total = null;
        Outcome outcome = steps.results().usable("usage" + suffix, "the LLM usage");
        if (outcome == null) {
            return;
        }
        total = Usage.of(outcome.data().path("total"));
        outcome.data().path("groups").forEach(group -> groups.add(Usage.of(group)));
        for (JsonNode call : outcome.data().path("calls")) {
            costliest.add(new Call(call.path("trace_id").asString(""), call.path("service").asString(""),
                    call.path("model").asString(""), call.path("input_tokens").asLong(0),
                    call.path("output_tokens").asLong(0), call.path("cost_usd").asDouble(0)));
        }
    }

    String answer() {
        var out = new StringBuilder();
        String span = window(window) + (widened ? " (the last 7 days: the last 24 hours had none)" : "");
        if (total == null) {
            out.append("I could not read the LLM usage, so I have no figures to give.");
        } else if (total.calls() == 0) {
            out.append("I found no LLM calls (spans with a gen_ai model) between ").append(span)
                    .append(", so there are no tokens or cost to report.");
        } else {
            List<String> models = groups.stream().map(Usage::model).filter(m -> !m.isEmpty()).distinct().toList();
            List<String> named = asked.scope().mentioned(models);
            if (!named.isEmpty()) {
                for (String model : named) {
                    Usage usage = sum(model);
                    out.append("**`").append(model).append("`: ").append(usd(usage.costUsd())).append(" over ")
                            .append(count(usage.calls())).append(" calls**, ").append(count(usage.inputTokens()))
                            .append(" input and ").append(count(usage.outputTokens())).append(" output tokens, between ")
                            .append(span).append(".\n\n");
                }
                out.append("All models together: ");
            } else {
                out.append("**LLM usage between ").append(span).append(": ");
            }
            out.append(usd(total.costUsd())).append(" over ").append(count(total.calls())).append(" calls, ")
                    .append(count(total.inputTokens())).append(" input tokens and ").append(count(total.outputTokens()))
                    .append(" output tokens").append(named.isEmpty() ? ".**" : ".");
            List<Usage> byModel = models.stream().map(this::sum)
                    .sorted(java.util.Comparator.comparingDouble((Usage u) -> -u.costUsd()).thenComparing(Usage::model))
                    .toList();
            if (named.isEmpty() && byModel.size() > 1 && total.costUsd() > 0) {
                Usage costliest = byModel.getFirst();
                out.append(" The costliest model is `").append(costliest.model()).append("`: ")
                        .append(usd(costliest.costUsd())).append(", ")
                        .append(InvestigationReport.percent(costliest.costUsd() / total.costUsd()))
                        .append(" of the cost, over ").append(count(costliest.calls())).append(" calls.");
            }
            if (total.cachedInputTokens() > 0) {
                out.append(" Of the input tokens, ").append(count(total.cachedInputTokens()))
                        .append(" were read from the prompt cache.");
            }
            boolean byService = groups.stream().anyMatch(g -> !g.service().isEmpty());
            out.append("\n\n| ").append(byService ? "service | " : "").append("model | calls | input tokens | output tokens"
                    + " | cost |\n|").append(byService ? "---|" : "").append("---|---:|---:|---:|---:|\n");
            for (Usage g : groups) {
                out.append("| ").append(byService ? g.service() + " | " : "").append("`").append(g.model()).append("` | ")
                        .append(count(g.calls())).append(" | ").append(count(g.inputTokens())).append(" | ")
                        .append(count(g.outputTokens())).append(" | ").append(usd(g.costUsd())).append(" |\n");
            }
            if (!costliest.isEmpty()) {
                out.append("\nThe costliest calls: ").append(String.join("; ", costliest.stream()
                        .map(c -> "trace `" + c.traceId() + "` (`" + c.model() + "` in `" + c.service() + "`, "
                                + count(c.inputTokens()) + " in / " + count(c.outputTokens()) + " out tokens, "
                                + usd(c.costUsd()) + ")").toList())).append(".\n");
            }
        }
        return out.append(steps.notes()).toString().strip();
    }

    private Usage sum(String model) {
        long calls = 0;
        long in = 0;
        long outTokens = 0;
        long cached = 0;
        double cost = 0;
        for (Usage g : groups) {
            if (g.model().equals(model)) {
                calls += g.calls();
                in += g.inputTokens();
                outTokens += g.outputTokens();
                cached += g.cachedInputTokens();
                cost += g.costUsd();
            }
        }
        return new Usage("", model, calls, in, outTokens, cached, cost);
    }

    /** US dollars with the cents, or with 4 significant digits below a dollar. */
    static String usd(double value) {
        if (value >= 1) {
            return String.format(Locale.ROOT, "$%,.2f", value);
        }
        if (value == 0) {
            return "$0";
        }
        return "$" + new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }
}
