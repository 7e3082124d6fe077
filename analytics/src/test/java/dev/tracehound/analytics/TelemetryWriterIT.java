package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.MetricRow.ExponentialHistogram;
import dev.tracehound.analytics.MetricRow.Histogram;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Summary;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.SpanRow.LlmUsage;
import dev.tracehound.analytics.SpanRow.SpanEvent;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.SpanLink;
import dev.tracehound.analytics.SpanRow.StatusCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TelemetryWriterIT {

    private static final long T0 = 1_763_700_000_123_456_789L;
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @Test
    void spansRoundTripWithAttributesEventsLinksAndLlmUsage() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            writer.writeSpans(List.of(root(), llmChild()));

            Row row = test.clickHouse().query(Sql.of("""
                            SELECT name, kind, status_code, status_message, start_time_ns, duration_ns,
                                   toUnixTimestamp(timestamp) AS ts,
                                   span_attributes.key AS keys, span_attributes.value AS vals,
                                   resource_attributes.value[indexOf(resource_attributes.key, 'service.version')] AS version,
                                   events.name AS event_names, events.attribute_values AS event_values,
                                   links.trace_id AS link_traces
                            FROM spans WHERE project_id = {p:String} AND span_id = {s:String}""")
                            .bind("p", "project-a")
                            .bind("s", "b7ad6b7169203331"))
                    .getFirst();

            assertThat(row.string("name")).isEqualTo("POST /checkout");
            assertThat(row.string("kind")).isEqualTo("SERVER");
            assertThat(row.string("status_code")).isEqualTo("ERROR");
            assertThat(row.string("status_message")).isEqualTo("payment timed out: 'stripe_v3'");
            assertThat(row.longValue("start_time_ns")).isEqualTo(T0);
            assertThat(row.longValue("duration_ns")).isEqualTo(2_000_000_000L);
            assertThat(row.longValue("ts")).isEqualTo(T0 / 1_000_000_000L);
            assertThat(row.fields().get("keys").values()).extracting(n -> n.asString())
                    .containsExactly("http.route", "payment.provider");
            assertThat(row.fields().get("vals").values()).extracting(n -> n.asString())
                    .containsExactly("/checkout", "stripe_v3");
            assertThat(row.string("version")).isEqualTo("2.3.1");
            assertThat(row.fields().get("event_names").get(0).asString()).isEqualTo("exception");
            assertThat(row.fields().get("event_values").get(0).get(0).asString()).isEqualTo("TimeoutException");
            assertThat(row.fields().get("link_traces").get(0).asString()).isEqualTo("11111111111111111111111111111111");

            Row llm = test.clickHouse().query(Sql.of("""
                            SELECT llm_model, llm_input_tokens, llm_output_tokens, llm_cached_input_tokens,
                                   llm_cache_write_tokens, llm_reasoning_tokens, llm_cost_usd, parent_span_id
                            FROM spans WHERE project_id = 'project-a' AND llm_model != ''""")).getFirst();
            assertThat(llm.string("llm_model")).isEqualTo("gpt-4o-mini");
            assertThat(llm.longValue("llm_input_tokens")).isEqualTo(1200);
            assertThat(llm.longValue("llm_output_tokens")).isEqualTo(300);
            assertThat(llm.longValue("llm_cached_input_tokens")).isEqualTo(800);
            assertThat(llm.longValue("llm_cache_write_tokens")).isEqualTo(100);
            assertThat(llm.longValue("llm_reasoning_tokens")).isEqualTo(120);
            assertThat(llm.doubleValue("llm_cost_usd")).isEqualTo(0.00036);
            assertThat(llm.string("parent_span_id")).isEqualTo("b7ad6b7169203331");
        }
    }

    @Test
    void theTraceIndexLocatesATraceInTime() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            writer.writeSpans(List.of(root()));
            writer.writeSpans(List.of(llmChild())); // a second batch of the same trace

            Row located = test.clickHouse().query(Sql.of("""
                            SELECT toUnixTimestamp(min(start_time)) AS first, toUnixTimestamp(max(end_time)) AS last,
                                   sum(span_count) AS spans
                            FROM trace_index WHERE project_id = {p:String} AND trace_id = {t:String}""")
                            .bind("p", "project-a")
                            .bind("t", TRACE))
                    .getFirst();

            assertThat(located.longValue("first")).isEqualTo(T0 / 1_000_000_000L);
            assertThat(located.longValue("last")).isEqualTo((T0 + 2_000_000_000L) / 1_000_000_000L);
            assertThat(located.longValue("spans")).isEqualTo(2);
        }
    }

    @Test
    void logsRoundTripWithTraceCorrelation() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var attributes = new LinkedHashMap<String, String>();
            attributes.put("payment.provider", "stripe_v3");
            var log = new LogRow("project-a", T0, T0 + 1000, TRACE, "b7ad6b7169203331", 17, "ERROR", "payments",
                    "payment provider stripe_v3 timed out after 2000 ms\nline two", Map.of("service.name", "payments"),
                    attributes, "payments.client");
            new TelemetryWriter(test.clickHouse()).writeLogs(List.of(log));

            Row row = test.clickHouse().query(Sql.of(
                            "SELECT body, severity_number, severity_text, trace_id, log_attributes.value AS vals "
                                    + "FROM logs WHERE project_id = 'project-a' AND trace_id = {t:String}")
                            .bind("t", TRACE))
                    .getFirst();

            assertThat(row.string("body")).isEqualTo("payment provider stripe_v3 timed out after 2000 ms\nline two");
            assertThat(row.longValue("severity_number")).isEqualTo(17);
            assertThat(row.string("severity_text")).isEqualTo("ERROR");
            assertThat(row.fields().get("vals").get(0).asString()).isEqualTo("stripe_v3");
            assertThat(test.count("SELECT count() AS c FROM logs WHERE project_id = 'project-b'")).isZero();
        }
    }

    @Test
    void metricPointsRoundTripAsGaugeSumAndHistogram() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var resource = Map.of("service.name", "checkout", "host.name", "web-1");
            var gauge = new MetricRow("project-a", "process.memory.usage", "resident memory", "By", MetricType.GAUGE,
                    Temporality.UNSPECIFIED, false, "checkout", "io.opentelemetry.runtime", "2.1", 0, T0, resource,
                    Map.of("pool", "heap"), 5.25e8, null);
            var sum = new MetricRow("project-a", "http.server.requests", "", "{request}", MetricType.SUM,
                    Temporality.CUMULATIVE, true, "checkout", "", "", T0 - 60_000_000_000L, T0, resource,
                    Map.of("http.route", "/checkout"), 1234, null);
            var histogram = new MetricRow("project-a", "http.server.request.duration", "", "s", MetricType.HISTOGRAM,
                    Temporality.DELTA, false, "checkout", "", "", T0 - 10_000_000_000L, T0, resource,
                    Map.of("http.route", "/checkout"), 0, new Histogram(6, OptionalDouble.of(3.5), OptionalDouble.of(0.01),
                            OptionalDouble.empty(), List.of(1L, 3L, 2L), List.of(0.1, 1.0)));
            var notANumber = new MetricRow("project-a", "queue.fill.ratio", "", "1", MetricType.GAUGE, null, false,
                    "checkout", "", "", 0, T0, resource, Map.of(), Double.NaN, null);
            new TelemetryWriter(test.clickHouse()).writeMetrics(List.of(gauge, sum, histogram, notANumber));

            Row g = metric(test, "process.memory.usage");
            assertThat(g.string("metric_type")).isEqualTo("GAUGE");
            assertThat(g.string("temporality")).isEqualTo("UNSPECIFIED");
            assertThat(g.doubleValue("value")).isEqualTo(5.25e8);
            assertThat(g.string("metric_description")).isEqualTo("resident memory");
            assertThat(g.string("metric_unit")).isEqualTo("By");
            assertThat(g.string("scope_version")).isEqualTo("2.1");
            assertThat(g.longValue("time_ns")).isEqualTo(T0);
            assertThat(g.longValue("ts")).isEqualTo(T0 / 1_000_000_000L);
            assertThat(g.string("attribute")).isEqualTo("heap");
            assertThat(g.string("host")).isEqualTo("web-1");
            assertThat(g.string("bounds")).isEqualTo("[]");
            assertThat(g.longValue("no_sum")).as("no histogram sum for a gauge").isEqualTo(1);

            Row s = metric(test, "http.server.requests");
            assertThat(s.string("metric_type")).isEqualTo("SUM");
            assertThat(s.string("temporality")).isEqualTo("CUMULATIVE");
            assertThat(s.longValue("is_monotonic")).isEqualTo(1);
            assertThat(s.doubleValue("value")).isEqualTo(1234);
            assertThat(s.longValue("start_time_ns")).isEqualTo(T0 - 60_000_000_000L);

            Row h = metric(test, "http.server.request.duration");
            assertThat(h.string("metric_type")).isEqualTo("HISTOGRAM");
            assertThat(h.string("temporality")).isEqualTo("DELTA");
            assertThat(h.longValue("is_monotonic")).isZero();
            assertThat(h.longValue("histogram_count")).isEqualTo(6);
            assertThat(h.string("sum")).isEqualTo("3.5");
            assertThat(h.string("min")).isEqualTo("0.01");
            assertThat(h.longValue("no_sum")).isZero();
            assertThat(h.longValue("no_max")).as("an absent max is NULL").isEqualTo(1);
            assertThat(h.string("buckets")).isEqualTo("[1,3,2]");
            assertThat(h.string("bounds")).isEqualTo("[0.1,1]");

            assertThat(metric(test, "queue.fill.ratio").longValue("nan")).as("NaN is kept as NaN").isEqualTo(1);
            assertThat(test.count("SELECT count() AS c FROM metrics WHERE project_id = 'project-b'")).isZero();
        }
    }

    @Test
    void summariesAndExponentialHistogramsRoundTrip() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var resource = Map.of("service.name", "checkout");
            var summary = new MetricRow("project-a", "go_gc_duration_seconds", "", "s", MetricType.SUMMARY, null, false,
                    "checkout", "", "", T0 - 60_000_000_000L, T0, resource, Map.of("job", "api"), 0, null, null,
                    new Summary(12, 0.5, List.of(0.0, 0.5, 1.0), List.of(0.001, Double.NaN, 0.25)));
            var exponential = new MetricRow("project-a", "rpc.duration", "", "ms", MetricType.EXPONENTIAL_HISTOGRAM,
                    Temporality.CUMULATIVE, false, "checkout", "", "", T0 - 60_000_000_000L, T0, resource, Map.of(), 0,
                    null, new ExponentialHistogram(10, OptionalDouble.of(42.5), OptionalDouble.of(-2),
                            OptionalDouble.empty(), -3, 1, 1e-9, -2, List.of(2L, 0L, 4L), 5, List.of(3L)), null);
            var gauge = new MetricRow("project-a", "process.memory.usage", "", "By", MetricType.GAUGE, null, false,
                    "checkout", "", "", 0, T0, resource, Map.of(), 1, null);
            new TelemetryWriter(test.clickHouse()).writeMetrics(List.of(summary, exponential, gauge));

            Row s = newKinds(test, "go_gc_duration_seconds");
            assertThat(s.string("metric_type")).isEqualTo("SUMMARY");
            assertThat(s.string("temporality")).isEqualTo("UNSPECIFIED");
            assertThat(s.doubleValue("value")).isZero();
            assertThat(s.longValue("histogram_count")).isEqualTo(12);
            assertThat(s.string("sum")).isEqualTo("0.5");
            assertThat(s.longValue("no_min")).as("a summary has no min").isEqualTo(1);
            assertThat(s.string("quantiles")).isEqualTo("[0,0.5,1]");
            assertThat(s.string("quantile_values")).isEqualTo("[0.001,nan,0.25]");
            assertThat(s.string("positive")).isEqualTo("[]");
            assertThat(s.string("buckets")).isEqualTo("[]");

            Row e = newKinds(test, "rpc.duration");
            assertThat(e.string("metric_type")).isEqualTo("EXPONENTIAL_HISTOGRAM");
            assertThat(e.string("temporality")).isEqualTo("CUMULATIVE");
            assertThat(e.longValue("histogram_count")).isEqualTo(10);
            assertThat(e.string("sum")).isEqualTo("42.5");
            assertThat(e.string("min")).isEqualTo("-2");
            assertThat(e.longValue("no_max")).as("an absent max is NULL").isEqualTo(1);
            assertThat(e.longValue("exp_scale")).isEqualTo(-3);
            assertThat(e.longValue("exp_zero_count")).isEqualTo(1);
            assertThat(e.doubleValue("exp_zero_threshold")).isEqualTo(1e-9);
            assertThat(e.longValue("exp_positive_offset")).isEqualTo(-2);
            assertThat(e.string("positive")).isEqualTo("[2,0,4]");
            assertThat(e.longValue("exp_negative_offset")).isEqualTo(5);
            assertThat(e.string("negative")).isEqualTo("[3]");
            assertThat(e.string("quantiles")).isEqualTo("[]");

            Row g = newKinds(test, "process.memory.usage");
            assertThat(g.string("quantiles")).isEqualTo("[]");
            assertThat(g.string("positive")).isEqualTo("[]");
            assertThat(g.longValue("exp_scale")).isZero();
        }
    }

    @Test
    void aBatchWrittenTwiceIsStoredOnce() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            RowBatch spans = RowBatch.ofSpans(List.of(root(), llmChild()));
            RowBatch sameAgain = RowBatch.ofSpans(List.of(root(), llmChild()));
            RowBatch other = RowBatch.ofSpans(List.of(llmChild()));
            RowBatch logs = RowBatch.ofLogs(List.of(new LogRow("project-a", T0, T0, TRACE, "b7ad6b7169203331", 17,
                    "ERROR", "checkout", "payment failed", Map.of(), Map.of(), "")));

            assertThat(sameAgain.batchId()).isEqualTo(spans.batchId());
            assertThat(other.batchId()).isNotEqualTo(spans.batchId());
            assertThat(writer.write(List.of(spans, sameAgain, logs))).isEqualTo(new TelemetryWriter.Written(2, 3, 1));
            assertThat(writer.write(List.of(sameAgain, other, logs))).isEqualTo(new TelemetryWriter.Written(1, 1, 2));

            assertThat(test.count("SELECT count() AS c FROM spans")).isEqualTo(3);
            assertThat(test.count("SELECT count() AS c FROM logs")).isEqualTo(1);
            assertThat(test.count("SELECT uniqExact(ingest_batch) AS c FROM spans")).isEqualTo(2);
            assertThat(test.count("SELECT count() AS c FROM ingest_batches")).isEqualTo(3);
        }
    }

    @Test
    void everyTableStoresTheBytesEachRowWasReceivedAsOnceHoweverOftenItsBatchIsWritten() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            SpanRow span = root();
            SpanRow received = new SpanRow(span.projectId(), span.traceId(), span.spanId(), span.parentSpanId(),
                    span.traceState(), span.name(), span.kind(), span.statusCode(), span.statusMessage(),
                    span.serviceName(), span.scopeName(), span.scopeVersion(), span.startTimeNanos(),
                    span.durationNanos(), span.resourceAttributes(), span.attributes(), span.events(), span.links(),
                    span.llm(), 417);
            var log = new LogRow("project-a", T0, T0, "", "", 9, "INFO", "checkout", "ok", Map.of(), Map.of(), "", 96);
            var point = new MetricRow("project-a", "queue.depth", "", "1", MetricType.GAUGE, null, false, "checkout",
                    "", "", 0, T0, Map.of(), Map.of(), 3, null, null, null, 41);
            List<RowBatch> batches = List.of(RowBatch.ofSpans(List.of(received, llmChild())),
                    RowBatch.ofLogs(List.of(log)), RowBatch.ofMetrics(List.of(point)));

            writer.write(batches);
            writer.write(batches);

            assertThat(test.count("SELECT sum(ingested_bytes) AS c FROM spans")).as("a row without bytes counts 0")
                    .isEqualTo(417);
            assertThat(test.count("SELECT sum(ingested_bytes) AS c FROM logs")).isEqualTo(96);
            assertThat(test.count("SELECT sum(ingested_bytes) AS c FROM metrics")).isEqualTo(41);
        }
    }

    @Test
    void rowsStoredWithoutTheirLedgerEntryByAFailedWriteAreNotStoredAgain() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            RowBatch spans = RowBatch.ofSpans(List.of(root(), llmChild()));
            RowBatch logs = RowBatch.ofLogs(List.of(new LogRow("project-a", T0, T0, TRACE, "b7ad6b7169203331", 17,
                    "ERROR", "checkout", "payment failed", Map.of(), Map.of(), "")));
            // What a server killed mid-insert can leave: the spans stored, the ledger not told, the call failed.
            test.clickHouse().execute("DETACH TABLE spans_batches_mv");
            test.clickHouse().execute("DETACH TABLE logs");
            assertThatThrownBy(() -> writer.write(List.of(spans, logs))).isInstanceOf(ClickHouseException.class);
            test.clickHouse().execute("ATTACH TABLE logs");
            test.clickHouse().execute("ATTACH TABLE spans_batches_mv");
            assertThat(test.count("SELECT count() AS c FROM spans")).isEqualTo(2);
            assertThat(test.count("SELECT count() AS c FROM ingest_batches")).isZero();

            assertThat(writer.write(List.of(spans, logs))).isEqualTo(new TelemetryWriter.Written(1, 1, 1));
            assertThat(writer.write(List.of(spans, logs))).isEqualTo(new TelemetryWriter.Written(0, 0, 2));
            assertThat(new TelemetryWriter(test.clickHouse()).write(List.of(spans)).duplicates()).isEqualTo(1);

            assertThat(test.count("SELECT count() AS c FROM spans")).isEqualTo(2);
            assertThat(test.count("SELECT count() AS c FROM logs")).isEqualTo(1);
            assertThat(test.count("SELECT count() AS c FROM ingest_batches WHERE stored_at > now() - 60")).isEqualTo(2);
        }
    }

    @Test
    void theSameRowsOfAnotherProjectAreAnotherBatch() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            LogRow log = new LogRow("project-a", T0, T0, "", "", 9, "INFO", "checkout", "ok", Map.of(), Map.of(), "");
            LogRow sameElsewhere = new LogRow("project-b", T0, T0, "", "", 9, "INFO", "checkout", "ok", Map.of(), Map.of(), "");

            writer.write(List.of(RowBatch.ofLogs(List.of(log))));
            var second = writer.write(List.of(RowBatch.ofLogs(List.of(sameElsewhere))));

            assertThat(second.duplicates()).isZero();
            assertThat(test.count("SELECT count() AS c FROM logs")).isEqualTo(2);
        }
    }

    @Test
    void oldBatchIdsAreForgottenByTheDay() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            var writer = new TelemetryWriter(test.clickHouse());
            RowBatch batch = RowBatch.ofSpans(List.of(root()));
            writer.write(List.of(batch));

            assertThat(writer.forgetBatchesBefore(java.time.LocalDate.now(java.time.ZoneOffset.UTC))).isZero();
            assertThat(writer.write(List.of(batch)).duplicates()).isEqualTo(1);
            assertThat(writer.forgetBatchesBefore(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1))).isEqualTo(1);
            assertThat(test.count("SELECT count() AS c FROM ingest_batches")).isZero();
        }
    }

    private static Row newKinds(TestClickHouse test, String name) {
        return test.clickHouse().query(Sql.of("""
                        SELECT metric_type, temporality, value, histogram_count, toString(histogram_sum) AS sum,
                               toString(histogram_min) AS min, isNull(histogram_min) AS no_min,
                               isNull(histogram_max) AS no_max, toString(bucket_counts) AS buckets,
                               toString(summary_quantiles) AS quantiles, toString(summary_values) AS quantile_values,
                               exp_scale, exp_zero_count, exp_zero_threshold, exp_positive_offset,
                               toString(exp_positive_counts) AS positive, exp_negative_offset,
                               toString(exp_negative_counts) AS negative
                        FROM metrics WHERE project_id = {p:String} AND metric_name = {n:String}""")
                        .bind("p", "project-a")
                        .bind("n", name))
                .getFirst();
    }

    private static Row metric(TestClickHouse test, String name) {
        return test.clickHouse().query(Sql.of("""
                        SELECT metric_type, temporality, is_monotonic, metric_description, metric_unit, scope_version,
                               start_time_ns, time_ns, toUnixTimestamp(timestamp) AS ts, value, isNaN(value) AS nan,
                               metric_attributes.value[1] AS attribute,
                               resource_attributes.value[indexOf(resource_attributes.key, 'host.name')] AS host,
                               histogram_count, toString(histogram_sum) AS sum, toString(histogram_min) AS min,
                               isNull(histogram_sum) AS no_sum, isNull(histogram_max) AS no_max,
                               toString(bucket_counts) AS buckets,
                               toString(explicit_bounds) AS bounds
                        FROM metrics WHERE project_id = {p:String} AND metric_name = {n:String}""")
                        .bind("p", "project-a")
                        .bind("n", name))
                .getFirst();
    }

    private static SpanRow root() {
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("http.route", "/checkout");
        attributes.put("payment.provider", "stripe_v3");
        return new SpanRow("project-a", TRACE, "b7ad6b7169203331", "", "", "POST /checkout", SpanKind.SERVER,
                StatusCode.ERROR, "payment timed out: 'stripe_v3'", "checkout", "io.opentelemetry.http", "1.0",
                T0, 2_000_000_000L, Map.of("service.name", "checkout", "service.version", "2.3.1"), attributes,
                List.of(new SpanEvent(T0 + 5, "exception", Map.of("exception.type", "TimeoutException"))),
                List.of(new SpanLink("11111111111111111111111111111111", "2222222222222222", Map.of())),
                LlmUsage.NONE);
    }

    private static SpanRow llmChild() {
        return new SpanRow("project-a", TRACE, "00f067aa0ba902b7", "b7ad6b7169203331", "", "chat gpt-4o-mini",
                SpanKind.CLIENT, StatusCode.OK, "", "recommendation", "", "", T0 + 1_000_000L, 900_000_000L,
                Map.of("service.name", "recommendation"), Map.of("gen_ai.request.model", "gpt-4o-mini"), null, null,
                new LlmUsage("openai", "gpt-4o-mini", 1200, 300, 800, 100, 120, 0.00036));
    }
}
