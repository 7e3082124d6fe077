package dev.tracehound.evals.score;

import java.util.List;

/**
 * One question's score: the outcome and why.
 *
 * @param missing       the facts a correct answer holds that this one does not
 * @param falseClaims   what it must not claim, and did
 * @param citedTraces   the trace ids it cites
 * @param unknownTraces cited ids that are no trace of the project: invented
 * @param relevantCited cited ids in the selection that counts as evidence
 * @param evidenceValid whether its evidence is what the question asks for
 * @param judge         the judge model's verdict, when one judged it
 */
public record QuestionScore(Outcome outcome, List<String> missing, List<String> falseClaims, List<String> citedTraces,
        List<String> unknownTraces, int relevantCited, boolean evidenceValid, Judgement judge) {

    public QuestionScore {
        missing = List.copyOf(missing);
        falseClaims = List.copyOf(falseClaims);
        citedTraces = List.copyOf(citedTraces);
        unknownTraces = List.copyOf(unknownTraces);
    }

    public boolean correct() {
        return outcome == Outcome.CORRECT;
    }

    public QuestionScore judged(Judgement judgement) {
        return new QuestionScore(outcome, missing, falseClaims, citedTraces, unknownTraces, relevantCited, evidenceValid,
                judgement);
    }

    /** A judge model's verdict on an answer, by its rubric. */
    public record Judgement(boolean pass, String reason) {}
}
