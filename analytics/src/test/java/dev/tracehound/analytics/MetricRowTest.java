package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.MetricRow.Histogram;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricRowTest {

    @Test
    void aHistogramNeedsOneMoreBucketCountThanBoundsAddingUpToItsCount() {
        assertThat(histogram(6, List.of(1L, 3L, 2L), List.of(0.1, 1.0)).bucketCounts()).containsExactly(1L, 3L, 2L);
        assertThat(histogram(6, List.of(), List.of()).bucketCounts()).as("count and sum only").isEmpty();

        assertThatThrownBy(() -> histogram(6, List.of(1L, 5L), List.of(0.1, 1.0)))
                .hasMessage("2 explicit bounds need 3 bucket counts, got 2");
        assertThatThrownBy(() -> histogram(6, List.of(6L), List.of()))
                .hasMessage("0 explicit bounds need no bucket counts, got 1");
        assertThatThrownBy(() -> histogram(7, List.of(1L, 3L, 2L), List.of(0.1, 1.0)))
                .hasMessage("bucket counts add up to 6, but the count is 7");
        assertThatThrownBy(() -> histogram(6, List.of(1L, 3L, 2L), List.of(1.0, 1.0)))
                .hasMessage("explicit bounds must be strictly increasing, but bound 1 (1.0) follows 1.0");
        assertThatThrownBy(() -> histogram(6, List.of(1L, 3L, 2L), List.of(Double.NaN, 1.0)))
                .hasMessage("explicit bound 0 is NaN");
        assertThatThrownBy(() -> histogram(-1, List.of(), List.of())).hasMessage("count must be between 0 and 2^63-1");
        assertThatThrownBy(() -> histogram(-2, List.of(Long.MAX_VALUE, Long.MAX_VALUE), List.of(1.0)))
                .as("unsigned counts above 2^63-1 arrive negative").hasMessageContaining("2^63-1");
    }

    @Test
    void theKindDecidesTemporalityMonotonicityAndBuckets() {
        Histogram buckets = histogram(0, List.of(), List.of());

        assertThat(row(MetricType.GAUGE, null, false, null).temporality()).isEqualTo(Temporality.UNSPECIFIED);
        assertThat(row(MetricType.SUM, Temporality.DELTA, true, null).monotonic()).isTrue();
        assertThat(row(MetricType.HISTOGRAM, Temporality.CUMULATIVE, false, buckets).histogram()).isSameAs(buckets);

        assertThatThrownBy(() -> row(MetricType.GAUGE, Temporality.DELTA, false, null))
                .hasMessage("a gauge has no aggregation temporality");
        assertThatThrownBy(() -> row(MetricType.SUM, Temporality.UNSPECIFIED, false, null))
                .hasMessage("a sum needs a DELTA or CUMULATIVE aggregation temporality");
        assertThatThrownBy(() -> row(MetricType.GAUGE, null, true, null)).hasMessage("only a sum can be monotonic");
        assertThatThrownBy(() -> row(MetricType.HISTOGRAM, Temporality.DELTA, false, null))
                .hasMessage("a histogram, and only a histogram, has buckets");
        assertThatThrownBy(() -> row(MetricType.SUM, Temporality.DELTA, false, buckets))
                .hasMessage("a histogram, and only a histogram, has buckets");
    }

    private static Histogram histogram(long count, List<Long> buckets, List<Double> bounds) {
        return new Histogram(count, OptionalDouble.empty(), null, null, buckets, bounds);
    }

    private static MetricRow row(MetricType type, Temporality temporality, boolean monotonic, Histogram histogram) {
        return new MetricRow("p", "m", null, null, type, temporality, monotonic, "svc", null, null, 0, 1, Map.of(),
                Map.of(), 1, histogram);
    }
}
