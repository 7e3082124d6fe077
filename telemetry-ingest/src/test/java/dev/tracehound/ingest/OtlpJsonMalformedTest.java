package dev.tracehound.ingest;

import static dev.tracehound.ingest.OtlpJsonTracesTest.TRACES;
import static dev.tracehound.ingest.OtlpJsonTracesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** A body that is not OTLP/JSON fails with a short message that says what is wrong and where. */
class OtlpJsonMalformedTest {

    private static final String SPAN_PATH = "resourceSpans[0].scopeSpans[0].spans[0].";

    @Test
    void textThatIsNotJsonIsReportedWithItsPosition() {
        assertMalformed("hello").hasMessageStartingWith("not valid JSON at line 1, column 1: ")
                .hasMessageContaining("Unrecognized token 'hello'");
        assertMalformed("{\"resourceSpans\": [{\"scopeSpans\": [}]}")
                .hasMessageStartingWith("not valid JSON at line 1, column 36 in resourceSpans[0].scopeSpans: ")
                .hasMessageEndingWith("Unexpected close marker '}': expected ']'");
        assertMalformed("{'resourceSpans': []}").hasMessageContaining("line 1, column 2");
    }

    @Test
    void aTruncatedBodySaysWhereItStopped() {
        String truncated = TRACES.substring(0, TRACES.indexOf("\"kind\": 2"));
        long lastLine = truncated.lines().count();

        assertMalformed(truncated)
                .hasMessageStartingWith("not valid JSON at line " + lastLine + ", column ")
                .hasMessageContaining("in resourceSpans[0].scopeSpans[0].spans[0]")
                .hasMessageContaining("end-of-input")
                .hasMessageNotContaining("start marker");
    }

    @Test
    void bodiesThatAreNotOneObjectAreRefused() {
        assertMalformed("").hasMessage("the body is empty; expected a JSON object");
        assertMalformed("  \n").hasMessage("the body is empty; expected a JSON object");
        assertMalformed("[{\"resourceSpans\": []}]").hasMessage("expected a JSON object at the top level, got a list");
        assertMalformed("\"resourceSpans\"").hasMessage("expected a JSON object at the top level, got \"resourceSpans\"");
        assertMalformed("{} {}").hasMessage("expected nothing after the top-level object, got an object at line 1, column 4");
        assertMalformed("{} x").hasMessageStartingWith("not valid JSON at line 1, column 4: Unrecognized token 'x'");
    }

