package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Export responses as OTLP/JSON: compact, defaults left out, 64-bit counts as decimal strings. */
class OtlpJsonEncodeTest {

    @Test
    void aFullSuccessIsAnEmptyObject() {
        assertThat(json(ExportTraceServiceResponse.getDefaultInstance())).isEqualTo("{}");
        assertThat(json(ExportLogsServiceResponse.getDefaultInstance())).isEqualTo("{}");
        assertThat(json(ExportMetricsServiceResponse.getDefaultInstance())).isEqualTo("{}");
    }

    @Test
    void aPartialSuccessCarriesTheRejectedCountAndTheMessage() {
        var traces = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(2).setErrorMessage("span 'GET /cart': trace id must be 16 bytes")).build();
        var logs = ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(1).setErrorMessage("log record: severity number must be 0..24")).build();
        var metrics = ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(9_000_000_000L).setErrorMessage("metrics are not stored yet")).build();

        // JsonFormat escapes ' < > = & as \\uXXXX, as Gson does for HTML safety; any JSON reader takes that.
        assertThat(json(traces)).isEqualTo(
                "{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"span \\u0027GET /cart\\u0027: trace id must be 16 bytes\"}}");
        assertThat(json(logs))
                .isEqualTo("{\"partialSuccess\":{\"rejectedLogRecords\":\"1\",\"errorMessage\":\"log record: severity number must be 0..24\"}}");
        assertThat(json(metrics))
                .isEqualTo("{\"partialSuccess\":{\"rejectedDataPoints\":\"9000000000\",\"errorMessage\":\"metrics are not stored yet\"}}");
    }

    @Test
    void aWarningWithNothingRejectedOmitsTheZeroCount() {
        var warning = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setErrorMessage("attribute values over 4 KiB were truncated")).build();

        assertThat(json(warning)).isEqualTo("{\"partialSuccess\":{\"errorMessage\":\"attribute values over 4 KiB were truncated\"}}");
    }

    @Test
    void theMessageIsEscapedJsonInUtf8() {
        var response = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(1).setErrorMessage("span \"Größe\"\n")).build();

        byte[] encoded = OtlpJson.encode(response);

        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"span \\\"Größe\\\"\\n\"}}");
    }

    @Test
    void encodedResponsesDecodeBackWithProtobufsOwnParser() throws Exception {
        var response = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(3).setErrorMessage("three spans had no trace id")).build();
        var parsed = ExportTraceServiceResponse.newBuilder();

        com.google.protobuf.util.JsonFormat.parser().merge(json(response), parsed);

        assertThat(parsed.build()).isEqualTo(response);
    }

    @Test
    void onlyResponsesAreEncoded() {
        // A request would need hex ids, which protobuf's printer does not write.
        assertThatThrownBy(() -> OtlpJson.encode(ExportTraceServiceRequest.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ExportTraceServiceRequest");
    }

    private static String json(com.google.protobuf.Message response) {
        return new String(OtlpJson.encode(response), StandardCharsets.UTF_8);
    }
}
