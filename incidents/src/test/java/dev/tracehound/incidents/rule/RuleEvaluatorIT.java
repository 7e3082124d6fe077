package dev.tracehound.incidents.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.LogQueries;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules evaluated on the real ClickHouse over spans and logs written through analytics' writer.
 * At {@code AT}, in the 5 minutes before: checkout serves 100 POST /pay (10 failing, 300 ms, with
 * app.amount 20) and 20 GET /cart (50 ms); payments 5 charges (900 ms); checkout logs 7 errors
 * "payment timed out". The same 5 minutes a day earlier: 100 POST /pay, 2 failing, 250 ms. The
 * hour before the window: 60 GET /cart.
 */
class RuleEvaluatorIT {

    static final Instant AT = Instant.parse("2026-12-10T10:00:00Z");
    static final UUID PROJECT = UUID.randomUUID();
    static final UUID OTHER_PROJECT = UUID.randomUUID();
    static final Duration WINDOW = Duration.ofMinutes(5);

    private static ThrowawayClickHouse database;
    static ClickHouse clickHouse;
    private static RuleEvaluator evaluator;
    private static int nextId;

    @BeforeAll
    static void seed() {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        evaluator = new RuleEvaluator(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse));
        var spans = new ArrayList<SpanRow>();
        Instant start = AT.minus(WINDOW);
        for (int i = 0; i < 100; i++) {
            spans.add(span(PROJECT, "checkout", "POST /pay", start.plusSeconds(i * 2), 300, i % 10 == 0,
                    Map.of("app.amount", "20", "http.route", "/pay")));
        }
        for (int i = 0; i < 20; i++) {
            spans.add(span(PROJECT, "checkout", "GET /cart", start.plusSeconds(i * 10), 50, false, Map.of()));
        }
        for (int i = 0; i < 5; i++) {
            spans.add(span(PROJECT, "payments", "charge", start.plusSeconds(i * 30), 900, false, Map.of()));
        }
        Instant dayBefore = start.minus(Duration.ofDays(1));
        for (int i = 0; i < 100; i++) {
            spans.add(span(PROJECT, "checkout", "POST /pay", dayBefore.plusSeconds(i * 2), 250, i % 50 == 0,
                    Map.of("app.amount", "10", "http.route", "/pay")));
        }
        for (int i = 0; i < 60; i++) {
            spans.add(span(PROJECT, "checkout", "GET /cart", start.minus(Duration.ofHours(1)).plusSeconds(i * 60), 50,
                    false, Map.of()));
        }
        for (int i = 0; i < 200; i++) {
            spans.add(span(OTHER_PROJECT, "checkout", "POST /pay", start.plusSeconds(i), 5_000, true, Map.of()));
        }
        var logs = new ArrayList<LogRow>();
        for (int i = 0; i < 7; i++) {
            logs.add(log(PROJECT, "checkout", start.plusSeconds(i * 20), 17, "payment timed out after 2000 ms"));
        }
        logs.add(log(PROJECT, "checkout", start.plusSeconds(5), 9, "payment timed out, retrying"));
        logs.add(log(PROJECT, "cart", start.plusSeconds(5), 17, "cart lost"));
        var writer = new TelemetryWriter(clickHouse);
        writer.writeSpans(spans);
        writer.writeLogs(logs);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    static AlertRule rule(String name, RuleQuery query, Condition condition) {
        return new AlertRule(UUID.randomUUID(), UUID.randomUUID(), PROJECT, name, query, condition, WINDOW,
                Duration.ofMinutes(1), Severity.HIGH, Map.of("team", "shop"), List.of(), false, true, "test", AT, AT);
    }

    @Test
    void anErrorRateAboveItsThresholdBreachesAndOneBelowIsHealthy() {
        RuleQuery query = RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE).ofService("checkout");
        AlertRule rule = rule("Checkout errors", query, new Condition.Threshold(Condition.Direction.ABOVE, 0.05));

        Observation seen = evaluator.evaluate(rule, AT).getFirst();

