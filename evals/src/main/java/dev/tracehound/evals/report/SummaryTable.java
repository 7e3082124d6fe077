package dev.tracehound.evals.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A run's figures as a plain-text table, for the terminal and CI logs. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static String text(Summary summary) {
        var rows = new LinkedHashMap<String, Tally>();
        rows.put("all", summary.overall());
        summary.byTag().forEach((tag, tally) -> rows.put("tag " + tag, tally));
        summary.byCategory().forEach((category, tally) -> rows.put(category, tally));
        return table(rows) + String.format(Locale.ROOT, "tokens per correct answer: %,d%n", summary.tokensPerCorrect());
    }

    static String table(Map<String, Tally> rows) {
        int width = Math.max(12, rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        var text = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s %9s %6s %9s %8s %6s %9s %6s %10s %10s%n",
                "", "scenarios", "passed", "pass rate", "declined", "wrong", "off-topic", "failed", "tool calls", "tokens"));
        rows.forEach((name, tally) -> text.append(String.format(Locale.ROOT,
                "%-" + width + "s %9d %6d %9s %8d %6d %9d %6d %10d %10d%n", name, tally.scenarios(), tally.passed(),
                ReportPage.percent(tally.passRate()), tally.outcomes().getOrDefault("declined", 0),
                tally.outcomes().getOrDefault("wrong", 0), tally.offTopic(), tally.outcomes().getOrDefault("failed", 0),
                tally.toolCalls(), tally.tokens())));
        return text.toString();
    }
}
