package dev.tracehound.ingest;

import static dev.tracehound.ingest.OtlpJsonTracesTest.bytes;
import static dev.tracehound.ingest.OtlpJsonTracesTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids are hex in OTLP/JSON; one that is not is kept, rejectable, and spoils nothing else. */
class OtlpJsonIdsTest {

    private static final String GOOD_TRACE = "5b8efff798038103d269b633813fc60c";
    private static final String GOOD_SPAN = "eee19b7ec3c1b174";

    @Test
    void upperLowerAndMixedCaseHexAreTheSameId() {
        List<Span> spans = spans(span("5B8EFFF798038103D269B633813FC60C", "EEE19B7EC3C1B174", ""),
                span(GOOD_TRACE, GOOD_SPAN, ""), span("5b8EFFF798038103d269B633813fc60C", "eEe19b7eC3c1B174", ""));

        assertThat(spans).extracting(Span::getTraceId).containsOnly(id(GOOD_TRACE));
        assertThat(spans).extracting(Span::getSpanId).containsOnly(id(GOOD_SPAN));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5b8efff798038103d269b633813fc60",    // 31 digits
            "5b8efff798038103d269b633813fc60g",   // one letter past f
            "5b8efff7-9803-8103-d269-b633813fc60c", // a UUID's dashes
            " 5b8efff798038103d269b633813fc60c",  // padding
            "W47/95gDgQPSabYzgT/GDA==",           // the same id in base64, protobuf's own mapping
            "zzzzzzzzzzzzzzzz",                   // 16 characters, the byte length of a trace id
            "\u0665\u0665"                         // digits, but not ASCII ones
    })
    void anIdThatIsNotHexDecodesToTheInvalidIdWithoutFailingTheRequest(String notHex) {
        List<Span> spans = spans(span(notHex, GOOD_SPAN, notHex), span(GOOD_TRACE, notHex, GOOD_SPAN));

        assertThat(spans.get(0).getTraceId()).isEqualTo(OtlpJson.INVALID_ID);
        assertThat(spans.get(0).getParentSpanId()).isEqualTo(OtlpJson.INVALID_ID);
        assertThat(spans.get(0).getSpanId()).isEqualTo(id(GOOD_SPAN));
        assertThat(spans.get(1).getTraceId()).isEqualTo(id(GOOD_TRACE));
        assertThat(spans.get(1).getSpanId()).isEqualTo(OtlpJson.INVALID_ID);
        assertThat(spans.get(1).getParentSpanId()).isEqualTo(id(GOOD_SPAN));
    }

    @Test
    void theInvalidIdIsNeitherEmptyNorOfAnyValidIdLength() {
        assertThat(OtlpJson.INVALID_ID.size()).isNotIn(0, 8, 16);
    }

    @Test
    void hexOfTheWrongLengthIsKeptAsItsBytesSoItsSizeGivesItAway() {
        Span span = spans(span("abcd", GOOD_TRACE, "0102030405060708090a")).get(0);

        assertThat(span.getTraceId()).isEqualTo(id("abcd"));
        assertThat(span.getSpanId()).hasSize(16);
        assertThat(span.getParentSpanId()).isEqualTo(id("0102030405060708090a"));
    }

    @Test
    void idsInLinksLogRecordsAndExemplarsAreHexToo() {
        var link = OtlpJson.decodeTraces(bytes("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"links":[{"traceId":"%s","spanId":"nothex!!"}]}]}]}]}
                """.formatted(GOOD_TRACE))).getResourceSpans(0).getScopeSpans(0).getSpans(0).getLinks(0);
        var log = OtlpJson.decodeLogs(bytes("""
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"trace_id":"%s","span_id":"%s"}]}]}]}
                """.formatted(GOOD_TRACE, "12345"))).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        var exemplar = OtlpJson.decodeMetrics(bytes("""
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"asInt":"1",
                "exemplars":[{"traceId":"%s","spanId":"%s"}]}]}}]}]}]}
                """.formatted(GOOD_TRACE, GOOD_SPAN))).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0)
                .getGauge().getDataPoints(0).getExemplars(0);

        assertThat(link.getTraceId()).isEqualTo(id(GOOD_TRACE));
        assertThat(link.getSpanId()).isEqualTo(OtlpJson.INVALID_ID);
        assertThat(log.getTraceId()).isEqualTo(id(GOOD_TRACE));
        assertThat(log.getSpanId()).isEqualTo(OtlpJson.INVALID_ID);
        assertThat(exemplar.getTraceId()).isEqualTo(id(GOOD_TRACE));
        assertThat(exemplar.getSpanId()).isEqualTo(id(GOOD_SPAN));
    }

    @Test
    void bytesThatAreNotIdsStayBase64() {
        var value = OtlpJson.decodeTraces(bytes("""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"bytesValue":"AAEC/w=="}}]}}]}
                """)).getResourceSpans(0).getResource().getAttributes(0).getValue();

        assertThat(value.getBytesValue()).isEqualTo(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff}));
    }

    @Test
    void anIdThatIsNotAStringAtAllIsAMalformedRequest() {
        assertThatThrownBy(() -> spans(span(GOOD_TRACE, GOOD_SPAN, "").replace("\"" + GOOD_SPAN + "\"", "12345")))
                .isInstanceOf(OtlpJson.MalformedException.class)
                .hasMessage("resourceSpans[0].scopeSpans[0].spans[0].spanId: expected a hex string, got 12345");
    }

    private static String span(String traceId, String spanId, String parentSpanId) {
        return """
                {"traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"GET /cart","startTimeUnixNano":"1"}"""
                .formatted(traceId, spanId, parentSpanId);
    }

    private static List<Span> spans(String... spans) {
        String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + String.join(",", spans) + "]}]}]}";
        return OtlpJson.decodeTraces(bytes(body)).getResourceSpans(0).getScopeSpans(0).getSpansList();
    }
}
