package dev.tracehound.evals.gate;

import static dev.tracehound.evals.report.Results.report;
import static dev.tracehound.evals.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.score.Outcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateSubsetTest {

    @Test
    void itTakesTwoDifficultiesOfEachCategoryAndSetsTheThresholdBelowWhatWasMeasured() {
        var run = report(List.of(
                result("a-03", "a", "hard", "incident", Outcome.WRONG),
                result("a-02", "a", "easy", "incident", Outcome.CORRECT),
                result("a-01", "a", "easy", "incident", Outcome.CORRECT),
                result("a-04", "a", "medium", "incident", Outcome.CORRECT),
                result("b-01", "b", "hard", "count", Outcome.CORRECT),
                result("b-02", "b", "hard", "count", Outcome.CORRECT),
                result("c-01", "c", "medium", "logs", Outcome.DECLINED)), Optional.empty());

        CiGate gate = GateSubset.from(run);

        assertThat(gate.scenarios()).containsExactly("a-01", "a-04", "b-01", "c-01");
        assertThat(gate.baseline()).containsEntry("a-01", true).containsEntry("c-01", false);
        assertThat(gate.measuredPassRate()).isEqualTo(0.75);
        assertThat(gate.threshold()).isEqualTo(0.70);
        assertThat(gate.judge(run.results()).passed()).as("the run it was measured on passes it").isTrue();
    }
}