        assertThat(seen.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(seen.value()).isCloseTo(10.0 / 120, within(1e-9));
        assertThat(seen.baseline()).isEqualTo(0.05);
        assertThat(seen.volume()).isEqualTo(120);
        assertThat(seen.source()).isEqualTo("rule:" + rule.id());
        assertThat(seen.seriesKey()).isEqualTo("all");
        assertThat(seen.severity()).isEqualTo(Severity.HIGH);
        assertThat(seen.labels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("alertname", "Checkout errors", "service", "checkout", "team", "shop"));
        assertThat(seen.summary()).isEqualTo("The error rate of checkout spans was 8.3% over the 5m before " + AT
                + " (120 spans), above the threshold of 5%.");

        Observation calm = evaluator.evaluate(rule("Calm", query,
                new Condition.Threshold(Condition.Direction.ABOVE, 0.2)), AT).getFirst();
        assertThat(calm.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(calm.summary()).contains("not above the threshold of 20%");
    }

    @Test
    void anotherProjectsSpansAreNotCounted() {
        RuleQuery query = RuleQuery.Spans.of(RuleQuery.Measure.COUNT).ofService("checkout");
        Observation seen = evaluator.evaluate(rule("Volume", query,
                new Condition.Threshold(Condition.Direction.ABOVE, 1000)), AT).getFirst();

        assertThat(seen.value()).isEqualTo(120);
    }

    @Test
    void aChangeAgainstTheDayBeforeBreachesPerGroupAndAGroupWithoutABaselineHasNoData() {
        RuleQuery query = RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE).ofService("checkout").groupedBy("name");
        AlertRule rule = rule("Checkout errors by endpoint", query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 2, 0.02));

        Map<String, Observation> seen = bySeries(evaluator.evaluate(rule, AT));

        assertThat(seen).containsOnlyKeys("name=POST /pay", "name=GET /cart");
        Observation pay = seen.get("name=POST /pay");
        assertThat(pay.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(pay.value()).isCloseTo(0.10, within(1e-9));
        assertThat(pay.baseline()).isCloseTo(0.02, within(1e-9));
        assertThat(pay.labels()).containsEntry("name", "POST /pay").containsEntry("service", "checkout");
        assertThat(pay.summary()).isEqualTo("The error rate of checkout spans (name=POST /pay) was 10% over the 5m before "
                + AT + " (100 spans) against 2% in the same window a day earlier: above 4% (× 2, by at least 2%).");
        Observation cart = seen.get("name=GET /cart");
        assertThat(cart.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(cart.summary()).contains("no baseline to compare it with: 0 spans in the same window a day earlier");

        AlertRule lenient = rule("Lenient", query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 6, 0));
        assertThat(bySeries(evaluator.evaluate(lenient, AT)).get("name=POST /pay").verdict())
                .as("10% is not above 2% × 6").isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void groupsUnderTheMinimumVolumeHaveNoData() {
        RuleQuery query = RuleQuery.Spans.of(RuleQuery.Measure.P99).groupedBy("service_name");
        AlertRule rule = rule("Slow services", query, new Condition.Threshold(Condition.Direction.ABOVE, 200));

        Map<String, Observation> seen = bySeries(evaluator.evaluate(rule, AT));

        Observation checkout = seen.get("service_name=checkout");
        assertThat(checkout.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(checkout.value()).isCloseTo(300, within(0.01));
        assertThat(checkout.labels()).containsEntry("service", "checkout").containsEntry("service_name", "checkout");
        Observation payments = seen.get("service_name=payments");
        assertThat(payments.verdict()).as("5 spans, 10 needed").isEqualTo(Verdict.NO_DATA);
        assertThat(payments.value()).isCloseTo(900, within(0.01));
        assertThat(payments.summary()).isEqualTo("No data: 5 spans in the 5m before " + AT
                + " for the p99 latency of spans (service_name=payments), fewer than the 10 needed to judge.");
        assertThat(evaluator.evaluate(rule("All of them", ((RuleQuery.Spans) query).withMinVolume(5),
                new Condition.Threshold(Condition.Direction.ABOVE, 200)), AT))
                .allMatch(o -> o.verdict() == Verdict.BREACHING);
    }

    @Test
    void aCountIsComparedWithTheTrailingHoursNormalisedToOneWindow() {
        RuleQuery query = RuleQuery.Spans.of(RuleQuery.Measure.COUNT).where("resource.service.name", "checkout")
                .groupedBy("name");
        AlertRule rule = rule("Cart surge", query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.trailingHours(1), 3, 0));

        Map<String, Observation> seen = bySeries(evaluator.evaluate(rule, AT));

        Observation cart = seen.get("name=GET /cart");
        assertThat(cart.value()).isEqualTo(20);
        assertThat(cart.baseline()).as("60 in the hour before, 5 per 5 minutes").isCloseTo(5, within(1e-9));
        assertThat(cart.verdict()).isEqualTo(Verdict.BREACHING);
        Observation pay = seen.get("name=POST /pay");
        assertThat(pay.baseline()).isZero();
        assertThat(pay.verdict()).as("a count from nothing").isEqualTo(Verdict.BREACHING);
    }

    @Test
    void aNumericAttributeIsMeasured() {
        RuleQuery query = new RuleQuery.Spans(RuleQuery.Measure.ATTRIBUTE_AVG, Optional.of("app.amount"),
                Optional.of("checkout"), Map.of("http.route", "/pay"), List.of(), 10);
        Observation seen = evaluator.evaluate(rule("Amounts", query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 1.5, 0)), AT).getFirst();

        assertThat(seen.value()).isEqualTo(20);
        assertThat(seen.baseline()).isEqualTo(10);
        assertThat(seen.verdict()).isEqualTo(Verdict.BREACHING);
    }

