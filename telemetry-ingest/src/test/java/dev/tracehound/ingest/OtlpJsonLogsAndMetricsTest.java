package dev.tracehound.ingest;

import static dev.tracehound.ingest.OtlpJsonTracesTest.bytes;
import static dev.tracehound.ingest.OtlpJsonTracesTest.id;
import static dev.tracehound.ingest.OtlpJsonTracesTest.snakeCaseKeys;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.Test;

/** OTLP/JSON log and metric requests decode like trace requests: hex ids, numbers both ways, enums. */
class OtlpJsonLogsAndMetricsTest {

    static final String LOGS = """
            {
              "resourceLogs": [
                {
                  "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "payments" } } ] },
                  "scopeLogs": [
                    {
                      "scope": { "name": "org.slf4j", "version": "2.0.17" },
                      "logRecords": [
                        {
                          "timeUnixNano": "1544712660300000000",
                          "observedTimeUnixNano": 1544712660300500000,
                          "severityNumber": 17,
                          "severityText": "ERROR",
                          "body": { "stringValue": "card authorisation failed: issuer timeout" },
                          "attributes": [ { "key": "payment.attempt", "value": { "intValue": "3" } } ],
                          "droppedAttributesCount": 0,
                          "flags": 1,
                          "traceId": "5B8EFFF798038103D269B633813FC60C",
                          "spanId": "EEE19B7EC3C1B174",
                          "eventName": "payment.failed"
                        },
                        {
                          "timeUnixNano": "1544712660400000000",
                          "severityNumber": "SEVERITY_NUMBER_INFO",
                          "body": { "kvlistValue": { "values": [ { "key": "order", "value": { "intValue": 1042 } } ] } },
                          "traceId": "",
                          "spanId": ""
                        }
                      ]
                    }
                  ]
                }
              ]
            }
            """;

    static final String METRICS = """
            {
              "resourceMetrics": [
                {
                  "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "checkout" } } ] },
                  "scopeMetrics": [
                    {
                      "scope": { "name": "io.opentelemetry.runtime-telemetry-java17" },
                      "metrics": [
                        {
                          "name": "jvm.thread.count",
                          "unit": "{thread}",
                          "description": "Number of executing platform threads.",
                          "gauge": {
                            "dataPoints": [
                              { "asInt": "42", "timeUnixNano": "1544712660000000000",
                                "attributes": [ { "key": "jvm.thread.daemon", "value": { "boolValue": true } } ] }
                            ]
                          }
                        },
                        {
                          "name": "http.server.request.count",
                          "unit": "{request}",
                          "sum": {
                            "aggregationTemporality": 2,
                            "isMonotonic": true,
                            "dataPoints": [
                              { "asDouble": 1250.5, "startTimeUnixNano": "1544712600000000000",
                                "timeUnixNano": 1544712660000000000,
                                "exemplars": [ { "asDouble": 3.0, "timeUnixNano": "1544712659000000000",
                                                 "traceId": "0af7651916cd43dd8448eb211c80319c",
                                                 "spanId": "B7AD6B7169203331",
                                                 "filteredAttributes": [ { "key": "http.route", "value": { "stringValue": "/cart" } } ] } ] }
                            ]
                          }
                        },
                        {
                          "name": "http.server.request.duration",
                          "unit": "s",
                          "histogram": {
                            "aggregationTemporality": "AGGREGATION_TEMPORALITY_DELTA",
                            "dataPoints": [
                              {
                                "startTimeUnixNano": "1544712600000000000",
                                "timeUnixNano": "1544712660000000000",
                                "count": "12",
                                "sum": 3.75,
                                "bucketCounts": [ "2", 7, "3" ],
                                "explicitBounds": [ 0.1, 0.5 ],
                                "min": 0.02,
                                "max": "Infinity",
                                "flags": 0
                              }
                            ]
                          }
                        }
                      ]
                    }
                  ]
                }
              ]
            }
            """;