    @Test
    void bytesThatAreNotUtf8AreNotJson() {
        byte[] latin1 = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"caf\u00e9\"}]}]}]}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> OtlpJson.decodeTraces(latin1))
                .isInstanceOf(OtlpJson.MalformedException.class)
                .hasMessageStartingWith("not valid JSON at line 1")
                .hasMessageContaining("UTF-8");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsPath() {
        assertMalformed("{\"resourceSpans\": {}}").hasMessage("resourceSpans: expected a list, got an object");
        assertMalformed("{\"resourceSpans\": [\"checkout\"]}").hasMessage("resourceSpans[0]: expected an object, got \"checkout\"");
        assertMalformed("{\"resourceSpans\": [null]}").hasMessage("resourceSpans[0]: expected a list element, got null");
        assertMalformed(span("\"name\": {\"text\": \"GET\"}")).hasMessage(SPAN_PATH + "name: expected a string, got an object");
        assertMalformed(span("\"kind\": true")).hasMessage(SPAN_PATH + "kind: expected an enum number or name, got true");
        assertMalformed(span("\"status\": 2")).hasMessage(SPAN_PATH + "status: expected an object, got 2");
        assertMalformed(span("\"attributes\": [{\"key\": \"ok\", \"value\": {\"boolValue\": \"yes\"}}]"))
                .hasMessage(SPAN_PATH + "attributes[0].value.boolValue: expected true or false, got \"yes\"");
        assertMalformed(span("\"attributes\": [{\"key\": \"b\", \"value\": {\"bytesValue\": \"not base64!\"}}]"))
                .hasMessage(SPAN_PATH + "attributes[0].value.bytesValue: expected a base64 string, got \"not base64!\"");
    }

    @Test
    void aNumberThatDoesNotFitItsFieldNamesItsPath() {
        assertMalformed(span("\"startTimeUnixNano\": \"yesterday\"")).hasMessage(SPAN_PATH
                + "startTimeUnixNano: expected an unsigned 64-bit integer (number or decimal string), got \"yesterday\"");
        assertMalformed(span("\"endTimeUnixNano\": -1")).hasMessageStartingWith(SPAN_PATH + "endTimeUnixNano: expected an unsigned");
        assertMalformed(span("\"endTimeUnixNano\": \"18446744073709551616\"")).hasMessageContaining("got \"18446744073709551616\"");
        assertMalformed(span("\"droppedAttributesCount\": 1.5"))
                .hasMessage(SPAN_PATH + "droppedAttributesCount: expected an unsigned 32-bit integer, got 1.5");
        assertMalformed(span("\"attributes\": [{\"key\": \"n\", \"value\": {\"intValue\": \"9223372036854775808\"}}]"))
                .hasMessageContaining("attributes[0].value.intValue: expected a 64-bit integer");
        assertMalformed(span("\"attributes\": [{\"key\": \"d\", \"value\": {\"doubleValue\": \"fast\"}}]"))
                .hasMessageContaining("attributes[0].value.doubleValue: expected a number, got \"fast\"");
        assertMalformed(span("\"attributes\": [{\"key\": \"d\", \"value\": {\"doubleValue\": 1e400}}]"))
                .hasMessageContaining("expected a number, got 1e400");
    }

    @Test
    void aFieldGivenTwiceOrTwoChoicesOfAOneofAreRefusedByName() {
        assertMalformed(span("\"name\": \"a\", \"trace_id\": \"5b8efff798038103d269b633813fc60c\", "
                + "\"traceId\": \"5b8efff798038103d269b633813fc60c\""))
                .hasMessage("invalid OTLP/JSON: Field opentelemetry.proto.trace.v1.Span.trace_id has already been set.");
        assertMalformed(span("\"attributes\": [{\"key\": \"x\", \"value\": {\"intValue\": 1, \"stringValue\": \"1\"}}]"))
                .hasMessageStartingWith("invalid OTLP/JSON: Cannot set field opentelemetry.proto.common.v1.AnyValue.");
    }

    @Test
    void nestingBeyondJsonFormatsLimitIsRefusedWithThePath() {
        String value = "{\"stringValue\": \"leaf\"}";
        for (int i = 0; i < 60; i++) {
            value = "{\"arrayValue\": {\"values\": [" + value + "]}}";
        }

        assertMalformed(span("\"attributes\": [{\"key\": \"deep\", \"value\": " + value + "}]"))
                .hasMessageStartingWith(SPAN_PATH + "attributes[0].value.arrayValue.values[0]")
                .hasMessageEndingWith("arrayValue.values[0]: nested more than 100 objects deep");
    }

    @Test
    void messagesStayShortWhateverTheInput() {
        String longName = "x".repeat(10_000);

        var e = catchThrowableOfType(OtlpJson.MalformedException.class,
                () -> OtlpJson.decodeTraces(bytes(span("\"startTimeUnixNano\": \"" + longName + "\""))));
        var deep = catchThrowableOfType(OtlpJson.MalformedException.class,
                () -> OtlpJson.decodeTraces(bytes("{\"" + longName + "\": [" + "[".repeat(600) + "]}")));

        assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(300).contains("got \"xxxx").doesNotContain("\n");
        assertThat(e.getStackTrace()).as("client errors skip the stack trace").isEmpty();
        assertThat(deep.getMessage()).hasSizeLessThanOrEqualTo(300).startsWith("not valid JSON at line 1");
    }

    private static String span(String fields) {
        return "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{" + fields + "}]}]}]}";
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(String body) {
        return assertThatThrownBy(() -> OtlpJson.decodeTraces(bytes(body))).isInstanceOf(OtlpJson.MalformedException.class);
    }
}
