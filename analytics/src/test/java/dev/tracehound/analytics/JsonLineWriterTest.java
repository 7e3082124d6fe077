package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonLineWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anyTextSurvivesTheRoundTripThroughAJsonParser() {
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \0 é € 😀 end";
        var json = new JsonLineWriter(16);
        json.beginRow();
        json.string("a", tricky);
        json.string("ключ", "значение");
        json.endRow();

        String line = new String(json.toByteArray(), StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").doesNotContain("\n}").hasLineCount(1);
        JsonNode row = JSON.readTree(line);
        assertThat(row.get("a").asString()).isEqualTo(tricky);
        assertThat(row.get("ключ").asString()).isEqualTo("значение");
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        var json = new JsonLineWriter(16);
        json.beginRow();
        json.string("a", "x\uD800y\uDC00z");
        json.endRow();

        assertThat(JSON.readTree(json.toByteArray()).get("a").asString()).isEqualTo("x\uFFFDy\uFFFDz");
    }

    @Test
    void numbersArraysNestedArraysAndNullsAreSeparatedRight() {
        var json = new JsonLineWriter(16);
        for (int row = 0; row < 2; row++) {
            json.beginRow();
            json.number("n", 18_446_744_073_709_551L);
            json.number("d", 0.25);
            json.number("nan", Double.NaN);
            json.nullValue("none");
            json.beginArray("empty");
            json.endArray();
            json.beginArray("nested");
            json.beginArray();
            json.element("x");
            json.element("y");
            json.endArray();
            json.beginArray();
            json.endArray();
            json.endArray();
            json.beginArray("numbers");
            json.element(1L);
            json.element(Double.NEGATIVE_INFINITY);
            json.endArray();
            json.endRow();
        }

        String[] lines = new String(json.toByteArray(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2).containsOnly(
                "{\"n\":18446744073709551,\"d\":0.25,\"nan\":\"NaN\",\"none\":null,\"empty\":[],"
                        + "\"nested\":[[\"x\",\"y\"],[]],\"numbers\":[1,\"-Infinity\"]}");
        assertThat(JSON.readTree(lines[1]).get("nested").get(0).get(1).asString()).isEqualTo("y");
    }
}
