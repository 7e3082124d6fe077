package dev.tracehound.evals.gate;

import static dev.tracehound.evals.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.score.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiGateTest {

    private static final List<String> SCENARIOS = List.of("a-01", "b-01", "c-01", "d-01");
    private static final Map<String, Boolean> BASELINE = Map.of("a-01", true, "b-01", true, "c-01", true, "d-01", false);

    private static List<ScenarioResult> run(Outcome a, Outcome b, Outcome c, Outcome d) {
        return List.of(result("a-01", "x", "easy", "incident", a), result("b-01", "x", "easy", "incident", b),
                result("c-01", "y", "hard", "count", c), result("d-01", "y", "hard", "count", d));
    }

    @Test
    void aRunAsGoodAsTheBaselinePasses() {
        var gate = new CiGate(SCENARIOS, 0.7, 0.75, BASELINE, Map.of());

        var verdict = gate.judge(run(Outcome.CORRECT, Outcome.CORRECT, Outcome.CORRECT, Outcome.WRONG));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.passRate()).isEqualTo(0.75);
    }

    @Test
    void aScenarioThatPassedAndNowFailsFailsTheGateEvenAboveTheThreshold() {
        var gate = new CiGate(SCENARIOS, 0.5, 0.75, BASELINE, Map.of());

        var verdict = gate.judge(run(Outcome.CORRECT, Outcome.CORRECT, Outcome.WRONG, Outcome.CORRECT));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.regressions()).containsExactly("c-01");
        assertThat(verdict.reasons()).singleElement().asString().contains("not listed as known changes");
    }

    @Test
    void aKnownChangeMayFailButNotBelowTheThreshold() {
        var gate = new CiGate(SCENARIOS, 0.7, 0.75, BASELINE, Map.of("c-01", "trades the count for the trace"));

        assertThat(gate.judge(run(Outcome.CORRECT, Outcome.CORRECT, Outcome.WRONG, Outcome.CORRECT)).passed()).isTrue();
        var below = gate.judge(run(Outcome.CORRECT, Outcome.WRONG, Outcome.WRONG, Outcome.WRONG));
        assertThat(below.passed()).isFalse();
        assertThat(below.reasons()).anySatisfy(reason -> assertThat(reason).contains("pass rate 25.0% is below"));
    }

    @Test
    void aGateReadsBackAndABrokenOneSaysWhy(@TempDir Path folder) throws Exception {
        var gate = new CiGate(SCENARIOS, 0.7, 0.75, BASELINE, Map.of("c-01", "why"));
        Path file = folder.resolve("gate.json");
        Files.writeString(file, gate.json());

        assertThat(CiGate.read(file)).isEqualTo(gate);
        Files.writeString(file, gate.json().replace("0.7", "7"));
        assertThatThrownBy(() -> CiGate.read(file)).hasMessageContaining("threshold");
    }
}