    @Test
    void logRecordsAreCountedWithTheirFilters() {
        RuleQuery query = new RuleQuery.Logs(Optional.empty(), Optional.of(17), Optional.of("timed out"), true);
        AlertRule rule = rule("Timeouts logged", query, new Condition.Threshold(Condition.Direction.ABOVE, 5));

        List<Observation> seen = evaluator.evaluate(rule, AT);

        assertThat(seen).singleElement().satisfies(o -> {
            assertThat(o.value()).isEqualTo(7);
            assertThat(o.verdict()).isEqualTo(Verdict.BREACHING);
            assertThat(o.labels()).containsEntry("service", "checkout");
            assertThat(o.summary()).startsWith("The number of log records of severity 17 or more saying 'timed out' "
                    + "(service_name=checkout) was 7 over");
        });
        Observation none = evaluator.evaluate(rule("Quiet", new RuleQuery.Logs(Optional.of("search"),
                Optional.empty(), Optional.empty(), false), new Condition.Threshold(Condition.Direction.BELOW, 1)), AT)
                .getFirst();
        assertThat(none.value()).isZero();
        assertThat(none.verdict()).as("no logs at all is below 1").isEqualTo(Verdict.BREACHING);
    }

    @Test
    void thePreviewChartsTheDayInWindowStepsWithOneBreachingPoint() {
        var preview = new RulePreview(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse), Clock.fixed(AT.plusSeconds(30), ZoneOffset.UTC));
        RuleQuery query = RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE).ofService("checkout").groupedBy("name");

        Preview chart = preview.preview(PROJECT, query,
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 2, 0.02), WINDOW);

        assertThat(chart.step()).isEqualTo(WINDOW);
        assertThat(chart.series()).extracting(Preview.Series::labels)
                .containsExactly(Map.of("name", "POST /pay"), Map.of("name", "GET /cart"));
        List<Preview.Point> pay = chart.series().getFirst().points();
        assertThat(pay).hasSize(288);
        assertThat(pay.getLast().start()).isEqualTo(AT.minus(WINDOW));
        assertThat(pay.getLast().value()).isCloseTo(0.10, within(1e-9));
        assertThat(pay.getLast().compared()).isCloseTo(0.02, within(1e-9));
        assertThat(pay.getLast().verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(pay.subList(0, 287)).allMatch(p -> p.verdict() == Verdict.NO_DATA && Double.isNaN(p.value()));

        Preview counts = preview.preview(PROJECT, RuleQuery.Spans.of(RuleQuery.Measure.COUNT).ofService("checkout"),
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.trailingHours(1), 3, 0),
                Duration.ofMinutes(1));
        assertThat(counts.step()).as("a 1 min window is charted in 5 min steps").isEqualTo(Duration.ofMinutes(5));
        Preview.Point last = counts.series().getFirst().points().getLast();
        assertThat(last.value()).as("120 spans in 5 min, 24 per 1 min window").isCloseTo(24, within(1e-9));
        assertThat(last.compared()).as("60 in the hour before, 1 per minute").isCloseTo(1, within(1e-9));
        assertThat(last.verdict()).isEqualTo(Verdict.BREACHING);
    }

    private static Map<String, Observation> bySeries(List<Observation> observations) {
        var map = new java.util.LinkedHashMap<String, Observation>();
        observations.forEach(o -> map.put(o.seriesKey(), o));
        return map;
    }

    private static SpanRow span(UUID project, String service, String name, Instant start, long millis, boolean error,
            Map<String, String> attributes) {
        int id = ++nextId;
        long nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return new SpanRow(project.toString(), String.format("%032x", id), String.format("%016x", id), "", "", name,
                SpanKind.SERVER, error ? StatusCode.ERROR : StatusCode.OK, error ? "failed" : "", service, "", "", nanos,
                Duration.ofMillis(millis).toNanos(), Map.of("service.name", service), attributes, List.of(), List.of(),
                SpanRow.LlmUsage.NONE);
    }

    private static LogRow log(UUID project, String service, Instant at, int severity, String body) {
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return new LogRow(project.toString(), nanos, nanos, "", "", severity, "", service, body,
                Map.of("service.name", service), Map.of(), "");
    }
}
