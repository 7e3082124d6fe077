package dev.tracehound.evals.score;

import java.util.List;
import java.util.regex.Pattern;

/** Whether an answer says it cannot answer the question, rather than answering it. */
final class Declines {

    private static final List<Pattern> SAYINGS = List.of(
            Pattern.compile("\\b(can ?not|can't|cannot|unable to|not able to) (answer|tell|determine|do) th(is|at)\\b"),
            Pattern.compile("\\bbeyond what i can\\b"),
            Pattern.compile("\\bwithout a (configured |language )?model\\b"),
            Pattern.compile("\\bi (can|could) answer instead\\b"),
            Pattern.compile("\\bi don't know how to answer\\b"));

    private Declines() {
    }

    static boolean declines(AnswerText answer) {
        String text = answer.normalised();
        return SAYINGS.stream().anyMatch(saying -> saying.matcher(text).find());
    }
}
