package dev.tracehound.incidents.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules evaluated together give what each gives alone, on the same spans: a seeded mix of measures,
 * services, attribute filters, group-bys, windows, thresholds, changes against the day or week before
 * and the trailing hour, and minimum volumes, over random spans of two projects in the hour before
 * {@code AT}, the same hour a day and a week earlier, and the hours before it. No window of a rule
 * holds more than the 8192 values below which quantiles are exact, so the values are equal, not close.
 */
class RuleBatchIT {

    private static final Instant AT = Instant.parse("2026-12-11T10:00:00Z");
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID OTHER_PROJECT = UUID.randomUUID();
    private static final List<String> SERVICES = List.of("checkout", "payments", "search");
    private static final List<String> ROUTES = List.of("/pay", "/cart", "/search");
    private static final List<String> PROVIDERS = List.of("stripe_v2", "stripe_v3");

    private static ThrowawayClickHouse database;
    private static RuleEvaluator evaluator;
    private static int nextId;

    @BeforeAll
    static void seed() {
        database = ThrowawayClickHouse.create();
        ClickHouse clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(),
                database.name())));
        new SchemaMigrator(clickHouse).migrate();
        evaluator = new RuleEvaluator(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse));
        var random = new Random(11);
        var spans = new ArrayList<SpanRow>();
        // The last hour: search fails often in its last 5 minutes; the day before, checkout was slower.
        addSpans(spans, random, PROJECT, AT.minus(Duration.ofHours(1)), Duration.ofHours(1), 3_000, 0.05);
        addSpans(spans, random, PROJECT, AT.minus(Duration.ofMinutes(5)), Duration.ofMinutes(5), 150, 0.6);
        addSpans(spans, random, PROJECT, AT.minus(Duration.ofDays(1)).minus(Duration.ofHours(1)), Duration.ofHours(1),
                1_500, 0.02);
        addSpans(spans, random, PROJECT, AT.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(10)),
                Duration.ofMinutes(10), 300, 0.1);
        addSpans(spans, random, PROJECT, AT.minus(Duration.ofHours(3)), Duration.ofHours(2), 1_200, 0.05);
        addSpans(spans, random, OTHER_PROJECT, AT.minus(Duration.ofHours(1)), Duration.ofHours(1), 500, 0.5);
        new TelemetryWriter(clickHouse).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void rulesEvaluatedTogetherSeeWhatEachSeesAlone() {
        List<AlertRule> rules = rules(new Random(5), 240);
        AlertRule logs = rule(PROJECT, "logged errors", new RuleQuery.Logs(Optional.empty(), Optional.of(17),
                Optional.empty(), false), new Condition.Threshold(Condition.Direction.ABOVE, 0), Duration.ofMinutes(5));
        AlertRule amounts = rule(PROJECT, "amounts", new RuleQuery.Spans(RuleQuery.Measure.ATTRIBUTE_P99,
                Optional.of("app.amount"), Optional.of("checkout"), Map.of(), List.of("http.route"), 5),
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 1.2, 0),
                Duration.ofMinutes(10));
        AlertRule elsewhere = rule(OTHER_PROJECT, "other errors", RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE)
                .groupedBy("service_name"), new Condition.Threshold(Condition.Direction.ABOVE, 0.3), Duration.ofHours(1));
        var all = new ArrayList<>(rules);
        all.addAll(List.of(logs, amounts, elsewhere));

        Map<UUID, List<Observation>> together = evaluator.evaluateAll(all, AT);

        assertThat(together).as("every span rule; the log rule is left out to be evaluated alone")
                .containsOnlyKeys(all.stream().filter(r -> r != logs).map(AlertRule::id).toList());
        for (AlertRule rule : all) {
            if (rule != logs) {
                assertThat(together.get(rule.id())).as("%s: %s %s", rule.name(), rule.query(), rule.condition())
                        .isEqualTo(evaluator.evaluate(rule, AT));
            }
        }
        Map<Verdict, Long> verdicts = together.values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(Observation::verdict, Collectors.counting()));
        assertThat(verdicts).as("the mix judges every way").containsKeys(Verdict.BREACHING, Verdict.HEALTHY,
                Verdict.NO_DATA);
        assertThat(together.values().stream().flatMap(List::stream).filter(o -> o.summary().contains("no baseline")))
                .as("changes without a baseline").isNotEmpty();
        assertThat(together.get(elsewhere.id())).extracting(Observation::volume).allMatch(v -> v > 0);
        assertThat(together.get(elsewhere.id()).stream().mapToLong(Observation::volume).sum())
                .as("the other project's spans only").isEqualTo(500);
    }

    @Test
    void noRulesNoQueries() {
        assertThat(evaluator.evaluateAll(List.of(), AT)).isEmpty();
    }

    /** {@code count} rules drawn from the mix, with every threshold set near the values the data has. */
    private static List<AlertRule> rules(Random random, int count) {
        var rules = new ArrayList<AlertRule>();
        List<RuleQuery.Measure> measures = List.of(RuleQuery.Measure.ERROR_RATE, RuleQuery.Measure.COUNT,
                RuleQuery.Measure.P99, RuleQuery.Measure.P50, RuleQuery.Measure.P90, RuleQuery.Measure.AVG);
        List<Duration> windows = List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(1));
        for (int i = 0; i < count; i++) {
            RuleQuery.Measure measure = measures.get(random.nextInt(measures.size()));
            RuleQuery.Spans query = RuleQuery.Spans.of(measure);
            if (random.nextInt(4) > 0) {
                query = query.ofService(SERVICES.get(random.nextInt(SERVICES.size())));
            }
            if (random.nextInt(3) == 0) {
                query = query.where("http.route", ROUTES.get(random.nextInt(ROUTES.size())));
            }
            if (random.nextInt(5) == 0) {
                query = query.where("resource.cloud.region", random.nextBoolean() ? "eu" : "us");
            }
            switch (random.nextInt(6)) {
                case 0 -> query = query.groupedBy("name");
                case 1 -> query = query.groupedBy("service_name", "payment.provider");
                case 2 -> query = query.groupedBy("http.route");
                default -> { }
            }
            query = query.withMinVolume(List.of(0L, 10L, 60L, 400L).get(random.nextInt(4)));
            double typical = switch (measure) {
                case ERROR_RATE -> 0.05 + random.nextDouble() * 0.2;
                case COUNT -> 20 + random.nextInt(300);
                default -> 100 + random.nextInt(1_800);
            };
            Condition condition = switch (random.nextInt(5)) {
                case 0 -> new Condition.Threshold(Condition.Direction.ABOVE, typical);
                case 1 -> new Condition.Threshold(Condition.Direction.BELOW, typical);
                case 2 -> new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(),
                        1 + random.nextDouble(), 0);
                case 3 -> new Condition.Change(Condition.Direction.BELOW, Condition.Baseline.weekBefore(), 1.5, 0);
                default -> new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.trailingHours(1 + random.nextInt(2)),
                        1.2, measure == RuleQuery.Measure.ERROR_RATE ? 0.01 : 0);
            };
            rules.add(rule(PROJECT, "rule " + i, query, condition, windows.get(random.nextInt(windows.size()))));
        }
        return rules;
    }

    private static AlertRule rule(UUID project, String name, RuleQuery query, Condition condition, Duration window) {
        return new AlertRule(UUID.randomUUID(), UUID.randomUUID(), project, name, query, condition, window,
                Duration.ofMinutes(1), Severity.MEDIUM, Map.of("team", "shop"), List.of(), false, true, "test", AT, AT);
    }

    /** {@code count} spans at random moments of {@code [from, from + length)}, failing with the given chance. */
    private static void addSpans(List<SpanRow> spans, Random random, UUID project, Instant from, Duration length,
            int count, double failing) {
        for (int i = 0; i < count; i++) {
            String service = SERVICES.get(random.nextInt(SERVICES.size()));
            long nanos = from.getEpochSecond() * 1_000_000_000L + (long) (random.nextDouble() * length.toNanos());
            long millis = 20 + random.nextInt(service.equals("checkout") ? 2_000 : 400);
            int id = ++nextId;
            spans.add(new SpanRow(project.toString(), String.format("%032x", id), String.format("%016x", id), "", "",
                    random.nextBoolean() ? "GET" : "POST", SpanKind.SERVER,
                    random.nextDouble() < failing ? StatusCode.ERROR : StatusCode.OK, "", service, "", "", nanos,
                    Duration.ofMillis(millis).toNanos() + random.nextInt(1_000_000),
                    Map.of("service.name", service, "cloud.region", random.nextBoolean() ? "eu" : "us"),
                    Map.of("http.route", ROUTES.get(random.nextInt(ROUTES.size())),
                            "payment.provider", PROVIDERS.get(random.nextInt(PROVIDERS.size())),
                            "app.amount", Integer.toString(random.nextInt(500))),
                    List.of(), List.of(), SpanRow.LlmUsage.NONE));
        }
    }
}
