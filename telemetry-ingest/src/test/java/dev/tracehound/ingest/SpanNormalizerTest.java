package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.SpanRow;
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

    private final SpanNormalizer normalizer = new SpanNormalizer(
            new LlmPrices(Map.of("gpt-4o", new LlmPrices.Price(2.5, 10), "gpt-4o-mini", new LlmPrices.Price(0.15, 0.6))),
            new TimeCheck(Clock.fixed(NOW, ZoneOffset.UTC)));

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

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
