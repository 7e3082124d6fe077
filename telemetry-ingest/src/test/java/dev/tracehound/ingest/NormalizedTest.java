package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizedTest {

    @Test
    void aRepeatedReasonIsCountedOnceAndTheUnexplainedRestSummed() {
        var out = new Normalized.Builder<String>();
        out.accept("stored");
        out.reject("a");
        out.reject("b", 3);
        out.reject("a");
        for (String reason : new String[] {"c", "d", "e", "f", "g"}) {
            out.reject(reason);
        }
        out.reject("nothing", 0);

        var normalized = out.build();

        assertThat(normalized.rows()).containsExactly("stored");
        assertThat(normalized.rejected()).isEqualTo(10);
        assertThat(normalized.message()).isEqualTo("a (2 times); b (3 times); c; d; e; and 2 more");
    }

    @Test
    void nothingRejectedMeansNoMessage() {
        assertThat(new Normalized.Builder<String>().build().message()).isEmpty();
    }
}
