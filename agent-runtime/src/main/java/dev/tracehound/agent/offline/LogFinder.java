package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;
import static dev.tracehound.agent.offline.InvestigationReport.window;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.Investigation.Step;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The logs that mention some words: how many there are in the time asked (reading at most
 * {@value #PAGES} pages of {@value #PAGE}), in which services and at which severities, and the newest few with their traces.
 */
final class LogFinder {

    private static final int PAGE = 100;
    private static final int PAGES = 5;
    private static final int SHOWN = 5;
    private static final int BODY_CHARS = 200;
    /** The requests opened to say which endpoints write the records. */
    private static final int REQUESTS = 2;

    record Line(String time, String severity, String service, String body, String traceId) {}

    private final Asked asked;
    private final PlanSteps steps;
    private final Instant now;
    private TimeWindow window;
    private boolean widened;
    private boolean read;
    private boolean more;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    LogFinder(Asked asked, Map<String, Outcome> outcomes, Set<String> tools, Instant now) {
        this.asked = asked;
        this.steps = new PlanSteps(outcomes, tools, this::answer);
        this.now = now;
        this.window = asked.window();
    }

    Step next() {
        Optional<Step> step = pages(1, "", window);
        if (step.isPresent()) {
            return step.get();
        }
        if (read && lines.isEmpty() && !asked.windowAsked()) {
            window = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            widened = true;
            step = pages(2, "w", window);
            if (step.isPresent()) {
                return step.get();
            }
        }
        // The requests the newest records were written in: their traces' roots name the endpoints.
        List<String> traces = shown().stream().map(Line::traceId).filter(id -> id.matches("[0-9a-f]{32}")).distinct()
                .limit(REQUESTS).toList();
        var calls = new ArrayList<PlannedCall>();
        for (int i = 0; i < traces.size(); i++) {
            calls.add(new PlannedCall(3, "request" + i, "get_trace", Investigation.NODES.objectNode()
                    .put("trace_id", traces.get(i)).put("max_spans", 1)));
        }
        step = steps.need("Opening the requests the newest of them were written in.", calls);
        if (step.isPresent()) {
            return step.get();
        }
        for (int i = 0; i < traces.size(); i++) {
            Outcome trace = steps.results().has("request" + i) ? steps.results().usable("request" + i, null) : null;
            JsonNode root = trace == null ? null : trace.data().path("spans").path(0);
            if (root != null && root.isObject()) {
                requests.add("`" + root.path("service").asString("") + "` `" + root.path("operation").asString("")
                        + "` (trace `" + traces.get(i) + "`)");
            }
        }
        return new Step.Answer(answer());
    }

    /** The records to show: those of the services the question names, if it names some. */
    private List<Line> shown() {
        List<String> services = lines.stream().map(Line::service).distinct().toList();
        List<String> named = asked.scope().mentioned(services);
        return named.isEmpty() ? lines : lines.stream().filter(l -> named.contains(l.service())).toList();
    }

    /** Reads page after page of the search, up to {@value #PAGES}; a step while a page is missing. */
    private Optional<Step> pages(int phase, String prefix, TimeWindow window) {
        lines.clear();
        read = false;
        String cursor = null;
        for (int page = 0; page < PAGES; page++) {
            String label = prefix + "logs" + page;
            Optional<Step> step = steps.need(page == 0 ? "Searching the logs" + what() + " in " + window(window) + "."
                    : "Reading the next " + PAGE + " of them.", List.of(call(phase, label, window, cursor)));
            if (step.isPresent()) {
                return step;
            }
            Outcome outcome = steps.results().usable(label, "the log search");
            if (outcome == null) {
                return Optional.empty();
            }
            read = true;
            for (JsonNode log : outcome.data().path("logs")) {
                lines.add(new Line(log.path("time").asString(""), log.path("severity").asString(""),
                        log.path("service").asString(""), log.path("body").asString(""),
                        log.path("trace_id").asString("")));
            }
            cursor = outcome.data().path("next_cursor").isString() ? outcome.data().path("next_cursor").asString() : null;
            more = cursor != null;
            if (cursor == null) {
                break;
            }
        }
        return Optional.empty();
    }

    private String what() {
        return asked.searchText().map(t -> " for \"" + t + "\"").orElse(asked.measure().isEmpty() ? ""
                : " for " + asked.measure() + "s");
    }

    private PlannedCall call(int phase, String label, TimeWindow window, String cursor) {
        var search = within(window).put("limit", PAGE);
        asked.searchText().ifPresent(text -> search.put("text", text));
        if (!asked.measure().isEmpty()) {
            search.put("min_severity", asked.measure());
        } else if (asked.searchText().isEmpty()) {
            search.put("min_severity", "warn");
        }
        if (cursor != null) {
            search.put("cursor", cursor);
        }
        return new PlannedCall(phase, label, "log_search", search);
    }

    String answer() {
        var out = new StringBuilder();
        String span = window(window) + (widened ? " (the last 7 days: the last 24 hours had none)" : "");
        String what = asked.searchText().map(t -> " mentioning \"" + t + "\"").orElse(asked.measure().isEmpty()
                ? " at warning level or above" : " at " + asked.measure() + " level or above");
        List<String> services = lines.stream().map(Line::service).distinct().toList();
        List<String> named = asked.scope().mentioned(services);
        List<Line> shown = named.isEmpty() ? lines : lines.stream().filter(l -> named.contains(l.service())).toList();
        if (!read) {
            out.append("I could not search the logs, so I cannot say which mention it.");
        } else if (shown.isEmpty()) {
            out.append("**I found no log records").append(what).append(named.isEmpty() ? "" : " in "
                    + InvestigationReport.codes(named)).append("** between ").append(span).append(".");
            if (asked.searchText().isPresent()) {
                out.append(" The search matches whole words in the log body, ignoring case; try fewer or other words.");
            }
        } else {
            String howMany = (more && named.isEmpty() ? "More than " : "") + InvestigationReport.count(shown.size());
            out.append("**").append(howMany).append(" log record").append(shown.size() == 1 && !more ? "" : "s")
                    .append(what).append(named.isEmpty() ? "" : " in " + InvestigationReport.codes(named))
                    .append("** between ").append(span).append(more && named.isEmpty() ? " (I read the newest "
                            + PAGE * PAGES + ")" : "").append(".\n\n");
            out.append("- By service: ").append(tally(shown, true)).append(".\n- By severity: ")
                    .append(tally(shown, false)).append(".\n");
            if (!requests.isEmpty()) {
                out.append("- Written in requests to ").append(String.join("; ", requests)).append(".\n");
            }
            out.append("\nThe newest:\n");
            for (Line line : shown.stream().limit(SHOWN).toList()) {
                String body = line.body().replace("\n", " ").strip();
                out.append("- ").append(shortTime(line.time())).append(" ").append(line.severity()).append(" `")
                        .append(line.service()).append("`: \"")
                        .append(body.length() > BODY_CHARS ? body.substring(0, BODY_CHARS) + "…" : body).append("\"")
                        .append(line.traceId().isEmpty() ? "" : " (trace `" + line.traceId() + "`)").append("\n");
            }
        }
        return out.append(steps.notes()).toString().strip();
    }

    /** A log's time to the second, as people read it: 2025-03-10 15:48:25. */
    private static String shortTime(String time) {
        return time.length() >= 19 ? time.substring(0, 10) + " " + time.substring(11, 19) : time;
    }

    private static String tally(List<Line> lines, boolean byService) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Line line : lines) {
            counts.merge(byService ? line.service() : line.severity(), 1, Integer::sum);
        }
        return String.join(", ", counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> (byService ? "`" + e.getKey() + "`" : e.getKey()) + " " + e.getValue()).toList());
    }
}
