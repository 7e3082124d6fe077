package dev.tracehound.evals.run;

import java.util.List;

/**
 * How the agent did on one scenario: each question's answer, score and trajectory. It passes when
 * every question is answered correctly.
 *
 * @param error why the scenario could not be run (its telemetry failed to load), or empty
 */
public record ScenarioResult(String name, String template, String category, List<String> tags, String difficulty,
        List<QuestionResult> questions, long loadMillis, String error) {

    public ScenarioResult {
        tags = List.copyOf(tags);
        questions = List.copyOf(questions);
        error = error == null ? "" : error;
    }

    public boolean passed() {
        return error.isEmpty() && !questions.isEmpty() && questions.stream().allMatch(q -> q.score().correct());
    }

    /** Whether its questions are incident hunts, as the suite's "incident" and "question" groups. */
    public boolean incident() {
        return questions.stream().anyMatch(q -> q.kind().equals("incident"));
    }
}
