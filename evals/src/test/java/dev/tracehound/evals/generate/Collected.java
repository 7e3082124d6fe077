package dev.tracehound.evals.generate;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.evals.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Every row a scenario made, kept, with what generating it returned. */
final class Collected implements TelemetrySink {

    final List<SpanRow> spans = new ArrayList<>();
    final List<LogRow> logs = new ArrayList<>();
    Generated generated;

    static Collected generate(Scenario scenario) {
        var collected = new Collected();
        collected.generated = TelemetryGenerator.generate(scenario, "project-1", collected);
        return collected;
    }

    @Override
    public void span(SpanRow span) {
        spans.add(span);
    }

    @Override
    public void log(LogRow log) {
        logs.add(log);
    }

    List<SpanRow> spans(Predicate<SpanRow> which) {
        return spans.stream().filter(which).toList();
    }

    Map<String, SpanRow> byId() {
        return spans.stream().collect(Collectors.toMap(SpanRow::spanId, span -> span));
    }

    Map<String, List<SpanRow>> byTrace() {
        return spans.stream().collect(Collectors.groupingBy(SpanRow::traceId, LinkedHashMap::new, Collectors.toList()));
    }

    Map<String, List<SpanRow>> byParent() {
        return spans.stream().collect(Collectors.groupingBy(SpanRow::parentSpanId));
    }

    /** Minutes from the window's start to the span's start. */
    static double minute(SpanRow span) {
        return (span.startTimeNanos() - (Shop.START.getEpochSecond() * 1_000_000_000L)) / 60e9;
    }

    static boolean startsIn(SpanRow span, double fromMinute, double toMinute) {
        double minute = minute(span);
        return minute >= fromMinute && minute < toMinute;
    }

    static boolean is(SpanRow span, String service, String name) {
        return span.serviceName().equals(service) && span.name().equals(name);
    }

    static boolean failed(SpanRow span) {
        return span.statusCode() == SpanRow.StatusCode.ERROR;
    }
}
