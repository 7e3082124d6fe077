package dev.tracehound.evals.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Selector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerScorerTest {

    private static final String FAULTY = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String HEALTHY = "00f067aa0ba902b700f067aa0ba902b7";
    private static final Fact.Truth ERROR_RATE = new Fact.Truth("error-rate", Selector.service("payments"), 50, 40);
    private static final Fact.Truth P99 = new Fact.Truth("p99", Selector.operation("search", "GET /search"), null, null);
    private static final Fact.Truth COUNT = new Fact.Truth("count", Selector.service("search"), null, null);
    private static final Fact.Truth COST = new Fact.Truth("cost", Selector.service("assistant"), null, null);

    /** Truths and traces as a scenario's generated telemetry would give them. */
    private static final Expected EXPECTED = new Expected() {
        private final Map<Fact.Truth, Double> truths = Map.of(ERROR_RATE, 0.4213, P99, 1840.0, COUNT, 12_345.0, COST, 3.87);

        @Override
        public double truth(Fact.Truth truth) {
            return truths.get(truth);
        }

        @Override
        public Set<String> evidenceTraces(Question.Evidence evidence) {
            return Set.of(FAULTY);
        }

        @Override
        public boolean traceExists(String traceId) {
            return traceId.equals(FAULTY) || traceId.equals(HEALTHY);
        }
    };

    private static Question incident() {
        return new Question("Why did refunds start failing?", "incident",
                List.of(Fact.text("payments"), Fact.text("payment.provider=stripe_v3"), Fact.number(ERROR_RATE, 0.15)),
                List.of(Fact.text("checkout 2.3.1", "2.3.1")), List.of(),
                new Question.Evidence(true, Selector.service("payments"), 50, 40), null);
    }

    private static Question question(String kind, List<Fact> facts, String... onTopic) {
        return new Question("How much?", kind, facts, List.of(), List.of(onTopic), null, null);
    }

    @Test
    void anAnswerWithEveryFactAndATraceThatCountsIsCorrect() {
        String answer = """
                **Refunds fail in `payments`**: about 42%% of its spans fail since 14:10 UTC, all of them with
                **payment.provider** = `stripe_v3`. Example: trace %s.""".formatted(FAULTY);

        QuestionScore score = AnswerScorer.score(incident(), answer, EXPECTED);

        assertThat(score.outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(score.relevantCited()).isEqualTo(1);
    }

    @Test
    void theValueAloneSaysAKeyValueFactButAPartOfANameDoesNot() {
        assertThat(new AnswerText("the stripe_v3 provider fails").mentions("payment.provider=stripe_v3")).isTrue();
        assertThat(new AnswerText("payment.provider = `stripe_v3`").mentions("payment.provider=stripe_v3")).isTrue();
        assertThat(new AnswerText("the stripe_v31 provider").mentions("payment.provider=stripe_v3")).isFalse();
        assertThat(new AnswerText("stripe_v3 fails").mentions("v3")).isFalse();
        assertThat(new AnswerText("version 2.3.1 shipped").mentions("2.3")).isFalse();
        assertThat(new AnswerText("version 2.3.1.").mentions("2.3.1")).isTrue();
        assertThat(new AnswerText("the Payments service").mentions("payments")).isTrue();
    }

    @Test
    void aMissingFactAWrongClaimOrNoValidTraceMakesItWrong() {
        String withoutRate = "payments fails on stripe_v3, see " + FAULTY;
        String naming = "payments fails at 42% on stripe_v3 since checkout 2.3.1 shipped, see " + FAULTY;
        String healthyTrace = "payments fails at 42% on stripe_v3, see " + HEALTHY;
        String invented = "payments fails at 42% on stripe_v3, see " + FAULTY + " and " + "ab".repeat(16);

        QuestionScore missing = AnswerScorer.score(incident(), withoutRate, EXPECTED);
        assertThat(missing.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(missing.missing()).singleElement().asString().startsWith("error-rate of payments").endsWith("0.4213");
        assertThat(AnswerScorer.score(incident(), naming, EXPECTED).falseClaims()).containsExactly("checkout 2.3.1 | 2.3.1");
        QuestionScore irrelevant = AnswerScorer.score(incident(), healthyTrace, EXPECTED);
        assertThat(irrelevant.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(irrelevant.evidenceValid()).isFalse();
        QuestionScore made = AnswerScorer.score(incident(), invented, EXPECTED);
        assertThat(made.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(made.unknownTraces()).containsExactly("ab".repeat(16));
    }

    @Test
    void figuresAreReadInTheirUnits() {
        Question p99 = question("percentile", List.of(Fact.number(P99, 0.15)), "p99");
        Question count = question("count", List.of(Fact.number(COUNT, 0.05)), "requests");
        Question cost = question("llm-usage", List.of(Fact.number(COST, 0.1)), "cost");

        assertThat(AnswerScorer.score(p99, "The p99 is 1.9 s.", EXPECTED).outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(AnswerScorer.score(p99, "The p99 is 1,790 ms.", EXPECTED).outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(AnswerScorer.score(p99, "The p99 is 2.5 s.", EXPECTED).outcome()).isEqualTo(Outcome.WRONG);
        assertThat(AnswerScorer.score(count, "search served 12,301 requests", EXPECTED).outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(AnswerScorer.score(count, "search served 12.3k requests", EXPECTED).outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(AnswerScorer.score(cost, "cost: $3.91 over 120 calls", EXPECTED).outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(AnswerScorer.score(incident(), "payments: 42.1 % fail on stripe_v3 " + FAULTY, EXPECTED).outcome())
                .isEqualTo(Outcome.CORRECT);
    }

    @Test
    void sayingItCannotAnswerIsDeclinedAndAnsweringSomethingElseIsOffTopic() {
        Question usage = question("llm-usage", List.of(Fact.text("gpt-4o")), "token", "cost", "$");

        assertThat(AnswerScorer.score(usage, "I can't answer that without a configured model. I can answer instead: "
                + "counts, latencies.", EXPECTED).outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(AnswerScorer.score(usage, "## Likely cause\n`checkout` 2.3.1 was deployed at 14:10 and is slow.",
                EXPECTED).outcome()).isEqualTo(Outcome.OFF_TOPIC);
        assertThat(AnswerScorer.score(usage, "claude-3 used 1.2M tokens", EXPECTED).outcome()).isEqualTo(Outcome.WRONG);
        assertThat(AnswerScorer.score(usage, "", EXPECTED).outcome()).isEqualTo(Outcome.FAILED);
    }
}
