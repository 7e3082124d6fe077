package dev.tracehound.evals.generate;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanEvent;
import dev.tracehound.analytics.SpanRow.StatusCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns finished spans into rows: the span, an ERROR log for each failing one and an INFO log
 * where asked; counts them and tells the ledger. Maps are built in a fixed order, so the rows
 * (and their JSON) are the same from one run to the next.
 */
final class SpanOutput {

    static final String SCOPE = "dev.tracehound.evals";
    private static final int ERROR = 17;
    private static final int INFO = 9;

    private final String projectId;
    private final TelemetrySink sink;
    private final Ledger ledger;
    private long spans;
    private long logs;

    SpanOutput(String projectId, TelemetrySink sink, Ledger ledger) {
        this.projectId = projectId;
        this.sink = sink;
        this.ledger = ledger;
    }

    long spans() {
        return spans;
    }

    long logs() {
        return logs;
    }

    /** Writes the span, ending at {@code end}, failed with {@code failure} unless it is null. */
    void emit(Draft span, String traceId, long end, String failure, boolean infoLog) {
        long duration = end - span.start;
        boolean failed = failure != null;
        List<SpanEvent> events = List.of();
        String exceptionType = null;
        if (failed) {
            exceptionType = exceptionType(failure);
            var exception = new LinkedHashMap<String, String>(4);
            exception.put("exception.type", exceptionType);
            exception.put("exception.message", failure);
            events = List.of(new SpanEvent(end, "exception", exception));
        }
        sink.span(new SpanRow(projectId, traceId, span.spanId, span.parentId, "", span.name, span.kind,
                failed ? StatusCode.ERROR : StatusCode.UNSET, failed ? failure : "", span.service.name, SCOPE, "",
                span.start, duration, span.resource, span.attributes, events, List.of(), span.llm));
        spans++;
        ledger.observe(span, duration, failed);
        if (failed) {
            var attributes = new LinkedHashMap<String, String>(2);
            attributes.put("exception.type", exceptionType);
            log(span, traceId, end, ERROR, "ERROR", failure, attributes);
        } else if (infoLog) {
            log(span, traceId, end, INFO, "INFO",
                    "handled " + span.name + " in " + Math.max(1, Math.round(duration / 1e6)) + " ms", Map.of());
        }
    }

    private void log(Draft span, String traceId, long time, int severity, String severityText, String body,
            Map<String, String> attributes) {
        sink.log(new LogRow(projectId, time, time, traceId, span.spanId, severity, severityText, span.service.name, body,
                span.resource, attributes, SCOPE));
        logs++;
    }

    /** What an instrumentation would record as the exception, judged from the message. */
    static String exceptionType(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("timeout") || lower.contains("timed out") || lower.contains("deadline")) {
            return "TimeoutError";
        }
        if (lower.contains("refused") || lower.contains("unavailable") || lower.contains("connect")) {
            return "ConnectionError";
        }
        return "Error";
    }
}
