package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.Findings.Cause;
import dev.tracehound.agent.offline.Findings.Deploy;
import dev.tracehound.agent.offline.Findings.LogLine;
import dev.tracehound.agent.offline.Findings.ServiceStat;
import dev.tracehound.agent.offline.Findings.SpanLine;
import dev.tracehound.agent.offline.Findings.TraceExample;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The offline investigator's answer, in Markdown, from what it found: every number and id comes from a tool. */
final class InvestigationReport {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int LOG_CHARS = 220;

    private InvestigationReport() {}

    static String clarify() {
        return """
                I could not tell what to look into. Ask me about a service, an endpoint or a time, for example \
                "why is checkout slow since this morning?" or "what changed in the last hour?", and I will look \
                at the traces and logs of this project.""";
    }

    static String time(Instant instant) {
        return DAY_TIME.format(instant) + " UTC";
    }

    static String window(TimeWindow window) {
        boolean sameDay = window.from().atZone(ZoneOffset.UTC).toLocalDate()
                .equals(window.to().atZone(ZoneOffset.UTC).toLocalDate());
        return DAY_TIME.format(window.from()) + " – " + (sameDay ? TIME.format(window.to()) : DAY_TIME.format(window.to()))
                + " UTC";
    }

    static String write(Findings f) {
        var out = new StringBuilder();
        if (f.services.isEmpty() && f.totalSpans == 0) {
            noData(f, out);
        } else if (f.focus == null) {
            noCause(f, out);
        } else {
            incident(f, out);
        }
        notDetermined(f, out);
        String answer = out.toString().strip();
        return f.scope != null && ClosingLines.asked(f.scope.question()) ? answer + "\n\n" + ClosingLines.write(f) : answer;
    }

    private static void noData(Findings f, StringBuilder out) {
        if (!f.problems.isEmpty()) {
            out.append("I could not investigate: the first query failed, so I have no numbers to answer from.\n\n");
        } else if (f.incomplete) {
            out.append("I had to stop before I had read any data, so I cannot answer yet. Ask again to continue.\n\n");
        } else {
            out.append("I found no spans in this project ").append(f.widenedToWeek ? "in the last 7 days" : "between "
                    + window(f.analysed)).append(", so there is nothing to investigate. Is telemetry being sent to"
                    + " this project?\n\n");
        }
    }

    private static void noCause(Findings f, StringBuilder out) {
        if (f.incomplete && f.analysedServices.isEmpty()) {
            out.append("I had to stop before I could compare the services over time. What I have so far, ")
                    .append(window(f.data)).append(":\n\n");
            serviceTable(f, out);
            return;
        }
        if (f.analysedServices.isEmpty()) {
            out.append("I could not read how the services changed over time, so I cannot say what changed. What I"
                    + " have, ").append(window(f.data)).append(":\n\n");
            serviceTable(f, out);
            return;
        }
        if (f.healthCheck) {
            out.append("**Nothing stands out: the services look healthy.** Between ").append(window(f.data))
                    .append(" none of the ").append(f.analysedServices.size()).append(" services I compared over time (")
                    .append(codes(f.analysedServices)).append(") got notably slower or started failing: no step up in")
                    .append(" p95/p99 latency or error rate compared with before.");
        } else {
            out.append(f.mentioned.isEmpty() ? "**I found no clear cause: nothing stands out.** Between "
                    : "**I found no clear cause:** between ").append(window(f.data)).append(" none of the ")
                    .append(f.analysedServices.size()).append(" services I compared over time (")
                    .append(codes(f.analysedServices)).append(") got notably slower or started failing: no step up in")
                    .append(" p95/p99 latency or error rate.");
        }
        if (f.widenedToWeek) {
            out.append(" There were no spans in the time you asked about, so I looked at the last 7 days.");
        } else if (f.widenedToDay) {
            out.append(" As nothing changed in the time you asked about, I looked at the whole 24 hours before its end.");
        }
        out.append("\n\n");
        for (String service : f.mentioned) {
            f.services.stream().filter(s -> s.service().equals(service)).findFirst().ifPresent(s -> {
                double typical = f.typicalP99.getOrDefault(service, Double.NaN);
                out.append("`").append(service).append("` looks steady: p99 ").append(ms(s.p99Ms())).append(" ms")
                        .append(Double.isNaN(typical) ? "" : " (typical per bucket " + ms(typical) + " ms)")
                        .append(", error rate ").append(percent(s.errorRate())).append(" over ").append(count(s.spans()))
                        .append(" spans.\n\n");
            });
        }
        serviceTable(f, out);
        if (!f.deploys.isEmpty()) {
            out.append("\nDeploys in the window, with no step change after them: ");
            out.append(String.join("; ", f.deploys.stream().map(d -> "`" + d.service() + "` " + d.previousVersion()
                    + " → " + d.newVersion() + " at " + time(d.at())).toList())).append(".\n");
        }
    }

