package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generates one data set and checks that every trace in it is well-formed OpenTelemetry. */
class TraceStructureTest {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final List<String> RESOURCE_KEYS = List.of("service.name", "service.version", "deployment.environment",
            "host.name", "k8s.pod.name", "cloud.region", "telemetry.sdk.name", "telemetry.sdk.language",
            "telemetry.sdk.version");

    private static final List<String> problems = new ArrayList<>();
    private static final Set<String> seenTraceIds = new HashSet<>();
    private static final Map<String, Integer> spansByKind = new HashMap<>();
    private static final Map<String, Integer> errorSpansByName = new HashMap<>();
    private static final Set<String> services = new HashSet<>();
    private static final Set<Integer> severityNumbers = new HashSet<>();
    private static GenerationSummary summary;
    private static final ModelPrices PRICES = ModelPrices.builtIn();
    private static long llmSpans;
    private static long llmSpansWithCachedInput;
    private static long spansWithExceptionEvents;
    private static long cacheMissEvents;
    private static long linkedSpans;
    private static long uncorrelatedLogs;
    private static long correlatedLogs;

    /** The trace being received; spans of a trace arrive together, then its logs. */
    private static final Map<String, SpanRow> currentTrace = new HashMap<>();
    private static String currentTraceId = "";
    private static long previousRootStart;

    @BeforeAll
    static void generate() {
        Scenario scenario = Scenario.demo("7c3e4a9d-1b2f-4c6e-8d0a-5e9f1b3c7d24", Instant.parse("2025-03-10T21:30:00Z"))
                .withLoad(Load.targetSpans(150_000));
        summary = new DemoTelemetryGenerator(scenario).generate(Sinks.of(TraceStructureTest::span, TraceStructureTest::log));
        checkTrace();
    }

    private static void span(SpanRow span) {
        if (!span.traceId().equals(currentTraceId)) {
            checkTrace();
            currentTraceId = span.traceId();
            if (!seenTraceIds.add(currentTraceId)) {
                problems.add("spans of trace " + currentTraceId + " did not arrive together");
            }
            if (!span.isRoot()) {
                problems.add("trace " + currentTraceId + " does not start with its root span");
            } else {
                if (span.startTimeNanos() < previousRootStart) {
                    problems.add("trace " + currentTraceId + " arrived out of time order");
                }
                previousRootStart = span.startTimeNanos();
            }
        }
        if (currentTrace.put(span.spanId(), span) != null) {
            problems.add("duplicate span id " + span.spanId());
        }
        spansByKind.merge(span.kind().name(), 1, Integer::sum);
        services.add(span.serviceName());
        if (span.statusCode() == StatusCode.ERROR) {
            errorSpansByName.merge(span.serviceName() + " " + span.name(), 1, Integer::sum);
        }
        if (!span.links().isEmpty()) {
            linkedSpans++;
        }
        for (SpanRow.SpanEvent event : span.events()) {
            if (event.timeNanos() < span.startTimeNanos() || event.timeNanos() > span.endTimeNanos()) {
                problems.add("event " + event.name() + " outside its span " + span.spanId());
            }
            if (event.name().equals("cache.miss")) {
                cacheMissEvents++;
            }
            if (event.name().equals("exception")) {
                spansWithExceptionEvents++;
                if (!event.attributes().keySet().containsAll(List.of("exception.type", "exception.message", "exception.stacktrace"))
                        || span.statusCode() != StatusCode.ERROR) {
                    problems.add("incomplete exception event on " + span.name());
                }
            }
        }
        if (span.attributes().containsKey("gen_ai.system")) {
            llmSpans++;
            SpanRow.LlmUsage llm = span.llm();
            boolean chat = "chat".equals(span.attributes().get("gen_ai.operation.name"));
            if (span.kind() != SpanKind.CLIENT || llm.model().isEmpty() || llm.system().isEmpty() || llm.inputTokens() <= 0
                    || (chat && llm.outputTokens() <= 0) || !(llm.costUsd() > 0)
                    || !llm.model().equals(span.attributes().get("gen_ai.request.model"))
                    || !Long.toString(llm.inputTokens()).equals(span.attributes().get("gen_ai.usage.input_tokens"))
                    || !span.attributes().containsKey("gen_ai.response.model")) {
                problems.add("LLM span without full usage: " + span);
            }
            var tokens = new TokenCounts(llm.inputTokens(), llm.outputTokens(), llm.cachedInputTokens(),
                    llm.cacheWriteTokens(), llm.reasoningTokens());
            if (llm.costUsd() != PRICES.cost(llm.model(), tokens).orElseThrow().doubleValue()
                    || llm.costUsd() != PRICES.cost(span.attributes().get("gen_ai.response.model"), tokens).orElseThrow()
                            .doubleValue()) {
                problems.add("LLM span not priced by the price table: " + span);
            }
            if (llm.cachedInputTokens() > 0) {
                llmSpansWithCachedInput++;
            }
        } else if (span.llm().model().length() > 0) {
            problems.add("non-LLM span with LLM usage: " + span.name());
        }
        if (!span.resourceAttributes().keySet().containsAll(RESOURCE_KEYS)
                || !span.serviceName().equals(span.resourceAttributes().get("service.name"))
                || span.scopeName().isEmpty() || span.scopeVersion().isEmpty()) {
            problems.add("incomplete resource or scope on " + span.serviceName() + " " + span.name());
        }
    }