    @Test
    void logRecordsDecodeWithSeverityBodyAndHexCorrelationIds() {
        var scopeLogs = OtlpJson.decodeLogs(bytes(LOGS)).getResourceLogs(0).getScopeLogs(0);

        assertThat(scopeLogs.getScope().getName()).isEqualTo("org.slf4j");
        LogRecord error = scopeLogs.getLogRecords(0);
        assertThat(error.getTimeUnixNano()).isEqualTo(1_544_712_660_300_000_000L);
        assertThat(error.getObservedTimeUnixNano()).isEqualTo(1_544_712_660_300_500_000L);
        assertThat(error.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
        assertThat(error.getSeverityText()).isEqualTo("ERROR");
        assertThat(error.getBody().getStringValue()).isEqualTo("card authorisation failed: issuer timeout");
        assertThat(error.getAttributes(0).getValue().getIntValue()).isEqualTo(3);
        assertThat(error.getFlags()).isEqualTo(1);
        assertThat(error.getTraceId()).isEqualTo(id("5b8efff798038103d269b633813fc60c"));
        assertThat(error.getSpanId()).isEqualTo(id("eee19b7ec3c1b174"));
        assertThat(error.getEventName()).isEqualTo("payment.failed");

        LogRecord info = scopeLogs.getLogRecords(1);
        assertThat(info.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
        assertThat(info.getBody().getKvlistValue().getValues(0).getValue().getIntValue()).isEqualTo(1042);
        assertThat(info.getTraceId()).isEmpty();
        assertThat(info.getSpanId()).isEmpty();
    }

    @Test
    void gaugeSumAndHistogramPointsDecodeWithExemplarIds() {
        var metrics = OtlpJson.decodeMetrics(bytes(METRICS)).getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
        assertThat(metrics).extracting(Metric::getName)
                .containsExactly("jvm.thread.count", "http.server.request.count", "http.server.request.duration");

        Metric gauge = metrics.get(0);
        assertThat(gauge.getUnit()).isEqualTo("{thread}");
        assertThat(gauge.getDescription()).isEqualTo("Number of executing platform threads.");
        NumberDataPoint threads = gauge.getGauge().getDataPoints(0);
        assertThat(threads.getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_INT);
        assertThat(threads.getAsInt()).isEqualTo(42);
        assertThat(threads.getTimeUnixNano()).isEqualTo(1_544_712_660_000_000_000L);
        assertThat(threads.getAttributes(0).getValue().getBoolValue()).isTrue();

        Metric sum = metrics.get(1);
        assertThat(sum.getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        assertThat(sum.getSum().getIsMonotonic()).isTrue();
        NumberDataPoint requests = sum.getSum().getDataPoints(0);
        assertThat(requests.getAsDouble()).isEqualTo(1250.5);
        assertThat(requests.getStartTimeUnixNano()).isEqualTo(1_544_712_600_000_000_000L);
        assertThat(requests.getTimeUnixNano()).isEqualTo(1_544_712_660_000_000_000L);
        Exemplar exemplar = requests.getExemplars(0);
        assertThat(exemplar.getAsDouble()).isEqualTo(3.0);
        assertThat(exemplar.getTimeUnixNano()).isEqualTo(1_544_712_659_000_000_000L);
        assertThat(exemplar.getTraceId()).isEqualTo(id("0af7651916cd43dd8448eb211c80319c"));
        assertThat(exemplar.getSpanId()).isEqualTo(id("b7ad6b7169203331"));
        assertThat(exemplar.getFilteredAttributes(0).getKey()).isEqualTo("http.route");

        Metric histogram = metrics.get(2);
        assertThat(histogram.getHistogram().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        HistogramDataPoint durations = histogram.getHistogram().getDataPoints(0);
        assertThat(durations.getCount()).isEqualTo(12);
        assertThat(durations.getSum()).isEqualTo(3.75);
        assertThat(durations.getBucketCountsList()).containsExactly(2L, 7L, 3L);
        assertThat(durations.getExplicitBoundsList()).containsExactly(0.1, 0.5);
        assertThat(durations.getMin()).isEqualTo(0.02);
        assertThat(durations.getMax()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void snakeCaseLogsAndMetricsDecodeTheSame() {
        assertThat(snakeCaseKeys(LOGS)).contains("\"severity_number\"", "\"observed_time_unix_nano\"");
        assertThat(snakeCaseKeys(METRICS)).contains("\"aggregation_temporality\"", "\"explicit_bounds\"");

        assertThat(OtlpJson.decodeLogs(bytes(snakeCaseKeys(LOGS)))).isEqualTo(OtlpJson.decodeLogs(bytes(LOGS)));
        assertThat(OtlpJson.decodeMetrics(bytes(snakeCaseKeys(METRICS)))).isEqualTo(OtlpJson.decodeMetrics(bytes(METRICS)));
    }
}
