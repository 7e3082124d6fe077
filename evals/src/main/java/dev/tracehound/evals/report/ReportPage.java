package dev.tracehound.evals.report;

import dev.tracehound.evals.run.QuestionResult;
import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.score.QuestionScore;
import dev.tracehound.evals.score.Trajectory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report as one self-contained HTML page: no script or style from elsewhere, so it opens from a
 * CI artefact or a mail as it is. The figures first, then the differences from the baseline, then
 * every scenario with its answers beside what they should have said, and what the agent did.
 */
final class ReportPage {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
            h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
            th,td{border-bottom:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
            td.n,th.n{text-align:right}.pass{color:#116329}.fail{color:#a40e26}.muted{color:#57606a}
            details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
            summary{cursor:pointer}pre{white-space:pre-wrap;background:#f6f8fa;padding:.6rem;border-radius:6px}
            .facts li.missing,.facts li.claimed{color:#a40e26}.facts li.held{color:#116329}
            code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}""";

    private ReportPage() {
    }

    static String html(EvalReport report) {
        var page = new StringBuilder();
        page.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Eval run ")
                .append(esc(report.id())).append("</title><style>").append(STYLE).append("</style></head><body>");
        page.append("<h1>Eval run <code>").append(esc(report.id())).append("</code></h1>");
        page.append("<p class=\"muted\">Model <b>").append(esc(report.model())).append("</b> · commit <code>")
                .append(esc(report.gitCommit())).append("</code> · system prompt <code>")
                .append(esc(report.promptHash())).append("</code> · ").append(esc(report.startedAt().toString()))
                .append(" · ").append(seconds(Duration.between(report.startedAt(), report.finishedAt()).toMillis()))
                .append(report.filter().isBlank() ? "" : " · filter <code>" + esc(report.filter()) + "</code>")
                .append("</p>");
        Summary summary = report.summary();
        page.append("<h2>Pass rate</h2>");
        page.append(table(Map.of("all scenarios", summary.overall())));
        page.append("<p class=\"muted\">Tokens per correct answer: ").append(summary.tokensPerCorrect())
                .append(". Off-topic: answered another question than the one asked.</p>");
        page.append("<h2>By tag</h2>").append(table(summary.byTag()));
        page.append("<h2>By category</h2>").append(table(summary.byCategory()));
        report.diff().ifPresent(diff -> page.append(diff(diff)));
        page.append("<h2>Scenarios</h2>");
        for (ScenarioResult result : report.results()) {
            page.append(scenario(result));
        }
        return page.append("</body></html>\n").toString();
    }

    private static String table(Map<String, Tally> rows) {
        var table = new StringBuilder("<table><tr><th></th><th class=\"n\">scenarios</th><th class=\"n\">passed</th>"
                + "<th class=\"n\">pass rate</th><th class=\"n\">correct</th><th class=\"n\">declined</th>"
                + "<th class=\"n\">wrong</th><th class=\"n\">off-topic</th><th class=\"n\">failed</th>"
                + "<th class=\"n\">tool calls</th><th class=\"n\">repeated</th><th class=\"n\">tokens</th>"
                + "<th class=\"n\">cost</th></tr>");
        rows.forEach((name, tally) -> table.append("<tr><td>").append(esc(name)).append("</td>")
                .append(cell(tally.scenarios())).append(cell(tally.passed()))
                .append("<td class=\"n\">").append(percent(tally.passRate())).append("</td>")
                .append(cell(tally.outcomes().getOrDefault("correct", 0)))
                .append(cell(tally.outcomes().getOrDefault("declined", 0)))
                .append(cell(tally.outcomes().getOrDefault("wrong", 0)))
                .append(cell(tally.offTopic()))
                .append(cell(tally.outcomes().getOrDefault("failed", 0)))
                .append(cell(tally.toolCalls())).append(cell(tally.repeatedCalls())).append(cell(tally.tokens()))
                .append("<td class=\"n\">").append(dollars(tally.costUsd())).append("</td></tr>"));
        return table.append("</table>").toString();
    }

    private static String diff(BaselineDiff diff) {
        var html = new StringBuilder("<h2>Against the baseline</h2><p class=\"muted\">Baseline: ")
                .append(esc(diff.baseline())).append("</p>");
        html.append(list("Regressions: passed at the baseline, fail now", diff.regressions(), "fail"));
        html.append(list("Fixes: failed at the baseline, pass now", diff.fixes(), "pass"));
        html.append(list("New since the baseline", diff.newScenarios(), "muted"));
        html.append(list("In the baseline, not run now", diff.notRun(), "muted"));
        return html.toString();
    }

    private static String list(String title, List<String> names, String style) {
        var html = new StringBuilder("<p>").append(esc(title)).append(": ").append(names.size()).append("</p>");
        if (!names.isEmpty()) {
            html.append("<ul class=\"").append(style).append("\">");
            names.forEach(name -> html.append("<li><a href=\"#").append(esc(name)).append("\">").append(esc(name))
                    .append("</a></li>"));
            html.append("</ul>");
        }
        return html.toString();
    }

    private static String scenario(ScenarioResult result) {
        var html = new StringBuilder("<details id=\"").append(esc(result.name())).append("\"")
                .append(result.passed() ? "" : " open").append("><summary><b class=\"")
                .append(result.passed() ? "pass\">pass" : "fail\">fail").append("</b> ")
                .append(esc(result.name())).append(" <span class=\"muted\">").append(esc(result.category()))
                .append(" · ").append(esc(String.join(", ", result.tags()))).append("</span></summary>");
        if (!result.error().isEmpty()) {
            html.append("<p class=\"fail\">").append(esc(result.error())).append("</p>");
        }
        for (QuestionResult question : result.questions()) {
            html.append(question(question));
        }
        return html.append("</details>").toString();
    }

    private static String question(QuestionResult question) {
        QuestionScore score = question.score();
        var html = new StringBuilder("<h3>").append(esc(question.ask())).append("</h3><p>")
                .append("<b class=\"").append(score.correct() ? "pass" : "fail").append("\">")
                .append(score.outcome().wireName()).append("</b> <span class=\"muted\">").append(esc(question.kind()))
                .append(" · run ended ").append(esc(question.ended()))
                .append(question.sessionId().isEmpty() ? "" : " · session " + esc(question.sessionId()))
                .append("</span></p>");
        if (!question.error().isEmpty()) {
            html.append("<p class=\"fail\">").append(esc(question.error())).append("</p>");
        }
        html.append("<ul class=\"facts\">");
        for (String fact : question.expected()) {
            boolean missing = score.missing().stream().anyMatch(m -> m.startsWith(fact));
            html.append("<li class=\"").append(missing ? "missing" : "held").append("\">")
                    .append(missing ? "missing: " : "holds: ").append(esc(fact)).append("</li>");
        }
        score.missing().stream().filter(m -> question.expected().stream().noneMatch(m::startsWith))
                .forEach(m -> html.append("<li class=\"missing\">missing: ").append(esc(m)).append("</li>"));
        for (String claim : score.falseClaims()) {
            html.append("<li class=\"claimed\">claims what it must not: ").append(esc(claim)).append("</li>");
        }
        html.append("<li class=\"muted\">traces cited: ").append(score.citedTraces().size()).append(", of which ")
                .append(score.relevantCited()).append(" count as evidence")
                .append(score.unknownTraces().isEmpty() ? "" : ", invented: " + esc(String.join(", ", score.unknownTraces())))
                .append("</li>");
        if (score.judge() != null) {
            html.append("<li class=\"").append(score.judge().pass() ? "held" : "missing").append("\">judge: ")
                    .append(score.judge().pass() ? "pass" : "fail").append(" — ").append(esc(score.judge().reason()))
                    .append("</li>");
        }
        html.append("</ul><pre>").append(esc(question.answer().isBlank() ? "(no answer)" : question.answer()))
                .append("</pre>");
        return html.append(trajectory(question.trajectory())).toString();
    }

    private static String trajectory(Trajectory trajectory) {
        var html = new StringBuilder("<details><summary>").append(trajectory.calls().size()).append(" tool calls (")
                .append(trajectory.repeatedCalls()).append(" repeated) · ").append(trajectory.tokens())
                .append(" tokens · ").append(dollars(trajectory.costUsd())).append(" · ")
                .append(seconds(trajectory.wallMillis())).append("</summary><table>");
        int step = 1;
        for (Trajectory.Call call : trajectory.calls()) {
            String arguments = call.arguments().length() > 400 ? call.arguments().substring(0, 400) + "…" : call.arguments();
            html.append("<tr><td class=\"n\">").append(step++).append("</td><td>").append(esc(call.tool()))
                    .append(call.failed() ? " <b class=\"fail\">failed</b>" : "").append("</td><td><code>")
                    .append(esc(arguments)).append("</code></td></tr>");
        }
        return html.append("</table></details>").toString();
    }

    private static String cell(long value) {
        return "<td class=\"n\">" + value + "</td>";
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String dollars(double usd) {
        return String.format(Locale.ROOT, "$%.4f", usd);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        var escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