    private static void log(LogRow log) {
        severityNumbers.add(log.severityNumber());
        boolean severityMatches = switch (log.severityText()) {
            case "DEBUG" -> log.severityNumber() == 5;
            case "INFO" -> log.severityNumber() == 9;
            case "WARN" -> log.severityNumber() == 13;
            case "ERROR" -> log.severityNumber() == 17;
            default -> false;
        };
        if (!severityMatches || log.body().isEmpty() || log.observedTimeNanos() < log.timeNanos()
                || !log.serviceName().equals(log.resourceAttributes().get("service.name"))) {
            problems.add("malformed log: " + log);
        }
        if (log.traceId().isEmpty()) {
            uncorrelatedLogs++;
            if (!log.spanId().isEmpty()) {
                problems.add("log with a span id but no trace id");
            }
            return;
        }
        correlatedLogs++;
        SpanRow span = currentTrace.get(log.spanId());
        if (!log.traceId().equals(currentTraceId) || span == null) {
            problems.add("log not right after the trace and span it belongs to: " + log.body());
        } else if (log.timeNanos() < span.startTimeNanos() || log.timeNanos() > span.endTimeNanos()
                || !log.serviceName().equals(span.serviceName())) {
            problems.add("log outside its span or from another service: " + log.body());
        }
    }

    private static void checkTrace() {
        if (currentTrace.isEmpty()) {
            return;
        }
        if (!TRACE_ID.matcher(currentTraceId).matches() || currentTraceId.chars().allMatch(c -> c == '0')) {
            problems.add("malformed trace id " + currentTraceId);
        }
        int roots = 0;
        for (SpanRow span : currentTrace.values()) {
            if (!SPAN_ID.matcher(span.spanId()).matches() || span.spanId().equals("0000000000000000")) {
                problems.add("malformed span id " + span.spanId());
            }
            if (span.isRoot()) {
                roots++;
                if (span.kind() != SpanKind.SERVER || !span.serviceName().equals("frontend")) {
                    problems.add("root is not a frontend server span: " + span.name());
                }
                continue;
            }
            SpanRow parent = currentTrace.get(span.parentSpanId());
            if (parent == null) {
                problems.add("span " + span.name() + " has no parent in trace " + currentTraceId);
            } else if (span.startTimeNanos() < parent.startTimeNanos() || span.endTimeNanos() > parent.endTimeNanos()) {
                problems.add(span.name() + " is not within its parent " + parent.name() + " in trace " + currentTraceId);
            } else if (span.kind() == SpanKind.SERVER && parent.kind() != SpanKind.CLIENT) {
                problems.add("server span " + span.name() + " is not called by a client span");
            }
        }
        if (roots != 1) {
            problems.add("trace " + currentTraceId + " has " + roots + " roots");
        }
        currentTrace.clear();
    }

    @Test
    void everyTraceIsWellFormed() {
        assertThat(problems).as("first problems: %s", problems.stream().limit(5).toList()).isEmpty();
        assertThat(seenTraceIds).hasSize((int) summary.traces());
        assertThat(summary.spans()).isEqualTo(spansByKind.values().stream().mapToLong(Integer::intValue).sum());
    }

    @Test
    void allServicesAndSpanKindsAppear() {
        assertThat(services).containsExactlyInAnyOrder("frontend", "checkout", "payments", "inventory", "recommendation");
        assertThat(spansByKind).containsOnlyKeys("SERVER", "CLIENT", "INTERNAL");
        assertThat(llmSpans).isGreaterThan(1_000);
        assertThat(llmSpansWithCachedInput).as("OpenAI chat calls with a cached prompt head").isGreaterThan(100);
        assertThat(cacheMissEvents).isGreaterThan(1_000);
    }

    @Test
    void logsAreCorrelatedWithTheirSpansAndSomeAreBackground() {
        assertThat(correlatedLogs).isGreaterThan(summary.traces());
        assertThat(uncorrelatedLogs).isGreaterThan(100);
        assertThat(correlatedLogs + uncorrelatedLogs).isEqualTo(summary.logs());
        assertThat(severityNumbers).contains(9, 13, 17);
    }

    @Test
    void thereIsSomeBackgroundTroubleButLittle() {
        System.out.printf("structure: %d traces, %d spans, %d logs, %d error spans %s, %d exception events, %d linked spans%n",
                summary.traces(), summary.spans(), summary.logs(), summary.errorSpans(), errorSpansByName,
                spansWithExceptionEvents, linkedSpans);
        assertThat(errorSpansByName).containsKeys("inventory UPDATE shop.stock", "frontend shop.InventoryService/CheckAvailability");
        assertThat(spansWithExceptionEvents).isGreaterThan(10);
        assertThat(summary.errorSpans()).isBetween(summary.spans() / 1_000, summary.spans() / 50);
        assertThat(summary.failedRequests()).isLessThan(summary.traces() / 100);
    }
}
