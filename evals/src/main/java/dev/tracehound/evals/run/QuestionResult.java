package dev.tracehound.evals.run;

import dev.tracehound.evals.score.QuestionScore;
import dev.tracehound.evals.score.Trajectory;
import java.util.List;

/**
 * One question of a scenario as asked and answered.
 *
 * @param ask          the question as the agent got it ({@code {trace}} replaced by the trace's id)
 * @param expected     the facts a correct answer holds, as the report shows them
 * @param mustNotClaim what it must not claim
 * @param ended        how the agent's run ended: {@code completed}, {@code timeout}, {@code error}, …
 */
public record QuestionResult(String ask, String kind, List<String> expected, List<String> mustNotClaim, String answer,
        QuestionScore score, Trajectory trajectory, String sessionId, String ended, String error) {

    public QuestionResult {
        expected = List.copyOf(expected);
        mustNotClaim = List.copyOf(mustNotClaim);
        answer = answer == null ? "" : answer;
        error = error == null ? "" : error;
    }
}
