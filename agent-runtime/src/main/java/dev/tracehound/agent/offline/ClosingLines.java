package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.Findings.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The four lines an automated investigation asks its answer to end with ({@code Summary:},
 * {@code Suspected cause:}, {@code Confidence:}, {@code Not determined:}), written from the
 * findings when the question asks for them: the headline as the summary, the deploy and the
 * attribute that stands out as the cause, a confidence from how much of the evidence agrees, and
 * what the investigation could not check.
 */
final class ClosingLines {

    private static final Pattern ASKED = Pattern.compile(
            "(?is).*\\bsummary:.*\\bsuspected cause:.*\\bconfidence:.*");

    private ClosingLines() {}

    /** Whether the question asks the answer to end with the closing lines. */
    static boolean asked(String question) {
        return question != null && ASKED.matcher(question).matches();
    }

    static String write(Findings f) {
        return "Summary: " + summary(f) + "\nSuspected cause: " + cause(f) + "\nConfidence: " + confidence(f)
                + "\nNot determined: " + notDetermined(f);
    }

    private static String summary(Findings f) {
        if (f.focus == null || f.change == null) {
            if (f.services.isEmpty() && f.totalSpans == 0) {
                return f.problems.isEmpty() && !f.incomplete ? "No spans to investigate in "
                        + InvestigationReport.window(f.analysed) + "." : "The investigation could not read the data.";
            }
            return "No clear cause: none of the services compared got notably slower or started failing between "
                    + InvestigationReport.window(f.data) + ".";
        }
        SeriesChange.Change change = f.change;
        String what = change.slower() && change.failing() ? "got slower and started failing"
                : change.slower() ? "got slower" : "started failing";
        var text = new StringBuilder(f.focus).append(' ').append(what).append(" from about ")
                .append(InvestigationReport.time(change.at()));
        if (f.trigger != null) {
            text.append(", when ").append(f.trigger.service()).append(' ').append(f.trigger.newVersion())
                    .append(" was deployed (replacing ").append(f.trigger.previousVersion()).append(')');
        }
        return text.append('.').toString();
    }

    private static String cause(Findings f) {
        Cause top = f.primaryCause;
        if (f.focus == null || f.change == null || f.trigger == null && top == null) {
            return "unknown";
        }
        String symptom = f.change.slower() && f.change.failing() ? "slow and failing" : f.change.slower() ? "slow"
                : "failing";
        String spans = top == null ? "" : top.service() + " spans with " + top.pair() + " are " + symptom + " ("
                + InvestigationReport.percent(top.selectionShare()) + " of the " + top.selection() + " ones, against "
                + InvestigationReport.percent(top.expectedShare()) + " expected)";
        if (f.trigger == null) {
            return "Something specific to " + top.pair() + ": since " + InvestigationReport.time(f.change.at()) + " "
                    + spans + ".";
        }
        String deploy = "The deploy of " + f.trigger.service() + " " + f.trigger.newVersion() + " at "
                + InvestigationReport.time(f.trigger.at());
        return deploy + (top == null ? "." : ": since then " + spans + ".");
    }

    /**
     * High when the step, a deploy at its time, an attribute that stands out and example traces
     * all agree; medium when the step has a deploy or an attribute behind it; low otherwise.
     */
    private static String confidence(Findings f) {
        if (f.focus == null || f.change == null) {
            return "low";
        }
        boolean deploy = f.trigger != null;
        boolean attribute = f.primaryCause != null;
        boolean traces = !f.examples.isEmpty();
        if (deploy && attribute && traces && !f.incomplete) {
            return "high";
        }
        return deploy || attribute ? "medium" : "low";
    }

    private static String notDetermined(Findings f) {
        List<String> lines = new ArrayList<>();
        if (f.incomplete) {
            lines.add("the investigation stopped at the run's step limit before it finished");
        }
        f.problems.forEach(lines::add);
        if (f.focus != null) {
            lines.add("the code behind the change (telemetry only was read)");
            if (f.trigger != null) {
                lines.add("whether rolling " + f.trigger.service() + " back to " + f.trigger.previousVersion()
                        + " fixes it");
            }
        } else {
            lines.add("causes that show neither in latency nor in errors of the spans");
        }
        return String.join("; ", lines) + ".";
    }
}
