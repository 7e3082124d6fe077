package dev.tracehound.incidents.investigate;

import dev.tracehound.agent.session.SessionToolCall;
import dev.tracehound.incidents.investigate.IncidentReport.Confidence;
import dev.tracehound.incidents.investigate.IncidentReport.Evidence;
import dev.tracehound.incidents.investigate.IncidentReport.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a report from an investigation's answer and tool calls. The answer is asked to end with
 * {@link FirstMessage#CLOSING_LINES}; a model that ignores them still gives a report: its first
 * paragraph as the summary, no cause, confidence unknown.
 */
final class ReportReader {

    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");
    /** A closing line, also as models dress it: "**Summary:** …", "- Confidence: High". */
    private static final Pattern CLOSING = Pattern.compile(
            "^[\\s>*_#-]*(summary|suspected cause|confidence|not determined)[*_]*\\s*:[*_]*\\s*(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_SUMMARY = 500;
    private static final int MAX_FIELD = 2_000;

    private ReportReader() {}

    static IncidentReport read(UUID sessionId, String answer, List<SessionToolCall> calls) {
        Map<String, String> closing = closingLines(answer);
        String summary = closing.getOrDefault("summary", "");
        if (summary.isBlank()) {
            summary = firstParagraph(answer);
        }
        return new IncidentReport(cap(summary, MAX_SUMMARY), cap(closing.getOrDefault("suspected cause", ""), MAX_FIELD),
                Confidence.parse(closing.get("confidence")), cap(closing.getOrDefault("not determined", ""), MAX_FIELD),
                new Evidence(traceIds(answer, calls), calls.stream().map(ReportReader::query).toList()), sessionId, answer);
    }

    /**
     * The last of each closing line in the answer, without Markdown emphasis. A line with nothing
     * after its colon takes the lines below it (a list), up to the next closing line or a blank line.
     */
    static Map<String, String> closingLines(String answer) {
        var found = new LinkedHashMap<String, String>();
        List<String> lines = answer.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher line = CLOSING.matcher(lines.get(i));
            if (!line.matches()) {
                continue;
            }
            String key = line.group(1).toLowerCase(Locale.ROOT);
            String value = plain(line.group(2));
            if (value.isEmpty()) {
                var items = new ArrayList<String>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && !CLOSING.matcher(lines.get(j)).matches(); j++) {
                    items.add(plain(lines.get(j).replaceFirst("^\\s*(?:[-*•]|\\d+\\.)\\s+", "")));
                }
                value = String.join("; ", items);
            }
            found.put(key, value);
        }
        return found;
    }

    /** The answer's first paragraph that is not a heading, without Markdown emphasis. */
    private static String firstParagraph(String answer) {
        for (String paragraph : answer.strip().split("\\n\\s*\\n")) {
            String text = plain(paragraph.lines().filter(l -> !l.strip().startsWith("#"))
                    .map(String::strip).reduce((a, b) -> a + " " + b).orElse(""));
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "The investigation gave no answer.";
    }

    private static List<String> traceIds(String answer, List<SessionToolCall> calls) {
        Set<String> ids = new LinkedHashSet<>();
        collect(answer, ids);
        for (SessionToolCall call : calls) {
            call.output().ifPresent(output -> collect(output, ids));
        }
        return ids.stream().limit(Evidence.MAX_TRACE_IDS).toList();
    }

    private static void collect(String text, Set<String> ids) {
        Matcher matcher = TRACE_ID.matcher(text);
        while (matcher.find() && ids.size() < Evidence.MAX_TRACE_IDS) {
            ids.add(matcher.group());
        }
    }

    private static Query query(SessionToolCall call) {
        String output = call.output().orElse("");
        return new Query(call.toolName(), kind(call.toolName()), call.arguments(), cap(output, Query.MAX_RESULT_CHARS),
                call.error());
    }

    static String kind(String tool) {
        return switch (tool) {
            case "bubbleup" -> "bubbleup";
            case "log_search" -> "logs";
            case "trace_search" -> "traces";
            case "get_trace" -> "trace";
            case "aggregate" -> "aggregate";
            case "metric_query" -> "metrics";
            case "llm_usage" -> "llm_usage";
            case "git" -> "code";
            case "shell" -> "shell";
            default -> tool;
        };
    }

    private static String plain(String text) {
        return text.replace("**", "").replace("__", "").replace("`", "").strip();
    }

    private static String cap(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars - 1) + "…";
    }
}
