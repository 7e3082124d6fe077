package dev.tracehound.evals.run;

import dev.tracehound.evals.generate.Generated;
import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import java.util.Locale;

/**
 * The answers a perfect agent would give: every fact a question expects, figures in the units
 * people write them in, and a trace that counts as evidence. What the suite's scoring is tested
 * with: a scenario such an answer fails is a broken scenario, not a weak agent.
 */
final class OracleAnswers {

    private OracleAnswers() {
    }

    static String answer(Question question, Generated generated) {
        var text = new StringBuilder("Here is what the telemetry shows.");
        for (Fact fact : question.mustContain()) {
            text.append("\n- ").append(fact.truth() == null ? fact.anyOf().getFirst()
                    : figure(fact.truth().measure(), generated.truth(fact.truth())));
        }
        if (question.evidence() != null) {
            generated.evidenceTraces(question.evidence()).stream().sorted().findFirst()
                    .ifPresent(trace -> text.append("\n- Example trace: ").append(trace));
        }
        return text.toString();
    }

    static String figure(String measure, double value) {
        return switch (measure) {
            case "error-rate" -> String.format(Locale.ROOT, "an error rate of %.2f%%", value * 100);
            case "p50", "p95", "p99" -> String.format(Locale.ROOT, "%s of %.1f ms", measure, value);
            case "cost" -> String.format(Locale.ROOT, "a cost of $%.4f", value);
            default -> String.format(Locale.ROOT, "%,d %s", Math.round(value), measure.replace('-', ' '));
        };
    }
}