    private static void serviceTable(Findings f, StringBuilder out) {
        out.append("| service | spans | error rate | p99 |\n|---|---:|---:|---:|\n");
        for (ServiceStat s : f.services.stream().limit(Investigation.MAX_SERIES).toList()) {
            out.append("| ").append(s.service()).append(" | ").append(count(s.spans())).append(" | ")
                    .append(percent(s.errorRate())).append(" | ").append(ms(s.p99Ms())).append(" ms |\n");
        }
    }

    private static void incident(Findings f, StringBuilder out) {
        SeriesChange.Change change = f.change;
        String what = change.slower() && change.failing() ? "got slower and started failing"
                : change.slower() ? "got slower" : "started failing";
        out.append("**`").append(f.focus).append("` ").append(what).append(" from about ").append(time(change.at()));
        if (f.trigger != null) {
            out.append(", when `").append(f.trigger.service()).append("` **").append(f.trigger.newVersion())
                    .append("** was deployed (replacing ").append(f.trigger.previousVersion()).append(")");
        }
        out.append(".**");
        if (f.widenedToDay) {
            out.append(" Nothing stepped up within the time you asked about: this started earlier and has lasted.");
        } else if (f.askedServiceChangedEarlier) {
            out.append(" Within the time you asked about ").append(codes(f.mentioned)).append(" did not step up:")
                    .append(" this started earlier and has lasted.");
        }
        if (!f.mentioned.isEmpty() && !f.mentioned.contains(f.focus)) {
            out.append(" You asked about ").append(codes(f.mentioned)).append(", which did not change notably;")
                    .append(" the change I found is in `").append(f.focus).append("`.");
        }
        if (!f.hintWords.isEmpty() && f.hintOperations.isEmpty()) {
            out.append(" No span in the data is named like ").append(String.join(" or ", f.hintWords.stream()
                    .map(w -> "\"" + w + "\"").toList())).append(", so I looked at every service.");
        }
        if (!f.focusFromHint && !f.hintOperations.isEmpty() && f.mentioned.isEmpty()) {
            out.append(" What you asked about is in ").append(hinted(f)).append(", whose services did not change")
                    .append(" notably; the change I found is in `").append(f.focus).append("`.");
        }
        if (f.focusFromHint && !f.hintOperations.isEmpty()) {
            out.append(" What you asked about is in ").append(hinted(f))
                    .append("; of the services its traces go through, it is `").append(f.focus).append("` that changed.");
        }
        out.append("\n\n**What changed**\n");
        out.append("- `").append(f.focus).append("`: ").append(change.slower() || Double.isNaN(change.p99After())
                ? latency(change) : "latency steady (p99 " + ms(change.p99After()) + " ms)");
        if (change.failing() || change.errorRateAfter() > change.errorRateBefore()) {
            out.append("; error rate ").append(percent(change.errorRateBefore())).append(" → ")
                    .append(percent(change.errorRateAfter()));
        }
        out.append(" (").append(count(change.spansAfter())).append(" spans since then, ")
                .append(count(change.spansBefore())).append(" before, in ").append(bucket(f.bucketSeconds))
                .append(" buckets).\n");
        if (f.operation != null) {
            out.append("- The operation that changed most: `").append(f.operation.operation()).append("`, p99 ")
                    .append(ms(f.operation.p99Before())).append(" → ").append(ms(f.operation.p99After())).append(" ms");
            if (f.operation.errorRateAfter() > f.operation.errorRateBefore()) {
                out.append(", errors ").append(percent(f.operation.errorRateBefore())).append(" → ")
                        .append(percent(f.operation.errorRateAfter()));
            }
            out.append(".\n");
        }
        sites(f, out);
        if (f.modelShift != null) {
            out.append("- The LLM calls of `").append(f.focus).append("` since the change: `").append(f.modelShift.model())
                    .append("` takes ").append(percent(f.modelShift.shareAfter())).append(" of them (")
                    .append(count(f.modelShift.callsAfter())).append(" calls), against ")
                    .append(percent(f.modelShift.shareBefore())).append(" before.\n");
        }
        if (f.trigger != null) {
            out.append("- `").append(f.trigger.service()).append("` version `").append(f.trigger.newVersion())
                    .append("` first appears at ").append(time(f.trigger.at())).append("; before it, `")
                    .append(f.trigger.service()).append("` ran `").append(f.trigger.previousVersion()).append("`.\n");
        }
        long tolerance = Math.max(2 * f.bucketSeconds, f.data.length().toSeconds() / 20);
        var together = new ArrayList<String>();
        var elsewhere = new ArrayList<String>();
        for (Map.Entry<String, SeriesChange.Change> other : sorted(f.changes)) {
            if (other.getKey().equals(f.focus)) {
                continue;
            }
            String line = "`" + other.getKey() + "` (" + latency(other.getValue())
                    + (other.getValue().failing() ? ", error rate " + percent(other.getValue().errorRateBefore()) + " → "
                    + percent(other.getValue().errorRateAfter()) : "") + ")";
            if (Math.abs(Duration.between(other.getValue().at(), change.at()).toSeconds()) <= tolerance) {
                together.add(line);
            } else {
                elsewhere.add(line + " from " + time(other.getValue().at()));
            }
        }
        if (!together.isEmpty()) {
            out.append("- At the same time: ").append(String.join("; ", together)).append(".\n");
        }
        if (!elsewhere.isEmpty()) {
            out.append("- Other changes in the window: ").append(String.join("; ", elsewhere)).append(".\n");
        }
        for (Deploy deploy : f.deploys) {
            if (deploy != f.trigger) {
                out.append("- Another deploy: `").append(deploy.service()).append("` ").append(deploy.previousVersion())
                        .append(" → ").append(deploy.newVersion()).append(" at ").append(time(deploy.at())).append(".\n");
            }
        }

        out.append("\n**What the ").append(change.slower() ? "slow" : "failing").append(" spans have in common**\n");
        List<Cause> causes = f.causes.stream().limit(3).toList();
        if (causes.isEmpty()) {
            out.append(f.slowSpans < 0 && f.failedSpans < 0
                    ? "- I could not compare them with the rest (BubbleUp gave no result).\n"
                    : "- No attribute stands out: no value is notably more common in them than before the change"
                            + " (BubbleUp scores below " + Investigation.NOTABLE_SCORE + ").\n");
        }
        for (Cause cause : causes) {
            out.append("- `").append(cause.pair()).append("`").append(cause.resource() ? " (resource)" : "")
                    .append(": ").append(percent(cause.selectionShare())).append(" of the ").append(cause.selection())
                    .append(" `").append(cause.service()).append("` spans since the change, against ")
                    .append(percent(cause.expectedShare())).append(" expected from the rest (BubbleUp score ")
                    .append(String.format(Locale.ROOT, "%.2f", cause.score())).append(").\n");
        }

        out.append("\n**Likely cause**\n");
        Cause top = f.primaryCause;
        String symptom = change.slower() && change.failing() ? "slow and failing" : change.slower() ? "slow" : "failing";
        if (f.trigger != null && top != null) {
            out.append("The deploy of `").append(f.trigger.service()).append("` ").append(f.trigger.newVersion())
                    .append(" at ").append(time(f.trigger.at())).append(": since then `").append(top.service())
                    .append("` spans with `").append(top.pair()).append("` are ").append(symptom)
                    .append(". Look at what ").append(f.trigger.newVersion()).append(" changed (compared with ")
                    .append(f.trigger.previousVersion()).append(") in the code behind `").append(top.pair())
                    .append("`, and consider rolling it back.\n");
        } else if (f.trigger != null) {
            out.append("The deploy of `").append(f.trigger.service()).append("` ").append(f.trigger.newVersion())
                    .append(" at ").append(time(f.trigger.at())).append(", at the same time as the change; ")
                    .append(f.modelShift == null ? "no attribute of the " + symptom + " spans points further.\n"
                            : "since then `" + f.modelShift.model() + "` takes " + percent(f.modelShift.shareAfter())
                            + " of `" + f.focus + "`'s LLM calls, against " + percent(f.modelShift.shareBefore())
                            + " before.\n");
        } else if (top != null) {
            out.append("Something specific to `").append(top.pair()).append("`: since ").append(time(change.at()))
                    .append(" the `").append(top.service()).append("` spans with it are ").append(symptom)
                    .append(", much more than the others. No deploy shows at that time, so look at what serves `")
                    .append(top.pair()).append("` (its host, dependency or configuration).\n");
        } else if (f.modelShift != null) {
            out.append("The switch of `").append(f.focus).append("`'s LLM calls to `").append(f.modelShift.model())
                    .append("`: since ").append(time(change.at())).append(" it takes ")
                    .append(percent(f.modelShift.shareAfter())).append(" of them, against ")
                    .append(percent(f.modelShift.shareBefore())).append(" before. Look at what chose that model (a")
                    .append(" configuration or a flag) and at how that model answers.\n");
        } else if (f.tenantSurge != null) {
            out.append("More load from one tenant: since ").append(time(change.at())).append(" ")
                    .append(f.tenantSurge.describe()).append(", and `").append(f.focus).append("` got ")
                    .append(symptom).append(" as it rose. Nothing sets the ").append(symptom)
                    .append(" spans apart, so the shared service is overloaded: look at what `")
                    .append(f.tenantSurge.pair()).append("` sends, and consider limiting it.\n");
        } else if (dependency(f) != null) {
            Findings.Site site = dependency(f);
            out.append("Something behind `").append(site.peer()).append("`: since ").append(time(change.at()))
                    .append(" the ").append(site.symptom()).append(" `").append(f.focus).append("` spans are mostly")
                    .append(" calls to it (`").append(site.operation()).append("`). No deploy shows at that time and no")
                    .append(" attribute stands out, so look at that dependency: its health, limits and errors.\n");
        } else {
            out.append("I could not pin it down: no deploy at that time and no attribute that stands out. The")
                    .append(" example traces below show where the time goes.\n");
        }
        if (!f.retries.isEmpty()) {
            out.append("The calls are retried: in trace `").append(f.openedTrace).append("`, ")
                    .append(f.retries.getFirst().describe()).append("; each retry adds load on the dependency and time")
                    .append(" to the request.\n");
        }

        out.append("\n**Evidence**\n");
        List<TraceExample> cited = f.examples.stream()
                .filter(e -> f.logs.containsKey(e.traceId()) || e.traceId().equals(f.openedTrace)).toList();
        if (cited.isEmpty()) {
            cited = f.examples.stream().limit(3).toList();
        }
        if (cited.isEmpty()) {
            out.append("- I found no example traces to show.\n");
        }
        for (TraceExample example : cited) {
            out.append("- Trace `").append(example.traceId()).append("`: ").append(example.rootService()).append(" `")
                    .append(example.rootOperation()).append("`, ").append(ms(example.durationMs())).append(" ms")
                    .append(example.errorCount() > 0 ? ", " + example.errorCount() + " failed span"
                            + (example.errorCount() == 1 ? "" : "s") : "").append(" (").append(example.why()).append(").\n");
            if (example.traceId().equals(f.openedTrace)) {
                criticalPath(f, out);
                f.retries.stream().limit(2).forEach(r -> out.append("  - ").append(r.describe()).append(".\n"));
            }
            List<LogLine> lines = f.logs.getOrDefault(example.traceId(), List.of());
            for (LogLine line : lines.stream().limit(2).toList()) {
                String body = line.body().length() > LOG_CHARS ? line.body().substring(0, LOG_CHARS) + "…" : line.body();
                out.append("  - Log ").append(line.severity()).append(" `").append(line.service()).append("`: \"")
                        .append(body.replace("\n", " ")).append("\"\n");
            }
        }
    }

