package dev.tracehound.incidents.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.query.ServiceHealth;
import dev.tracehound.analytics.query.ServiceHistory;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAnomaliesTest {

    private static final Instant AT = Instant.parse("2026-12-10T10:00:00Z");
    private static final ServiceAnomalies JUDGE = new ServiceAnomalies(AnomalySettings.defaults(), AT);
    /** 1% errors and 200 ms p99 in every window, but for a spread of 10 ms. */
    private static final ServiceBaseline STEADY = new ServiceBaseline(AT.minus(Duration.ofHours(24)),
            new RobustStats(144, 0.01, 0), new RobustStats(144, 200, 10));

    private static ServiceHealth window(long spans, long errors, double p99) {
        return new ServiceHealth("checkout", spans, errors, p99, Map.of());
    }

    private static Observation rate(long spans, long errors) {
        return JUDGE.errorRate(window(spans, errors, 200), STEADY);
    }

    private static Observation p99(double millis) {
        return JUDGE.p99(window(100, 0, millis), STEADY);
    }

    @Test
    void theMedianAndMadOfValuesIgnoreAFewExtremeOnes() {
        RobustStats stats = RobustStats.of(new double[] {1, 2, 3, 4, 100});

        assertThat(stats.median()).isEqualTo(3);
        assertThat(stats.mad()).as("1.4826 × median(|x − 3|) = 1.4826 × 1").isCloseTo(1.4826, within(1e-9));
        assertThat(RobustStats.of(new double[] {1, 2, 3, 4}).median()).isEqualTo(2.5);
        assertThat(RobustStats.of(new double[0]).count()).isZero();
    }

    @Test
    void aBaselineIsMadeOfTheWindowsWithEnoughSpans() {
        var buckets = new ArrayList<ServiceHistory.Bucket>();
        buckets.add(new ServiceHistory.Bucket(AT.minus(Duration.ofHours(3)), 10, 10, 5_000));
        for (int i = 0; i < 12; i++) {
            buckets.add(new ServiceHistory.Bucket(AT.minus(Duration.ofMinutes(120 - 10 * i)), 100, i % 2, 200 + i));
        }
        ServiceBaseline baseline = ServiceBaseline.of(buckets, 50);

        assertThat(baseline.historyStart()).isEqualTo(AT.minus(Duration.ofHours(3)));
        assertThat(baseline.errorRate().count()).isEqualTo(12);
        assertThat(baseline.errorRate().median()).isEqualTo(0.005);
        assertThat(baseline.p99().median()).as("the quiet window's 5 s is left out").isEqualTo(205.5);
    }

    @Test
    void aSteadyServiceIsHealthyUntilItsErrorRateClearsEveryFloor() {
        assertThat(rate(100, 3).verdict()).as("3% is under 1% + 2.5 points").isEqualTo(Verdict.HEALTHY);
        assertThat(rate(200, 10).verdict()).as("5%: not normal, not yet anomalous").isEqualTo(Verdict.NO_DATA);
        Observation breach = rate(100, 20);
        assertThat(breach.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(breach.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(breach.value()).isEqualTo(0.20);
        assertThat(breach.baseline()).isEqualTo(0.01);
        assertThat(breach.source()).isEqualTo("anomaly:error-rate");
        assertThat(breach.labels()).containsOnly(Map.entry("alertname", "Error rate anomaly"),
                Map.entry("service", "checkout"));
        assertThat(breach.summary()).isEqualTo("error rate 20.0% against a typical 1.0% (the 10 min before 10:00 UTC, "
                + "100 spans; median 1.0% and MAD 0.0% over the previous 24 h; anomalous at 6.0% or more)");
        assertThat(rate(100, 30).severity()).as("21 points above the median").isEqualTo(Severity.HIGH);
    }

    @Test
    void fewerThanTenFailedSpansNeverBreach() {
        Observation few = rate(60, 9);

        assertThat(few.value()).isEqualTo(0.15);
        assertThat(few.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(few.summary()).contains("with 9 failed spans, fewer than the 10 needed");
    }

    @Test
    void aP99BreachesAtTwiceItsMedianAndIsHealthyAgainUnderOneAndAHalfTimes() {
        assertThat(p99(399).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(p99(400).verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(p99(400).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(p99(1_200).severity()).as("4 × the median and 1 s above it").isEqualTo(Severity.HIGH);
        assertThat(p99(320).verdict()).as("between 300 and 400 ms the state holds").isEqualTo(Verdict.NO_DATA);
        assertThat(p99(299).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(p99(400).source()).isEqualTo("anomaly:p99-latency");
    }

    @Test
    void aNoisyServiceNeedsSixMadsAboveItsMedian() {
        ServiceBaseline noisy = new ServiceBaseline(AT.minus(Duration.ofHours(24)), new RobustStats(144, 0.01, 0),
                new RobustStats(144, 200, 100));

        assertThat(JUDGE.p99(window(100, 0, 790), noisy).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(JUDGE.p99(window(100, 0, 800), noisy).verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(JUDGE.p99(window(100, 0, 499), noisy).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void tooFewSpansOrTooLittleHistoryIsNoData() {
        Observation quiet = JUDGE.p99(window(49, 0, 5_000), STEADY);
        assertThat(quiet.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(quiet.summary()).isEqualTo("Too few spans to judge checkout's p99 latency: 49 in the 10 min before "
                + "10:00 UTC, 50 are needed.");
        ServiceBaseline young = new ServiceBaseline(AT.minus(Duration.ofHours(1)), new RobustStats(11, 0.01, 0),
                new RobustStats(11, 200, 10));
        Observation unjudged = JUDGE.errorRate(window(500, 400, 200), young);
        assertThat(unjudged.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(unjudged.summary()).startsWith("No baseline yet for checkout's error rate: 11 windows");
        assertThat(JUDGE.errorRate(window(500, 400, 200), null).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(List.of(quiet, unjudged)).allMatch(o -> o.seriesKey().equals("checkout"));
    }
}
