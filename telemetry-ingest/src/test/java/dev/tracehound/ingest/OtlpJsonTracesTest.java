package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** OTLP/JSON trace requests decode to the protobuf messages an OTLP/protobuf client would send. */
class OtlpJsonTracesTest {

    /** A realistic request in the specification's form: hex ids, enums as numbers, 64-bit values both ways. */
    static final String TRACES = """
            {
              "resourceSpans": [
                {
                  "resource": {
                    "attributes": [
                      { "key": "service.name", "value": { "stringValue": "checkout" } },
                      { "key": "process.pid", "value": { "intValue": "4242" } },
                      { "key": "host.cpu.count", "value": { "intValue": 8 } },
                      { "key": "sampler.ratio", "value": { "doubleValue": 0.25 } },
                      { "key": "feature.new_cart", "value": { "boolValue": true } },
                      { "key": "process.command_args",
                        "value": { "arrayValue": { "values": [ { "stringValue": "java" }, { "intValue": "17" } ] } } },
                      { "key": "deployment",
                        "value": { "kvlistValue": { "values": [
                          { "key": "region", "value": { "stringValue": "eu-west-1" } },
                          { "key": "canary", "value": { "boolValue": false } } ] } } },
                      { "key": "build.digest", "value": { "bytesValue": "3q2+7w==" } },
                      { "key": "unset", "value": {} }
                    ],
                    "droppedAttributesCount": 1
                  },
                  "scopeSpans": [
                    {
                      "scope": { "name": "io.opentelemetry.spring-webflux-5.3", "version": "2.10.0" },
                      "spans": [
                        {
                          "traceId": "5B8EFFF798038103D269B633813FC60C",
                          "spanId": "EEE19B7EC3C1B174",
                          "parentSpanId": "EEE19B7EC3C1B173",
                          "traceState": "rojo=00f067aa0ba902b7",
                          "name": "POST /checkout",
                          "kind": 2,
                          "startTimeUnixNano": "1544712660000000000",
                          "endTimeUnixNano": 1544712661000000000,
                          "attributes": [
                            { "key": "http.request.method", "value": { "stringValue": "POST" } },
                            { "key": "http.response.status_code", "value": { "intValue": "502" } }
                          ],
                          "events": [
                            {
                              "timeUnixNano": "1544712660500000000",
                              "name": "exception",
                              "attributes": [
                                { "key": "exception.type", "value": { "stringValue": "java.net.ConnectException" } }
                              ],
                              "droppedAttributesCount": 2
                            }
                          ],
                          "links": [
                            {
                              "traceId": "0af7651916cd43dd8448eb211c80319c",
                              "spanId": "b7ad6b7169203331",
                              "traceState": "congo=t61rcWkgMzE",
                              "attributes": [ { "key": "link.reason", "value": { "stringValue": "retry" } } ],
                              "flags": 256
                            }
                          ],
                          "droppedLinksCount": 3,
                          "status": { "code": 2, "message": "payment service unreachable" },
                          "flags": 257
                        },
                        {
                          "traceId": "5b8efff798038103d269b633813fc60c",
                          "spanId": "00f067aa0ba902b7",
                          "parentSpanId": "",
                          "name": "SELECT shop.orders",
                          "kind": "SPAN_KIND_CLIENT",
                          "startTimeUnixNano": 1544712660100000000,
                          "endTimeUnixNano": "1544712660200000000",
                          "status": { "code": "STATUS_CODE_OK" }
                        }
                      ],
                      "schemaUrl": "https://opentelemetry.io/schemas/1.26.0"
                    }
                  ],
                  "schemaUrl": "https://opentelemetry.io/schemas/1.26.0"
                }
              ]
            }
            """;

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aRequestDecodesWithHexIdsAsBytesTimesAsLongsAndEnumsFromNumbersOrNames() {
        ExportTraceServiceRequest request = OtlpJson.decodeTraces(bytes(TRACES));

        var scopeSpans = request.getResourceSpans(0).getScopeSpans(0);
        assertThat(scopeSpans.getScope().getName()).isEqualTo("io.opentelemetry.spring-webflux-5.3");
        assertThat(scopeSpans.getScope().getVersion()).isEqualTo("2.10.0");
        assertThat(scopeSpans.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.26.0");
        assertThat(scopeSpans.getSpansCount()).isEqualTo(2);

        Span server = scopeSpans.getSpans(0);
        assertThat(server.getTraceId()).isEqualTo(id("5b8efff798038103d269b633813fc60c"));
        assertThat(server.getSpanId()).isEqualTo(id("eee19b7ec3c1b174"));
        assertThat(server.getParentSpanId()).isEqualTo(id("eee19b7ec3c1b173"));
        assertThat(server.getTraceState()).isEqualTo("rojo=00f067aa0ba902b7");
        assertThat(server.getName()).isEqualTo("POST /checkout");
        assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(server.getStartTimeUnixNano()).isEqualTo(1_544_712_660_000_000_000L);
        assertThat(server.getEndTimeUnixNano()).isEqualTo(1_544_712_661_000_000_000L);
        assertThat(server.getAttributesList()).containsExactly(
                attribute("http.request.method", AnyValue.newBuilder().setStringValue("POST")),
                attribute("http.response.status_code", AnyValue.newBuilder().setIntValue(502)));
        assertThat(server.getFlags()).isEqualTo(257);
        assertThat(server.getDroppedLinksCount()).isEqualTo(3);
        assertThat(server.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(server.getStatus().getMessage()).isEqualTo("payment service unreachable");

        Span.Event event = server.getEvents(0);
        assertThat(event.getTimeUnixNano()).isEqualTo(1_544_712_660_500_000_000L);
        assertThat(event.getName()).isEqualTo("exception");
        assertThat(event.getAttributes(0).getValue().getStringValue()).isEqualTo("java.net.ConnectException");
        assertThat(event.getDroppedAttributesCount()).isEqualTo(2);

        Span.Link link = server.getLinks(0);
        assertThat(link.getTraceId()).isEqualTo(id("0af7651916cd43dd8448eb211c80319c"));
        assertThat(link.getSpanId()).isEqualTo(id("b7ad6b7169203331"));
        assertThat(link.getTraceState()).isEqualTo("congo=t61rcWkgMzE");
        assertThat(link.getAttributes(0).getKey()).isEqualTo("link.reason");
        assertThat(link.getFlags()).isEqualTo(256);

        Span client = scopeSpans.getSpans(1);
        assertThat(client.getTraceId()).as("hex is case-insensitive").isEqualTo(server.getTraceId());
        assertThat(client.getSpanId()).isEqualTo(id("00f067aa0ba902b7"));
        assertThat(client.getParentSpanId()).as("an empty id is no id").isEmpty();
        assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(client.getStartTimeUnixNano()).isEqualTo(1_544_712_660_100_000_000L);
        assertThat(client.getEndTimeUnixNano()).isEqualTo(1_544_712_660_200_000_000L);
        assertThat(client.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    }

    @Test
    void resourceAttributesOfEveryAnyValueKindDecode() {
        var resource = OtlpJson.decodeTraces(bytes(TRACES)).getResourceSpans(0).getResource();

        assertThat(resource.getAttributesList()).containsExactly(
                attribute("service.name", AnyValue.newBuilder().setStringValue("checkout")),
                attribute("process.pid", AnyValue.newBuilder().setIntValue(4242)),
                attribute("host.cpu.count", AnyValue.newBuilder().setIntValue(8)),
                attribute("sampler.ratio", AnyValue.newBuilder().setDoubleValue(0.25)),
                attribute("feature.new_cart", AnyValue.newBuilder().setBoolValue(true)),
                attribute("process.command_args", AnyValue.newBuilder().setArrayValue(
                        io.opentelemetry.proto.common.v1.ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setStringValue("java"))
                                .addValues(AnyValue.newBuilder().setIntValue(17)))),
                attribute("deployment", AnyValue.newBuilder().setKvlistValue(
                        io.opentelemetry.proto.common.v1.KeyValueList.newBuilder()
                                .addValues(attribute("region", AnyValue.newBuilder().setStringValue("eu-west-1")))
                                .addValues(attribute("canary", AnyValue.newBuilder().setBoolValue(false))))),
                // bytesValue is not an id: it stays base64, as in protobuf's JSON mapping
                attribute("build.digest", AnyValue.newBuilder().setBytesValue(id("deadbeef"))),
                attribute("unset", AnyValue.newBuilder()));
        assertThat(resource.getDroppedAttributesCount()).isEqualTo(1);
    }

    @Test
    void theOriginalSnakeCaseFieldNamesDecodeTheSame() {
        String snake = snakeCaseKeys(TRACES);
        assertThat(snake).contains("\"start_time_unix_nano\"", "\"parent_span_id\"", "\"kvlist_value\"")
                .doesNotContain("\"startTimeUnixNano\"");

        assertThat(OtlpJson.decodeTraces(bytes(snake))).isEqualTo(OtlpJson.decodeTraces(bytes(TRACES)));
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
        String withUnknown = TRACES
                .replaceFirst("\\{", "{ \"exportedBy\": { \"sdk\": \"otel-js\", \"spans\": [1, 2, {\"traceId\": 3}] },")
                .replace("\"droppedAttributesCount\": 1", "\"droppedAttributesCount\": 1, \"entityRefs\": null, \"future\": [[[]]]")
                .replace("\"kind\": 2,", "\"kind\": 2, \"costCents\": 12.5, \"parentTraceId\": \"not an id\",")
                .replace("{ \"stringValue\": \"POST\" }", "{ \"stringValue\": \"POST\", \"decimalValue\": \"1.5\" }")
                .replace("\"code\": 2,", "\"code\": 2, \"retryable\": true,");
        assertThat(withUnknown).contains("exportedBy", "future", "costCents", "decimalValue", "retryable");

        assertThat(OtlpJson.decodeTraces(bytes(withUnknown))).isEqualTo(OtlpJson.decodeTraces(bytes(TRACES)));
    }

    @Test
    void anEmptyObjectIsAnEmptyRequestAndNullIsAnAbsentField() {
        assertThat(OtlpJson.decodeTraces(bytes("{}"))).isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(OtlpJson.decodeTraces(bytes("{\"resourceSpans\": null}")))
                .isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(OtlpJson.decodeTraces(bytes("{\"resourceSpans\": [{\"resource\": null, \"scopeSpans\": []}]}"))
                .getResourceSpans(0).hasResource()).isFalse();
    }

    @Test
    void numbersMayComeAsStringsOrNumbersInAnyIntegralNotation() {
        String span = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                  "startTimeUnixNano": 1.5447126600e18, "endTimeUnixNano": "18446744073709551615",
                  "droppedAttributesCount": "7", "flags": 1.0, "kind": "4"
                }]}]}]}
                """;

        Span decoded = OtlpJson.decodeTraces(bytes(span)).getResourceSpans(0).getScopeSpans(0).getSpans(0);

        assertThat(decoded.getStartTimeUnixNano()).isEqualTo(1_544_712_660_000_000_000L);
        assertThat(Long.toUnsignedString(decoded.getEndTimeUnixNano())).isEqualTo("18446744073709551615");
        assertThat(decoded.getDroppedAttributesCount()).isEqualTo(7);
        assertThat(decoded.getFlags()).isEqualTo(1);
        assertThat(decoded.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
    }

    @Test
    void aThousandSpanRequestDecodesEverySpan() {
        String body = traces(1000);

        var spans = OtlpJson.decodeTraces(bytes(body)).getResourceSpans(0).getScopeSpans(0).getSpansList();

        assertThat(spans).hasSize(1000);
        assertThat(spans.get(999).getSpanId()).isEqualTo(id(spanId(999)));
        assertThat(spans.get(999).getTraceId()).isEqualTo(id(traceId(999)));
        assertThat(spans.get(999).getParentSpanId()).isEqualTo(id(spanId(998)));
        assertThat(spans.get(999).getStartTimeUnixNano()).isEqualTo(START + 999_000L);
        assertThat(spans.get(999).getAttributesCount()).isEqualTo(6);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }

    static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** Every key to its proto field name: a JSON key is the only string followed by a colon. */
    static String snakeCaseKeys(String json) {
        Matcher key = Pattern.compile("\"([A-Za-z]+)\"(\\s*):").matcher(json);
        return key.replaceAll(m -> "\"" + m.group(1).replaceAll("([A-Z])", "_$1").toLowerCase() + "\"" + m.group(2) + ":");
    }

    static final long START = 1_760_000_000_000_000_000L;

    /** A request of {@code count} spans of one trace per ten, each with the attributes an HTTP client span has. */
    static String traces(int count) {
        var json = new StringBuilder(count * 700).append("""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}},\
                {"key":"service.version","value":{"stringValue":"2.4.1"}}]},"scopeSpans":[{"scope":{"name":"shop"},"spans":[""");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"traceId\":\"").append(traceId(i))
                    .append("\",\"spanId\":\"").append(spanId(i))
                    .append("\",\"parentSpanId\":\"").append(i == 0 ? "" : spanId(i - 1))
                    .append("\",\"name\":\"GET /api/cart/{id}\",\"kind\":3,\"startTimeUnixNano\":\"").append(START + i * 1000L)
                    .append("\",\"endTimeUnixNano\":\"").append(START + i * 1000L + 12_345_678L)
                    .append("\",\"attributes\":[")
                    .append("{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"GET\"}},")
                    .append("{\"key\":\"url.full\",\"value\":{\"stringValue\":\"https://cart.internal/api/cart/").append(i).append("\"}},")
                    .append("{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"200\"}},")
                    .append("{\"key\":\"server.address\",\"value\":{\"stringValue\":\"cart.internal\"}},")
                    .append("{\"key\":\"server.port\",\"value\":{\"intValue\":443}},")
                    .append("{\"key\":\"network.protocol.version\",\"value\":{\"stringValue\":\"1.1\"}}")
                    .append("],\"status\":{\"code\":1}}");
        }
        return json.append("]}]}]}").toString();
    }

    static String traceId(int span) {
        return "%032x".formatted(0x5b8efff7_98038103L + span / 10);
    }

    static String spanId(int span) {
        return "%016x".formatted(0xeee19b7e_c3c1b174L + span);
    }
}
