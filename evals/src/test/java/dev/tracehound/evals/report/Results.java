package dev.tracehound.evals.report;

import dev.tracehound.evals.run.QuestionResult;
import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.score.Outcome;
import dev.tracehound.evals.score.QuestionScore;
import dev.tracehound.evals.score.Trajectory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Scenario results as a run would give them, for the report's tests. */
public final class Results {

    private Results() {
    }

    public static ScenarioResult result(String name, String category, String difficulty, String kind, Outcome outcome) {
        var score = new QuestionScore(outcome, outcome == Outcome.CORRECT ? List.of() : List.of("payments"), List.of(),
                List.of(), List.of(), 0, true, null);
        var trajectory = new Trajectory(List.of(new Trajectory.Call("aggregate", "{\"group_by\":[\"service\"]}", false),
                new Trajectory.Call("aggregate", "{\"group_by\":[\"service\"]}", false)), 1_000, 200, 0.01, 1_500);
        var question = new QuestionResult("What is <wrong>?", kind, List.of("payments"), List.of("2.3.1"),
                "It is <b>payments</b> & more", score, trajectory, UUID.randomUUID().toString(), "completed", "");
        return new ScenarioResult(name, "template", category, List.of(difficulty, kind.equals("incident") ? "incident"
                : "question"), difficulty, List.of(question), 10, "");
    }

    public static EvalReport report(List<ScenarioResult> results, Optional<BaselineDiff> diff) {
        Instant started = Instant.parse("2026-12-07T23:00:00Z");
        return EvalReport.of(UUID.randomUUID().toString(), started, started.plusSeconds(95), "abc123", "offline-investigator",
                "f".repeat(64), "", results, diff);
    }
}
