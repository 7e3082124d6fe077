package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LenientJsonTest {

    @Test
    void wholeJsonIsReadAsIs() {
        assertThat(LenientJson.parse("{\"a\":[1,2],\"b\":\"x\"}").toString()).isEqualTo("{\"a\":[1,2],\"b\":\"x\"}");
    }

    @Test
    void jsonCutByTheToolRunnerKeepsWhatIsCompleteAndNoHalfNumber() {
        String cut = "{\"unit\":\"ms\",\"series\":[{\"count\":[10,20,30],\"p99\":[12.5,13.75"
                + "\n[cut: showing 60 of 900 characters. Narrow the call to see the rest]";

        assertThat(LenientJson.parse(cut).toString())
                .isEqualTo("{\"unit\":\"ms\",\"series\":[{\"count\":[10,20,30],\"p99\":[12.5]}]}");
    }

    @Test
    void textThatIsNoJsonGivesNothing() {
        assertThat(LenientJson.parse("This call did not finish")).isNull();
        assertThat(LenientJson.parse("")).isNull();
    }
}
