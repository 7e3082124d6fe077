package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.app.SseClient.Event;
import dev.tracehound.platform.ApiKeys.Scope;
import dev.tracehound.platform.pricing.ModelPrice;
import dev.tracehound.platform.pricing.ModelPrices;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One price table: the same model call costs the same whether an instrumented application
 * reports it as an OTLP span (priced at ingest into the span's enriched columns) or the agent
 * makes it (priced by its metering into the session's usage), and its cached-input and
 * reasoning tokens are counted and priced on both sides, and shown by the query API (the trace,
 * the LLM calls and usage) as by the session's usage. The agent talks to a fake
 * OpenAI-compatible server through the real Spring AI OpenAI client, as AgentApiIT does; the
 * span goes through the OpenTelemetry SDK's own exporter; both costs are read back through the
 * HTTP API, as a user reads them.
 */
class OnePriceTableIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    // One call of o4-mini: 10,000 prompt tokens, 4,000 of them read from OpenAI's cache; 2,000
    // completion tokens, 1,500 of them reasoning. Parts, as OpenAI and the GenAI conventions count.
    private static final String MODEL = "o4-mini";
    private static final int INPUT = 10_000;
    private static final int CACHED = 4_000;
    private static final int OUTPUT = 2_000;
    private static final int REASONING = 1_500;
    // By hand from the table (USD per million): 6,000 uncached x 1.10 + 4,000 cached x 0.275 +
    // 2,000 output x 4.40 (o4-mini has no reasoning rate: its reasoning is billed as output).
    private static final long EXPECTED_MICROS = 6_600 + 1_100 + 8_800;

    @AutoClose
    private static FakeOpenAiServer model;
    @AutoClose
    private static RunningApp app;
    private static String project;
    private static String ingestKey;
    private static String readKey;

    @BeforeAll
    static void start() {
        model = FakeOpenAiServer.start().otherwise(request -> FakeOpenAiServer.Reply
                .text("Checkout is slow ", "since the deploy.").withUsage(INPUT, OUTPUT, CACHED, REASONING));
        app = RunningApp.start(Map.of(
                "tracehound.agent.base-url", model.baseUrl(),
                "tracehound.agent.api-key", "test-key",
                "tracehound.agent.model", MODEL,
                "tracehound.ingest.linger", "50ms"));
        var ingest = app.newProjectKey("prices", Scope.INGEST);
        project = ingest.projectId();
        ingestKey = ingest.key();
        readKey = app.newProjectKey("prices", Scope.READ).key();
    }

    @Test
    void theSameModelCallCostsTheSameInASpanAndInTheAgentsUsageCachedAndReasoningTokensIncluded() throws Exception {
        ModelPrice.Rates rates = ModelPrices.builtIn().priceOf(MODEL).orElseThrow().rates();
        assertThat(List.of(rates.input(), rates.cachedInput(), rates.output(), rates.reasoning()))
                .as("the table's o4-mini rates the expected cost was computed with")
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1.10"), new BigDecimal("0.275"),
                        new BigDecimal("4.40"), new BigDecimal("4.40"));

        double spanCostUsd = costOfAReportedSpan();
        JsonNode agentUsage = usageOfAnAgentSession();

        assertThat(agentUsage.get("cachedInputTokens").asLong()).isEqualTo(CACHED);
        assertThat(agentUsage.get("reasoningTokens").asLong()).isEqualTo(REASONING);
        assertThat(agentUsage.get("inputTokens").asLong()).isEqualTo(INPUT);
        assertThat(agentUsage.get("outputTokens").asLong()).isEqualTo(OUTPUT);
        long agentMicros = agentUsage.get("costMicros").asLong();
        // The span stores the exact cost as a double, the agent whole micro-dollars.
        assertThat(Math.round(spanCostUsd * 1_000_000)).isEqualTo(agentMicros).isEqualTo(EXPECTED_MICROS);
        assertThat(spanCostUsd).isCloseTo(0.0165, offset(1e-12));
    }

    /** Reports the call as an instrumented application does, and reads its cost from the LLM calls API. */
    private static double costOfAReportedSpan() throws Exception {
        Instant from = Instant.now().minusSeconds(60);
        var exporter = OtlpHttpSpanExporter.builder().setEndpoint(app.base() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + ingestKey).build();
        String traceId;
        try (var tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            var span = tracing.get("prices-it").spanBuilder("chat " + MODEL).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.provider.name", "openai")
                    .setAttribute("gen_ai.request.model", MODEL)
                    .setAttribute("gen_ai.response.model", MODEL + "-2025-04-16")
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), (long) INPUT)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), (long) CACHED)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), (long) OUTPUT)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), (long) REASONING)
                    .startSpan();
            traceId = span.getSpanContext().getTraceId();
            span.end();
            assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        var filter = Map.of("from", from.toString(), "to", Instant.now().plusSeconds(60).toString(),
                "spanName", "chat " + MODEL);
        String body = JSON.writeValueAsString(Map.of("filter", filter, "sort", "costliest"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (JsonNode call : post("/api/v1/projects/" + project + "/llm/calls", body)) {
                if (call.get("traceId").asString().equals(traceId)) {
                    assertThat(call.get("model").asString()).isEqualTo(MODEL + "-2025-04-16");
                    assertTokens(call, "the call in /llm/calls");
                    assertTokens(get("/api/v1/projects/" + project + "/traces/" + traceId)
                            .get("roots").get(0).get("span").get("llm"), "the span's llm in the trace");
                    JsonNode usage = post("/api/v1/projects/" + project + "/llm/usage",
                            JSON.writeValueAsString(Map.of("filter", filter)));
                    assertTokens(usage.get("total"), "the total of /llm/usage");
                    assertThat(usage.get("total").get("calls").asLong()).isEqualTo(1);
                    return call.get("costUsd").asDouble();
                }
            }
            assertThat(System.nanoTime()).as("the span of trace %s within %s", traceId, WAIT).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The span's tokens as the query API shows them: the cached and reasoning parts beside their totals. */
    private static void assertTokens(JsonNode shown, String where) {
        assertThat(shown.get("inputTokens").asLong()).as(where).isEqualTo(INPUT);
        assertThat(shown.get("cachedInputTokens").asLong()).as(where).isEqualTo(CACHED);
        assertThat(shown.get("cacheWriteTokens").asLong()).as(where).isZero();
        assertThat(shown.get("outputTokens").asLong()).as(where).isEqualTo(OUTPUT);
        assertThat(shown.get("reasoningTokens").asLong()).as(where).isEqualTo(REASONING);
    }

    /** Asks the agent one question, answered by one call of the same size, and reads the session's usage. */
    private static JsonNode usageOfAnAgentSession() throws Exception {
        String sessions = "/api/v1/projects/" + project + "/agent/sessions";
        String session = post(sessions, "{\"title\": \"prices\"}").get("id").asString();
        List<Event> events;
        try (var stream = SseClient.post(app.base() + sessions + "/" + session + "/messages", readKey,
                JSON.writeValueAsString(Map.of("text", "Why is checkout slow?")))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.untilEnd(WAIT);
        }
        assertThat(events.getLast().data().get("reason").asString()).as(events.toString()).isEqualTo("completed");
        assertThat(model.lastRequest().model()).isEqualTo(MODEL);
        JsonNode usageEvent = events.stream().filter(e -> e.type().equals("usage")).findFirst().orElseThrow().data();
        assertThat(usageEvent.get("estimated").asBoolean()).isFalse();
        assertThat(usageEvent.get("priced").asBoolean()).isTrue();
        assertThat(usageEvent.get("cached_input_tokens").asLong()).isEqualTo(CACHED);
        assertThat(usageEvent.get("cache_write_tokens").asLong()).isZero();
        assertThat(usageEvent.get("reasoning_tokens").asLong()).isEqualTo(REASONING);
        assertThat(usageEvent.get("cost_micros").asLong()).isEqualTo(EXPECTED_MICROS);

        JsonNode stored = get(sessions + "/" + session).get("usage");
        assertThat(stored.get("modelCalls").asLong()).isEqualTo(1);
        return stored;
    }

    private static JsonNode post(String path, String body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .header("Authorization", "Bearer " + readKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .header("Authorization", "Bearer " + readKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
