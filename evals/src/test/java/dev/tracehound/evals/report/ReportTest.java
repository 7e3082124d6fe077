package dev.tracehound.evals.report;

import static dev.tracehound.evals.report.Results.report;
import static dev.tracehound.evals.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.score.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final List<ScenarioResult> RESULTS = List.of(
            result("error-spike-01", "error-spike", "easy", "incident", Outcome.CORRECT),
            result("error-spike-02", "error-spike", "hard", "incident", Outcome.WRONG),
            result("llm-usage-01", "llm-usage", "easy", "llm-usage", Outcome.DECLINED),
            result("llm-usage-02", "llm-usage", "medium", "llm-usage", Outcome.OFF_TOPIC));

    @Test
    void theSummaryCountsPassRatesAndOutcomesByTagAndCategory() {
        Summary summary = Summary.of(RESULTS);

        assertThat(summary.overall().passRate()).isEqualTo(0.25);
        assertThat(summary.byTag().get("easy").passed()).isEqualTo(1);
        assertThat(summary.byTag().get("easy").scenarios()).isEqualTo(2);
        assertThat(summary.byCategory().get("llm-usage").offTopic()).isEqualTo(1);
        assertThat(summary.byCategory().get("llm-usage").outcomes()).containsEntry("declined", 1);
        assertThat(summary.overall().repeatedCalls()).isEqualTo(4);
        assertThat(summary.tokensPerCorrect()).isEqualTo(4_800);
        assertThat(SummaryTable.text(summary)).contains("tag easy", "50.0%", "llm-usage", "off-topic");
    }

    @Test
    void theDiffListsRegressionsFixesAndScenariosOnlyOneRunHas() {
        Map<String, Boolean> then = Map.of("error-spike-01", false, "error-spike-02", true, "llm-usage-01", false,
                "gone-01", true);

        BaselineDiff diff = BaselineDiff.of("run 1", then, RESULTS);

        assertThat(diff.regressions()).containsExactly("error-spike-02");
        assertThat(diff.fixes()).containsExactly("error-spike-01");
        assertThat(diff.newScenarios()).containsExactly("llm-usage-02");
        assertThat(diff.notRun()).containsExactly("gone-01");
    }

    @Test
    void theReportReadsBackAndItsPageEscapesWhatTheAgentSaid(@TempDir Path folder) throws Exception {
        var diff = BaselineDiff.of("run 1", Map.of("error-spike-02", true), RESULTS);
        EvalReport report = report(RESULTS, Optional.of(diff));

        Path html = ReportFiles.write(folder, report);

        assertThat(ReportFiles.parse(Files.readString(folder.resolve("report.json")))).isEqualTo(report);
        assertThat(ReportFiles.passedIn(folder.resolve("report.json"))).containsEntry("error-spike-01", true)
                .containsEntry("error-spike-02", false);
        String page = Files.readString(html);
        assertThat(page).contains("It is &lt;b&gt;payments&lt;/b&gt; &amp; more", "What is &lt;wrong&gt;?",
                "Regressions: passed at the baseline, fail now: 1", "off-topic")
                .doesNotContain("<b>payments</b>", "<script src", "<link");
    }

    @Test
    void aBaselineFileKeepsEachScenariosResult(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("baseline.json");
        Files.writeString(file, ReportFiles.baseline(report(RESULTS, Optional.empty())));

        assertThat(ReportFiles.passedIn(file)).containsExactlyInAnyOrderEntriesOf(Map.of("error-spike-01", true,
                "error-spike-02", false, "llm-usage-01", false, "llm-usage-02", false));
    }
}
