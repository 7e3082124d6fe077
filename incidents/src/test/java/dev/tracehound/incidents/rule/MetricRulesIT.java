package dev.tracehound.incidents.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules over metrics evaluated on the real ClickHouse, over data points written through analytics'
 * writer. Rules are evaluated at {@code AT}, 20 s past a minute, so the 5 minute window
 * [09:55:20, 10:00:20) is not aligned to anything. In it: the gauge queue.depth of checkout is 50
 * at 09:56 and 70 at 09:58, of payments 5 at 09:57; the counter http.requests (counting for a
 * day, one point a minute from 09:50:30) adds 120 a minute, 2 per second. The day before it added
 * 30 a minute, 0.5 per second. Another project's queue.depth is 1000.
 */
class MetricRulesIT {

    static final Instant AT = Instant.parse("2026-12-10T10:00:20Z");
    static final Instant MINUTE = Instant.parse("2026-12-10T10:00:00Z");
    static final UUID PROJECT = UUID.randomUUID();
    static final UUID OTHER_PROJECT = UUID.randomUUID();
    static final Duration WINDOW = Duration.ofMinutes(5);

    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static RuleEvaluator evaluator;

    @BeforeAll
    static void seed() {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        evaluator = new RuleEvaluator(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse));
        var rows = new ArrayList<MetricRow>();
        rows.add(gauge(PROJECT, "checkout", MINUTE.minusSeconds(240), 50));
        rows.add(gauge(PROJECT, "checkout", MINUTE.minusSeconds(120), 70));
        rows.add(gauge(PROJECT, "payments", MINUTE.minusSeconds(180), 5));
        rows.add(gauge(OTHER_PROJECT, "checkout", MINUTE.minusSeconds(120), 1000));
        rows.add(gauge(PROJECT, "checkout", MINUTE.minusSeconds(120).minus(Duration.ofDays(1)), 20));
        counter(rows, MINUTE, 120);
        counter(rows, MINUTE.minus(Duration.ofDays(1)), 30);
        new TelemetryWriter(clickHouse).writeMetrics(rows);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aGaugeAboveItsThresholdBreachesAndOneBelowIsHealthy() {
        RuleQuery query = RuleQuery.Metrics.of("queue.depth", MetricAggregation.AVG).ofService("checkout");

        Observation seen = evaluator.evaluate(rule("Deep queue", query, above(55)), AT).getFirst();

        assertThat(seen.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(seen.value()).as("50 and 70; another project's 1000 not seen").isCloseTo(60, within(1e-9));
        assertThat(seen.seriesKey()).isEqualTo("all");
        assertThat(seen.labels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("alertname", "Deep queue", "service", "checkout", "team", "shop"));
        assertThat(seen.summary()).isEqualTo("The avg of queue.depth of checkout was 60 over the 5m before " + AT
                + ", above the threshold of 55.");

        Observation calm = evaluator.evaluate(rule("Calm", query, above(65)), AT).getFirst();
        assertThat(calm.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(calm.value()).isCloseTo(60, within(1e-9));
    }

    @Test
    void aCounterRateIsComparedWithTheDayBefore() {
        RuleQuery query = RuleQuery.Metrics.of("http.requests", MetricAggregation.RATE).where("http.route", "/pay");
        AlertRule rule = rule("Request surge", query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 3, 0));

        Observation seen = evaluator.evaluate(rule, AT).getFirst();

        assertThat(seen.value()).as("5 × 120 requests in 300 s").isCloseTo(2, within(1e-9));
        assertThat(seen.baseline()).as("5 × 30 requests in 300 s").isCloseTo(0.5, within(1e-9));
        assertThat(seen.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(seen.summary()).contains("against 0.5 in the same window a day earlier: above 1.5 (× 3)");

        AlertRule lenient = rule("Lenient", query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 5, 0));
        assertThat(evaluator.evaluate(lenient, AT).getFirst().verdict()).as("2 is not above 0.5 × 5")
                .isEqualTo(Verdict.HEALTHY);
        RuleQuery otherRoute = RuleQuery.Metrics.of("http.requests", MetricAggregation.RATE).where("http.route", "/x");
        assertThat(evaluator.evaluate(rule("Other route", otherRoute, above(0)), AT).getFirst().verdict())
                .isEqualTo(Verdict.NO_DATA);
    }

    @Test
    void eachGroupIsJudgedAndItsServiceBecomesALabel() {
        RuleQuery query = RuleQuery.Metrics.of("queue.depth", MetricAggregation.MAX).groupedBy("service_name");

        Map<String, Observation> seen = bySeries(evaluator.evaluate(rule("Deep queues", query, above(10)), AT));

        assertThat(seen).containsOnlyKeys("service_name=checkout", "service_name=payments");
        Observation checkout = seen.get("service_name=checkout");
        assertThat(checkout.value()).isEqualTo(70);
        assertThat(checkout.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(checkout.labels()).containsEntry("service", "checkout").containsEntry("service_name", "checkout");
        Observation payments = seen.get("service_name=payments");
        assertThat(payments.value()).isEqualTo(5);
        assertThat(payments.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(payments.labels()).containsEntry("service", "payments");
    }

    @Test
    void aMetricWithoutPointsHasNoDataAndAnAggregationItsTypeRefusesIsAnError() {
        Observation none = evaluator.evaluate(rule("Missing", RuleQuery.Metrics.of("no.such.metric",
                MetricAggregation.SUM), above(1)), AT).getFirst();
        assertThat(none.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(none.summary()).isEqualTo("No data: no data points of the sum of no.such.metric in the 5m before "
                + AT + ".");

        AlertRule rateOfGauge = rule("Rate of a gauge", RuleQuery.Metrics.of("queue.depth", MetricAggregation.RATE),
                above(1));
        assertThatThrownBy(() -> evaluator.evaluate(rateOfGauge, AT)).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("queue.depth").hasMessageContaining("rate");
    }

    @Test
    void metricRulesAreLeftOutOfBatchesToBeEvaluatedAlone() {
        AlertRule rule = rule("Deep queue", RuleQuery.Metrics.of("queue.depth", MetricAggregation.AVG), above(1));

        assertThat(evaluator.evaluateAll(List.of(rule), AT)).isEmpty();
    }

    @Test
    void thePreviewChartsTheDayWithTheLastStepBreaching() {
        var preview = new RulePreview(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse), Clock.fixed(MINUTE.plusSeconds(30), ZoneOffset.UTC));
        RuleQuery query = RuleQuery.Metrics.of("queue.depth", MetricAggregation.AVG).groupedBy("service_name");

        Preview chart = preview.preview(PROJECT, query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 2, 0), WINDOW);

        assertThat(chart.step()).isEqualTo(WINDOW);
        assertThat(chart.series()).extracting(Preview.Series::labels)
                .containsExactlyInAnyOrder(Map.of("service_name", "checkout"), Map.of("service_name", "payments"));
        Preview.Series checkout = chart.series().stream()
                .filter(s -> s.labels().get("service_name").equals("checkout")).findFirst().orElseThrow();
        assertThat(checkout.points()).hasSize(288);
        Preview.Point last = checkout.points().getLast();
        assertThat(last.start()).isEqualTo(MINUTE.minus(WINDOW));
        assertThat(last.value()).isCloseTo(60, within(1e-9));
        assertThat(last.compared()).isCloseTo(20, within(1e-9));
        assertThat(last.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(checkout.points().subList(0, 287)).allMatch(p -> p.verdict() == Verdict.NO_DATA);
    }

    private static AlertRule rule(String name, RuleQuery query, Condition condition) {
        return new AlertRule(UUID.randomUUID(), UUID.randomUUID(), PROJECT, name, query, condition, WINDOW,
                Duration.ofMinutes(1), Severity.HIGH, Map.of("team", "shop"), List.of(), false, true, "test", AT, AT);
    }

    private static Condition above(double value) {
        return new Condition.Threshold(Condition.Direction.ABOVE, value);
    }

    private static Map<String, Observation> bySeries(List<Observation> observations) {
        var map = new LinkedHashMap<String, Observation>();
        observations.forEach(o -> map.put(o.seriesKey(), o));
        return map;
    }

    private static MetricRow gauge(UUID project, String service, Instant at, double value) {
        return new MetricRow(project.toString(), "queue.depth", "", "{job}", MetricType.GAUGE, Temporality.UNSPECIFIED,
                false, service, "", "", 0, nanos(at), Map.of("service.name", service), Map.of(), value, null);
    }

    /** A cumulative counter counting for a day, a point a minute from 9 min 30 s before {@code end} to it. */
    private static void counter(List<MetricRow> rows, Instant end, long perMinute) {
        long start = nanos(end.minus(Duration.ofDays(1)));
        for (int i = 0; i < 10; i++) {
            Instant at = end.minusSeconds(570).plusSeconds(60L * i);
            rows.add(new MetricRow(PROJECT.toString(), "http.requests", "", "{request}", MetricType.SUM,
                    Temporality.CUMULATIVE, true, "checkout", "", "", start, nanos(at),
                    Map.of("service.name", "checkout"), Map.of("http.route", "/pay"), 10_000 + perMinute * i, null));
        }
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
