package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.MetricRow.ExponentialHistogram;
import dev.tracehound.analytics.MetricRow.Histogram;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Summary;
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

    @Test
    void anExponentialHistogramsZeroCountAndBucketCountsAddUpToItsCount() {
        assertThat(exponential(10, 1, List.of(2L, 0L, 4L), List.of(3L)).positiveCounts()).containsExactly(2L, 0L, 4L);
        assertThat(exponential(0, 0, List.of(), List.of()).negativeCounts()).as("no values yet").isEmpty();
        assertThat(exponential(3, 3, List.of(), List.of()).zeroCount()).as("only zeros").isEqualTo(3);
        assertThat(new ExponentialHistogram(0, null, null, null, 0, 0, 0, 0, null, 0, null).sum()).isEmpty();

        assertThatThrownBy(() -> exponential(11, 1, List.of(2L, 0L, 4L), List.of(3L)))
                .hasMessage("zero count and bucket counts add up to 10, but the count is 11");
        assertThatThrownBy(() -> exponential(2, 0, List.of(3L, -1L), List.of()))
                .hasMessage("positive bucket counts must be between 0 and 2^63-1");
        assertThatThrownBy(() -> exponential(2, 0, List.of(), List.of(-1L, 3L)))
                .hasMessage("negative bucket counts must be between 0 and 2^63-1");
        assertThatThrownBy(() -> exponential(1, -1, List.of(2L), List.of()))
                .hasMessage("zero count must be between 0 and 2^63-1");
        assertThatThrownBy(() -> exponential(-1, 0, List.of(), List.of()))
                .hasMessage("count must be between 0 and 2^63-1");
        assertThatThrownBy(() -> exponential(-2, 0, List.of(Long.MAX_VALUE), List.of(Long.MAX_VALUE)))
                .as("unsigned counts above 2^63-1 arrive negative").hasMessageContaining("2^63-1");
        assertThatThrownBy(() -> new ExponentialHistogram(0, null, null, null, 0, 0, -1, 0, null, 0, null))
                .hasMessage("zero threshold must be a finite number of at least 0, got -1.0");
        assertThatThrownBy(() -> new ExponentialHistogram(0, null, null, null, 0, 0, Double.NaN, 0, null, 0, null))
                .hasMessage("zero threshold must be a finite number of at least 0, got NaN");
    }

    @Test
    void aSummarysQuantilesAreBetween0And1IncreasingAndPairedWithValues() {
        assertThat(summary(List.of(0.0, 0.5, 1.0), List.of(1.0, Double.NaN, 3.0)).values())
                .as("NaN for a quantile with no observations").containsExactly(1.0, Double.NaN, 3.0);
        assertThat(summary(List.of(), List.of()).quantiles()).as("count and sum only").isEmpty();
        assertThat(new Summary(0, 0, null, null).values()).isEmpty();

        assertThatThrownBy(() -> summary(List.of(0.5, 0.9), List.of(1.0)))
                .hasMessage("2 quantiles need as many values, got 1");
        assertThatThrownBy(() -> summary(List.of(0.5, 1.5), List.of(1.0, 2.0)))
                .hasMessage("quantile 1 (1.5) is not between 0 and 1");
        assertThatThrownBy(() -> summary(List.of(-0.1), List.of(1.0)))
                .hasMessage("quantile 0 (-0.1) is not between 0 and 1");
        assertThatThrownBy(() -> summary(List.of(Double.NaN), List.of(1.0)))
                .hasMessage("quantile 0 (NaN) is not between 0 and 1");
        assertThatThrownBy(() -> summary(List.of(0.9, 0.5), List.of(1.0, 2.0)))
                .hasMessage("quantiles must be strictly increasing, but quantile 1 (0.5) follows 0.9");
        assertThatThrownBy(() -> summary(List.of(0.5, 0.5), List.of(1.0, 2.0)))
                .hasMessage("quantiles must be strictly increasing, but quantile 1 (0.5) follows 0.5");
        assertThatThrownBy(() -> new Summary(-1, 0, List.of(), List.of()))
                .hasMessage("count must be between 0 and 2^63-1");
    }

    @Test
    void exponentialHistogramsAndSummariesGoWithTheirKindAndTemporality() {
        ExponentialHistogram exponential = exponential(0, 0, List.of(), List.of());
        Summary summary = summary(List.of(), List.of());

        assertThat(row(MetricType.EXPONENTIAL_HISTOGRAM, Temporality.DELTA, null, exponential, null).exponential())
                .isSameAs(exponential);
        MetricRow summaryRow = row(MetricType.SUMMARY, null, null, null, summary);
        assertThat(summaryRow.summary()).isSameAs(summary);
        assertThat(summaryRow.temporality()).isEqualTo(Temporality.UNSPECIFIED);
        assertThat(row(MetricType.GAUGE, null, false, null).exponential()).as("the short constructor").isNull();
        assertThat(row(MetricType.GAUGE, null, false, null).summary()).isNull();

        assertThatThrownBy(() -> row(MetricType.EXPONENTIAL_HISTOGRAM, Temporality.UNSPECIFIED, null, exponential, null))
                .hasMessage("an exponential histogram needs a DELTA or CUMULATIVE aggregation temporality");
        assertThatThrownBy(() -> row(MetricType.SUMMARY, Temporality.CUMULATIVE, null, null, summary))
                .hasMessage("a summary has no aggregation temporality");
        assertThatThrownBy(() -> row(MetricType.EXPONENTIAL_HISTOGRAM, Temporality.DELTA, null, null, null))
                .hasMessage("an exponential histogram, and only an exponential histogram, has exponential buckets");
        assertThatThrownBy(() -> row(MetricType.HISTOGRAM, Temporality.DELTA, histogram(0, List.of(), List.of()),
                exponential, null))
                .hasMessage("an exponential histogram, and only an exponential histogram, has exponential buckets");
        assertThatThrownBy(() -> row(MetricType.SUMMARY, null, null, null, null))
                .hasMessage("a summary, and only a summary, has quantiles");
        assertThatThrownBy(() -> row(MetricType.GAUGE, null, null, null, summary))
                .hasMessage("a summary, and only a summary, has quantiles");
        assertThatThrownBy(() -> row(MetricType.EXPONENTIAL_HISTOGRAM, Temporality.DELTA, null, exponential, summary))
                .hasMessage("a summary, and only a summary, has quantiles");
    }

    private static ExponentialHistogram exponential(long count, long zeroCount, List<Long> positive, List<Long> negative) {
        return new ExponentialHistogram(count, OptionalDouble.empty(), null, null, 2, zeroCount, 0.0, -3, positive, 7,
                negative);
    }

    private static Summary summary(List<Double> quantiles, List<Double> values) {
        return new Summary(4, 2.5, quantiles, values);
    }

    private static MetricRow row(MetricType type, Temporality temporality, Histogram histogram,
            ExponentialHistogram exponential, Summary summary) {
        return new MetricRow("p", "m", null, null, type, temporality, false, "svc", null, null, 0, 1, Map.of(),
                Map.of(), 0, histogram, exponential, summary);
    }

    private static Histogram histogram(long count, List<Long> buckets, List<Double> bounds) {
        return new Histogram(count, OptionalDouble.empty(), null, null, buckets, bounds);
    }

    private static MetricRow row(MetricType type, Temporality temporality, boolean monotonic, Histogram histogram) {
        return new MetricRow("p", "m", null, null, type, temporality, monotonic, "svc", null, null, 0, 1, Map.of(),
                Map.of(), 1, histogram);
    }
}
