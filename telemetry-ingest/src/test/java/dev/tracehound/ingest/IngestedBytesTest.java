package dev.tracehound.ingest;

import static dev.tracehound.ingest.OtlpJsonTracesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.platform.pricing.ModelPrices;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each stored row carries the size of its OTLP record as received (the {@code ingested_bytes}
 * meter): the span's, the log record's, the data point's protobuf encoding, whether the request
 * came as protobuf or as OTLP/JSON, and before scrubbing changed anything.
 */
class IngestedBytesTest {

    private static final TimeCheck TIMES = new TimeCheck(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));
    private static final Scrub SCRUB = new Scrub(PiiScrubber.builtInsOnly(), new PiiScrubCounts());

    @Test
    void aSpanRowCarriesTheSpansEncodedSizeWhetherSentAsJsonOrProtobuf() throws Exception {
        ExportTraceServiceRequest fromJson = OtlpJson.decodeTraces(bytes(OtlpJsonTracesTest.TRACES));
        ExportTraceServiceRequest fromProtobuf = ExportTraceServiceRequest.parseFrom(fromJson.toByteArray());
        var normalizer = new SpanNormalizer(ModelPrices.builtIn(), TIMES);

        List<SpanRow> rows = normalizer.normalize("p1", SCRUB, fromJson).rows();

        var sent = fromJson.getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertThat(rows).extracting(SpanRow::ingestedBytes)
                .containsExactlyElementsOf(sent.stream().map(span -> span.toByteArray().length).toList())
                .allSatisfy(size -> assertThat(size).isPositive());
        assertThat(normalizer.normalize("p1", SCRUB, fromProtobuf).rows()).extracting(SpanRow::ingestedBytes)
                .containsExactlyElementsOf(rows.stream().map(SpanRow::ingestedBytes).toList());
    }

    @Test
    void aLogRowCarriesTheRecordsSizeAsReceivedNotAsScrubbed() {
        ExportLogsServiceRequest request = OtlpJson.decodeLogs(bytes(OtlpJsonLogsAndMetricsTest.LOGS.replace(
                "card authorisation failed: issuer timeout", "card 4111 1111 1111 1111 of jane@example.com failed")));

        List<LogRow> rows = new LogNormalizer(TIMES).normalize("p1", SCRUB, request).rows();

        var sent = request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
        assertThat(rows.getFirst().body()).as("scrubbed").doesNotContain("4111").doesNotContain("jane@example.com");
        assertThat(rows).extracting(LogRow::ingestedBytes)
                .containsExactly(sent.get(0).toByteArray().length, sent.get(1).toByteArray().length);
    }

    @Test
    void aMetricRowCarriesItsDataPointsSizeExemplarsIncluded() {
        ExportMetricsServiceRequest request = OtlpJson.decodeMetrics(bytes(OtlpJsonLogsAndMetricsTest.METRICS));

        List<MetricRow> rows = new MetricNormalizer(TIMES).normalize("p1", SCRUB, request).rows();

        var sizes = new ArrayList<Integer>();
        for (Metric metric : request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            switch (metric.getDataCase()) {
                case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> sizes.add(p.toByteArray().length));
                case SUM -> metric.getSum().getDataPointsList().forEach(p -> sizes.add(p.toByteArray().length));
                case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(p -> sizes.add(p.toByteArray().length));
                default -> throw new AssertionError("the request has no " + metric.getDataCase());
            }
        }
        assertThat(rows).extracting(MetricRow::ingestedBytes).containsExactlyElementsOf(sizes);
        var sum = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(1).getSum().getDataPoints(0);
        assertThat(rows.get(1).ingestedBytes()).as("the sum's point, its exemplar counted")
                .isGreaterThan(sum.toBuilder().clearExemplars().build().getSerializedSize());
    }
}