    /**
     * Where the opened trace spent its time: the deepest span of its critical path that still
     * takes most of the trace, and the deepest failed span, where the failure began.
     */
    private static void criticalPath(Findings f, StringBuilder out) {
        SpanLine where = null;
        if (!f.criticalPath.isEmpty()) {
            double total = f.criticalPath.getFirst().durationMs();
            where = f.criticalPath.getFirst();
            for (SpanLine span : f.criticalPath) {
                if (span.durationMs() >= total / 2) {
                    where = span;
                }
            }
        }
        SpanLine failure = f.traceErrors.isEmpty() ? null : f.traceErrors.getLast();
        if (where != null && where.equals(failure)) {
            out.append("  - Most of its time is in ").append(span(where)).append(", which is also where it starts to fail.\n");
            return;
        }
        if (where != null) {
            out.append("  - Most of its time is in ").append(span(where)).append(" on the critical path.\n");
        }
        if (failure != null) {
            out.append("  - The failure starts at ").append(span(failure)).append(".\n");
        }
    }

    private static String hinted(Findings f) {
        return String.join("; ", f.hintOperations.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\" → " + String.join(", ", e.getValue())).toList());
    }

    /** Where the slow or failing spans of the focus sit: the operations, and the dependencies they call. */
    private static void sites(Findings f, StringBuilder out) {
        long total = f.sites.stream().mapToLong(Findings.Site::spans).sum();
        if (f.sites.isEmpty() || total == 0) {
            return;
        }
        out.append("- Where the ").append(f.sites.getFirst().symptom()).append(" `").append(f.focus)
                .append("` spans are: ").append(String.join("; ", f.sites.stream().limit(3)
                        .map(site -> "`" + site.operation() + "`" + (calls(f, site) ? " calling `" + site.peer() + "`" : "")
                                + " " + count(site.spans())).toList())).append(".\n");
    }

    /** Whether a site's peer is another service or host than the focus itself. */
    private static boolean calls(Findings f, Findings.Site site) {
        return !site.peer().isEmpty() && !site.peer().equals(f.focus) && !site.peer().startsWith(f.focus + ".")
                && !site.peer().startsWith(f.focus + " ");
    }

    /** The dependency most of the slow or failing spans call, when they call one; else null. */
    static Findings.Site dependency(Findings f) {
        long total = f.sites.stream().mapToLong(Findings.Site::spans).sum();
        return f.sites.stream().filter(site -> calls(f, site) && site.spans() * 3 >= total).findFirst().orElse(null);
    }

    private static void notDetermined(Findings f, StringBuilder out) {
        var lines = new ArrayList<String>();
        if (f.incomplete) {
            lines.add("I reached the run's step limit before finishing; ask again to continue.");
        }
        for (String problem : f.problems) {
            lines.add(Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".");
        }
        if (f.focus != null) {
            lines.add("I read telemetry only, not the code: the change behind it is not checked (the git tool can show"
                    + " it if the repository is configured).");
        }
        if (lines.isEmpty()) {
            return;
        }
        out.append("\n**Not determined**\n");
        lines.forEach(line -> out.append("- ").append(line).append("\n"));
    }

    private static String latency(SeriesChange.Change change) {
        return change.latencyMeasure() + " latency " + ms(change.latencyBefore()) + " → " + ms(change.latencyAfter())
                + " ms" + (change.latencyMeasure().equals("p99") || Double.isNaN(change.p99Before()) ? ""
                : " (p99 " + ms(change.p99Before()) + " → " + ms(change.p99After()) + " ms)");
    }

    private static List<Map.Entry<String, SeriesChange.Change>> sorted(Map<String, SeriesChange.Change> changes) {
        return changes.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, SeriesChange.Change> e) -> -e.getValue().severity())
                        .thenComparing(Map.Entry::getKey))
                .toList();
    }

    private static String span(SpanLine span) {
        String detail = !span.exception().isEmpty() ? span.exception() : span.message();
        return "`" + span.service() + "` " + span.operation() + " " + ms(span.durationMs()) + " ms"
                + (span.status().equals("error") ? " (error" + (detail.isEmpty() ? "" : ": " + shorten(detail, 120)) + ")" : "");
    }

    private static String shorten(String text, int chars) {
        String line = text.replace("\n", " ");
        return line.length() > chars ? line.substring(0, chars) + "…" : line;
    }

    static String codes(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    private static String bucket(long seconds) {
        if (seconds <= 0) {
            return "time";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "-hour";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "-minute";
        }
        return seconds + "-second";
    }

    static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "?";
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%,d", Math.round(ms));
        }
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    static String percent(double rate) {
        double pct = rate * 100;
        return String.format(Locale.ROOT, pct != 0 && pct < 1 ? "%.2f%%" : "%.1f%%", pct);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
