package dev.tracehound.evals.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.generate.Generated;
import dev.tracehound.evals.generate.ScenarioLoader;
import dev.tracehound.evals.generate.TelemetryGenerator;
import dev.tracehound.evals.generate.TelemetrySink;
import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.score.AnswerScorer;
import dev.tracehound.evals.score.Expected;
import dev.tracehound.evals.score.Outcome;
import dev.tracehound.evals.template.Suite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every scenario of the suite can be answered correctly, and is scored so: a perfect answer passes
 * each one, the same answer also naming what it must not claim fails, and a decline is a decline.
 */
class SuiteScoringTest {

    private static Expected expected(Generated generated, Scenario scenario) {
        Set<String> known = new HashSet<>();
        scenario.questions().stream().map(Question::evidence).filter(e -> e != null)
                .forEach(e -> known.addAll(generated.evidenceTraces(e)));
        return new Expected() {
            @Override
            public double truth(Fact.Truth truth) {
                return generated.truth(truth);
            }

            @Override
            public Set<String> evidenceTraces(Question.Evidence evidence) {
                return generated.evidenceTraces(evidence);
            }

            @Override
            public boolean traceExists(String traceId) {
                return known.contains(traceId);
            }
        };
    }

    @Test
    void aPerfectAnswerPassesEveryScenarioAndAFalseClaimOrADeclineDoesNot() {
        var wronglyScored = new ArrayList<String>();
        int questions = 0;
        int withFalseClaims = 0;
        for (Scenario scenario : Suite.generate(Suite.SEED)) {
            Generated generated = TelemetryGenerator.generate(scenario, ScenarioLoader.projectId(scenario),
                    TelemetrySink.discarding());
            Expected expected = expected(generated, scenario);
            for (Question question : scenario.questions()) {
                questions++;
                String perfect = OracleAnswers.answer(question, generated);
                var score = AnswerScorer.score(question, perfect, expected);
                if (score.outcome() != Outcome.CORRECT) {
                    wronglyScored.add(scenario.name() + ": " + score.outcome() + ", missing " + score.missing()
                            + ", claims " + score.falseClaims() + "\n" + perfect);
                }
                if (!question.mustNotClaim().isEmpty()) {
                    withFalseClaims++;
                    String claiming = perfect + "\n- Also: " + question.mustNotClaim().getFirst().anyOf().getFirst();
                    assertThat(AnswerScorer.score(question, claiming, expected).outcome()).as(scenario.name())
                            .isNotEqualTo(Outcome.CORRECT);
                }
                assertThat(AnswerScorer.score(question, "I can't answer that without a configured model.", expected)
                        .outcome()).as(scenario.name()).isEqualTo(Outcome.DECLINED);
            }
        }
        assertThat(wronglyScored).as("scenarios a perfect answer fails").isEmpty();
        assertThat(questions).isGreaterThanOrEqualTo(150);
        assertThat(withFalseClaims).as("questions with something they must not claim").isGreaterThan(10);
    }

    @Test
    void aFigureOffByMoreThanItsToleranceIsWrong() {
        List<Scenario> withFigures = Suite.generate(Suite.SEED).stream()
                .filter(s -> s.questions().getFirst().mustContain().stream().anyMatch(f -> f.truth() != null)).toList();
        assertThat(withFigures).hasSizeGreaterThan(20);
        for (Scenario scenario : withFigures) {
            Question question = scenario.questions().getFirst();
            Generated generated = TelemetryGenerator.generate(scenario, ScenarioLoader.projectId(scenario),
                    TelemetrySink.discarding());
            var text = new StringBuilder("Here is what the telemetry shows.");
            for (Fact fact : question.mustContain()) {
                text.append("\n- ").append(fact.truth() == null ? fact.anyOf().getFirst()
                        : OracleAnswers.figure(fact.truth().measure(), generated.truth(fact.truth()) * (1.5 + fact.tolerance())));
            }
            assertThat(AnswerScorer.score(question, text.toString(), expected(generated, scenario)).outcome())
                    .as(scenario.name()).isNotEqualTo(Outcome.CORRECT);
        }
    }
}
