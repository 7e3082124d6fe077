package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.platform.pricing.ModelPrice;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final ByteString TRACE = bytes("5b8efff798038103d269b633813fc60c");

    private static final Scrub SCRUB = new Scrub(PiiScrubber.builtInsOnly(), new PiiScrubCounts());

    private static final ModelPrices PRICES = ModelPrices.builtIn();

    private final SpanNormalizer normalizer = new SpanNormalizer(PRICES, new TimeCheck(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void foldsResourceAndScopeIntoEachSpanAndKeepsEveryAttribute() {
        Span span = span("eee19b7ec3c1b174", "GET /cart")
                .setParentSpanId(bytes("eee19b7ec3c1b173"))
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(500).build()))
                .addAttributes(kv("gen_ai.unknown.future_key", AnyValue.newBuilder().setStringValue("kept").build()))
                .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setDoubleValue(1.5))).build()))
                .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(NOW_NS + 5)
                        .addAttributes(kv("exception.type", AnyValue.newBuilder().setStringValue("IOException").build())))
                .addLinks(Span.Link.newBuilder().setTraceId(TRACE).setSpanId(bytes("0000000000000001")))
                .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(new byte[3])).setSpanId(bytes("0000000000000001")))
                .build();

        var result = normalizer.normalize("p1", SCRUB, request(span));

        assertThat(result.rejected()).isZero();
        SpanRow row = result.rows().getFirst();
        assertThat(row.projectId()).isEqualTo("p1");
        assertThat(row.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(row.parentSpanId()).isEqualTo("eee19b7ec3c1b173");
        assertThat(row.serviceName()).isEqualTo("cart");
        assertThat(row.scopeName()).isEqualTo("io.opentelemetry.http");
        assertThat(row.kind()).isEqualTo(SpanRow.SpanKind.SERVER);
        assertThat(row.statusCode()).isEqualTo(SpanRow.StatusCode.ERROR);
        assertThat(row.statusMessage()).isEqualTo("boom");
        assertThat(row.durationNanos()).isEqualTo(250_000_000L);
        assertThat(row.resourceAttributes()).containsEntry("service.version", "1.2.3");
        assertThat(row.attributes()).containsEntry("http.response.status_code", "500")
                .containsEntry("gen_ai.unknown.future_key", "kept")
                .containsEntry("tags", "[\"a\",1.5]")
                .doesNotContainKey(TimeCheck.FLAG_KEY);
        assertThat(row.events()).singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("exception.type", "IOException"));
        assertThat(row.links()).as("the link with a malformed trace id is dropped").hasSize(1);
        assertThat(row.llm()).isEqualTo(SpanRow.LlmUsage.NONE);
    }

    @Test
    void rejectsOnlyTheSpansWithBadIdsAndSaysWhy() {
        var result = normalizer.normalize("p1", SCRUB, request(
                span("eee19b7ec3c1b174", "good").build(),
                span("eee19b7ec3c1b175", "short trace").setTraceId(ByteString.copyFrom(new byte[5])).build(),
                span("0000000000000000", "zero span id").build(),
                span("eee19b7ec3c1b176", "bad parent").setParentSpanId(ByteString.copyFrom(new byte[3])).build()));

        assertThat(result.rows()).extracting(SpanRow::name).containsExactly("good");
        assertThat(result.rejected()).isEqualTo(3);
        assertThat(result.message()).contains("span 'short trace': trace id must be 16 bytes", "was 5 bytes",
                "span 'zero span id': span id must be 8 bytes", "span 'bad parent': parent span id");
    }

    @Test
    void readsGenAiConventionsIntoModelTokensAndCost() {
        var chat = span("eee19b7ec3c1b174", "chat gpt-4o-mini")
                .addAttributes(kv("gen_ai.system", str("openai")))
                .addAttributes(kv("gen_ai.request.model", str("gpt-4o-mini")))
                .addAttributes(kv("gen_ai.response.model", str("gpt-4o-mini-2024-07-18")))
                .addAttributes(kv("gen_ai.usage.input_tokens", AnyValue.newBuilder().setIntValue(1_000_000).build()))
                .addAttributes(kv("gen_ai.usage.output_tokens", AnyValue.newBuilder().setIntValue(500_000).build()))
                .build();
        var priced = span("eee19b7ec3c1b175", "chat with own cost")
                .addAttributes(kv("gen_ai.request.model", str("my-local-model")))
                .addAttributes(kv("gen_ai.usage.prompt_tokens", str("12")))
                .addAttributes(kv("gen_ai.usage.cost", AnyValue.newBuilder().setDoubleValue(0.5).build()))
                .build();

        var rows = normalizer.normalize("p1", SCRUB, request(chat, priced)).rows();

        SpanRow.LlmUsage chatUsage = rows.get(0).llm();
        assertThat(chatUsage.system()).isEqualTo("openai");
        assertThat(chatUsage.model()).as("the response model wins").isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(chatUsage.inputTokens()).isEqualTo(1_000_000);
        assertThat(chatUsage.outputTokens()).isEqualTo(500_000);
        assertThat(chatUsage.costUsd()).as("priced as gpt-4o-mini, not gpt-4o").isCloseTo(0.15 + 0.30, within(1e-9));
        assertThat(rows.get(1).llm()).isEqualTo(new SpanRow.LlmUsage("", "my-local-model", 12, 0, 0.5));
    }

    @Test
    void cachedAndReasoningTokensFromTheGenAiConventionsArePricedFromTheTable() {
        // OpenAI through the current conventions: 4,000 of 10,000 input tokens were cached,
        // 500 of 2,000 output tokens were reasoning.
        var span = span("eee19b7ec3c1b174", "chat gpt-5")
                .addAttributes(kv("gen_ai.provider.name", str("openai")))
                .addAttributes(kv("gen_ai.request.model", str("gpt-5")))
                .addAttributes(kv("gen_ai.response.model", str("gpt-5-2025-08-07")))
                .addAttributes(kv("gen_ai.usage.input_tokens", integer(10_000)))
                .addAttributes(kv("gen_ai.usage.output_tokens", integer(2_000)))
                .addAttributes(kv("gen_ai.usage.cache_read.input_tokens", integer(4_000)))
                .addAttributes(kv("gen_ai.usage.reasoning.output_tokens", integer(500)))
                .build();

        SpanRow.LlmUsage usage = normalizer.normalize("p1", SCRUB, request(span)).rows().getFirst().llm();

        assertThat(usage).isEqualTo(new SpanRow.LlmUsage("openai", "gpt-5-2025-08-07", 10_000, 2_000, 4_000, 0, 500,
                usage.costUsd()));
        // 6,000 x 1.25 + 4,000 x 0.125 + 2,000 x 10.00 per million: cached tokens at the cached rate.
        assertThat(usage.costUsd()).isCloseTo(0.028, within(1e-12));
        assertThat(usage.costUsd()).isEqualTo(PRICES.cost("gpt-5", TokenCounts.fromOpenAi(10_000, 2_000, 4_000, 500))
                .orElseThrow().doubleValue());
    }

    @Test
    void anthropicCacheWritesArePricedAtTheirRate() {
        // OpenLLMetry's names; input already includes the cache reads and writes.
        var span = span("eee19b7ec3c1b174", "anthropic.chat")
                .addAttributes(kv("gen_ai.system", str("anthropic")))
                .addAttributes(kv("gen_ai.request.model", str("claude-sonnet-4-5-20250929")))
                .addAttributes(kv("gen_ai.usage.prompt_tokens", integer(23_000)))
                .addAttributes(kv("gen_ai.usage.completion_tokens", integer(500)))
                .addAttributes(kv("gen_ai.usage.cache_read_input_tokens", integer(20_000)))
                .addAttributes(kv("gen_ai.usage.cache_creation_input_tokens", integer(2_000)))
                .build();

        SpanRow.LlmUsage usage = normalizer.normalize("p1", SCRUB, request(span)).rows().getFirst().llm();

        assertThat(usage.cachedInputTokens()).isEqualTo(20_000);
        assertThat(usage.cacheWriteTokens()).isEqualTo(2_000);
        // 1,000 x 3.00 + 20,000 x 0.30 + 2,000 x 3.75 + 500 x 15.00 per million.
        assertThat(usage.costUsd()).isCloseTo(0.024, within(1e-12));
    }

    @Test
    void cacheTokensSentApartFromInputAreAddedToItInsteadOfDroppingOut() {
        // Anthropic's own way: input_tokens counts only what came after the cache.
        var span = span("eee19b7ec3c1b174", "anthropic.chat")
                .addAttributes(kv("gen_ai.request.model", str("claude-sonnet-4-5")))
                .addAttributes(kv("gen_ai.usage.input_tokens", integer(1_000)))
                .addAttributes(kv("gen_ai.usage.output_tokens", integer(500)))
                .addAttributes(kv("gen_ai.usage.cache_read.input_tokens", integer(20_000)))
                .addAttributes(kv("gen_ai.usage.cache_creation.input_tokens", integer(2_000)))
                .build();

        SpanRow.LlmUsage usage = normalizer.normalize("p1", SCRUB, request(span)).rows().getFirst().llm();

        assertThat(usage.inputTokens()).isEqualTo(23_000);
        assertThat(usage.costUsd()).isCloseTo(0.024, within(1e-12));
    }

    @Test
    void openInferenceNamesArePricedToo() {
        var span = span("eee19b7ec3c1b174", "ChatCompletion")
                .addAttributes(kv("llm.provider", str("openai")))
                .addAttributes(kv("llm.model_name", str("gpt-4o-2024-08-06")))
                .addAttributes(kv("llm.token_count.prompt", integer(10_000)))
                .addAttributes(kv("llm.token_count.completion", integer(2_000)))
                .addAttributes(kv("llm.token_count.prompt_details.cache_read", integer(4_000)))
                .addAttributes(kv("llm.token_count.completion_details.reasoning", integer(500)))
                .build();

        SpanRow.LlmUsage usage = normalizer.normalize("p1", SCRUB, request(span)).rows().getFirst().llm();

        assertThat(usage).isEqualTo(new SpanRow.LlmUsage("openai", "gpt-4o-2024-08-06", 10_000, 2_000, 4_000, 0, 500,
                usage.costUsd()));
        // 6,000 x 2.50 + 4,000 x 1.25 + 2,000 x 10.00 per million.
        assertThat(usage.costUsd()).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void aCostTheSpanSendsWinsOverTheTableAndAnOverrideReplacesTheTablesPrice() {
        var span = span("eee19b7ec3c1b174", "chat gpt-4o")
                .addAttributes(kv("gen_ai.request.model", str("gpt-4o")))
                .addAttributes(kv("gen_ai.usage.input_tokens", integer(1_000_000)))
                .addAttributes(kv("gen_ai.usage.output_tokens", integer(0)));
        var overridden = new SpanNormalizer(PRICES.withOverrides(Map.of("gpt-4o", ModelPrice.of("1.00", "4.00"))),
                new TimeCheck(Clock.fixed(NOW, ZoneOffset.UTC)));

        double sent = normalizer.normalize("p1", SCRUB, request(span.clone()
                .addAttributes(kv("gen_ai.usage.cost", AnyValue.newBuilder().setDoubleValue(0.01).build())).build()))
                .rows().getFirst().llm().costUsd();
        double table = normalizer.normalize("p1", SCRUB, request(span.build())).rows().getFirst().llm().costUsd();
        double override = overridden.normalize("p1", SCRUB, request(span.build())).rows().getFirst().llm().costUsd();

        assertThat(sent).isEqualTo(0.01);
        assertThat(table).isCloseTo(2.50, within(1e-12));
        assertThat(override).isCloseTo(1.00, within(1e-12));
    }

    @Test
    void keepsDoubtfulTimesButFlagsThem() {
        var rows = normalizer.normalize("p1", SCRUB, request(
                span("eee19b7ec3c1b174", "no start").setStartTimeUnixNano(0).setEndTimeUnixNano(0).build(),
                span("eee19b7ec3c1b175", "backwards").setEndTimeUnixNano(NOW_NS - 2_000_000_000L).build(),
                span("eee19b7ec3c1b176", "future").setStartTimeUnixNano(NOW_NS + 3_600_000_000_000L)
                        .setEndTimeUnixNano(NOW_NS + 3_600_000_000_001L).build())).rows();

        assertThat(rows.get(0).startTimeNanos()).isEqualTo(NOW_NS);
        assertThat(rows.get(0).attributes()).containsEntry(TimeCheck.FLAG_KEY, "start_time_missing");
        assertThat(rows.get(1).durationNanos()).isZero();
        assertThat(rows.get(1).attributes()).containsEntry(TimeCheck.FLAG_KEY, "end_before_start");
        assertThat(rows.get(2).startTimeNanos()).isEqualTo(NOW_NS + 3_600_000_000_000L);
        assertThat(rows.get(2).attributes()).containsEntry(TimeCheck.FLAG_KEY, "time_in_future");
    }

    @Test
    void cutsOversizedValuesWithAMarker() {
        var row = normalizer.normalize("p1", SCRUB, request(span("eee19b7ec3c1b174", "big")
                .addAttributes(kv("prompt", str("x".repeat(AttributeText.MAX_VALUE_CHARS + 10)))).build())).rows().getFirst();

        assertThat(row.attributes().get("prompt")).hasSize(AttributeText.MAX_VALUE_CHARS + "…[truncated 10 chars]".length())
                .endsWith("…[truncated 10 chars]");
    }

    @Test
    void scrubsPiiFromNamesMessagesAndAttributesBeforeStoring() {
        var counts = new PiiScrubCounts();
        var row = normalizer.normalize("p1", new Scrub(PiiScrubber.builtInsOnly(), counts),
                request(span("eee19b7ec3c1b174", "lookup jane@example.com")
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("card 4111 1111 1111 1111 declined"))
                .addAttributes(kv("user.email", str("jane@example.com")))
                .addAttributes(kv("payment.card", str("4111-1111-1111-1111")))
                .addAttributes(kv("order.id", str("1234567890123456789"))).build())).rows().getFirst();

        assertThat(row.name()).doesNotContain("jane@example.com").contains("[REDACTED:email]");
        assertThat(row.statusMessage()).doesNotContain("4111");
        assertThat(row.attributes().get("user.email")).isEqualTo("[REDACTED:email]");
        assertThat(row.attributes().get("payment.card")).doesNotContain("4111");
        assertThat(row.attributes().get("order.id")).isEqualTo("1234567890123456789");
        assertThat(counts.get("email")).isEqualTo(2);
        assertThat(counts.get("card-number")).isEqualTo(2);
    }

    private static Span.Builder span(String spanId, String name) {
        return Span.newBuilder().setTraceId(TRACE).setSpanId(bytes(spanId)).setName(name)
                .setStartTimeUnixNano(NOW_NS - 1_000_000_000L).setEndTimeUnixNano(NOW_NS - 750_000_000L);
    }

    private static ExportTraceServiceRequest request(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("cart")))
                        .addAttributes(kv("service.version", str("1.2.3"))))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.http").setVersion("2.0"))
                        .addAllSpans(java.util.List.of(spans))))
                .build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static AnyValue integer(long value) {
        return AnyValue.newBuilder().setIntValue(value).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
