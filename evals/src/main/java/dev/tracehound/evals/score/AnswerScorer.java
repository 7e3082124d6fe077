package dev.tracehound.evals.score;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The deterministic scorer: an answer is correct when it holds every fact it must, claims none
 * it must not, cites no trace that does not exist, and cites one that counts when the question
 * needs evidence. All or nothing, as people read an answer at 3 a.m.: half a cause is no cause.
 */
public final class AnswerScorer {

    private AnswerScorer() {
    }

    public static QuestionScore score(Question question, String answer, Expected expected) {
        var text = new AnswerText(answer);
        if (text.normalised().isBlank()) {
            return new QuestionScore(Outcome.FAILED, question.mustContain().stream().map(Fact::describe).toList(),
                    List.of(), List.of(), List.of(), 0, false, null);
        }
        var missing = new ArrayList<String>();
        for (Fact fact : question.mustContain()) {
            if (!holds(fact, text, expected)) {
                missing.add(describe(fact, expected));
            }
        }
        var falseClaims = new ArrayList<String>();
        for (Fact fact : question.mustNotClaim()) {
            if (holds(fact, text, expected)) {
                falseClaims.add(describe(fact, expected));
            }
        }
        List<String> cited = List.copyOf(text.traceIds());
        List<String> unknown = cited.stream().filter(id -> !expected.traceExists(id)).toList();
        Question.Evidence evidence = question.evidence();
        Set<String> counting = evidence == null ? Set.of() : expected.evidenceTraces(evidence);
        int relevant = (int) cited.stream().filter(counting::contains).count();
        boolean evidenceValid = unknown.isEmpty() && (evidence == null || !evidence.required() || relevant > 0);

        Outcome outcome;
        if (missing.isEmpty() && falseClaims.isEmpty() && evidenceValid) {
            outcome = Outcome.CORRECT;
        } else if (Declines.declines(text)) {
            outcome = Outcome.DECLINED;
        } else if (!question.isIncident() && !question.onTopic().isEmpty()
                && question.onTopic().stream().noneMatch(word -> text.normalised().contains(word.toLowerCase()))) {
            outcome = Outcome.OFF_TOPIC;
        } else {
            outcome = Outcome.WRONG;
        }
        if (evidence != null && evidence.required() && relevant == 0 && outcome != Outcome.CORRECT) {
            missing.add("a trace from " + (evidence.where() == null ? "the project" : evidence.where().describe()));
        }
        return new QuestionScore(outcome, missing, falseClaims, cited, unknown, relevant, evidenceValid, null);
    }

    /** The facts a correct answer holds, as a report shows them: measured figures with their values. */
    public static List<String> described(List<Fact> facts, Expected expected) {
        return facts.stream().map(fact -> describe(fact, expected)).toList();
    }

    static boolean holds(Fact fact, AnswerText text, Expected expected) {
        if (fact.truth() != null) {
            return Numbers.states(text.normalised(), fact.truth().measure(), expected.truth(fact.truth()),
                    fact.tolerance());
        }
        return fact.anyOf().stream().anyMatch(text::mentions);
    }

    /** The fact as the report shows it: a measured figure with its value. */
    private static String describe(Fact fact, Expected expected) {
        if (fact.truth() == null) {
            return fact.describe();
        }
        double value = expected.truth(fact.truth());
        return fact.describe() + " = " + (Math.rint(value) == value ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.4g", value));
    }
}
