package dev.tracehound.evals.generate;

import static dev.tracehound.evals.generate.Shop.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.ProjectTelemetry;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.AggregateResult;
import dev.tracehound.analytics.query.Aggregation;
import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.evals.scenario.Fact.Truth;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScenarioLoaderIT {

    private static final Truth CHECKOUT_COUNT = new Truth("count", Selector.service("checkout"), null, null);
    private static final Truth DECLINE_RATE = new Truth("error-rate", Shop.stripeV3(), 30, 20);

    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static TelemetryQueries queries;

    @BeforeAll
    static void migrate() {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        queries = TelemetryQueries.over(clickHouse, Clock.fixed(Shop.ANCHOR, ZoneOffset.UTC));
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aLoadedScenarioReadsBackWithTheFiguresItWasGeneratedWith() {
        Scenario scenario = declining(11);
        String project = ScenarioLoader.projectId(scenario);

        Generated generated = new ScenarioLoader(clickHouse).load(scenario);

        var stored = new ProjectTelemetry(clickHouse);
        assertThat(stored.spanCoverage(project).spans()).isEqualTo(generated.spans()).isGreaterThan(30_000);
        assertThat(stored.logCount(project)).isEqualTo(generated.logs());
        AggregateResult.Measures checkout = measures(project, SpanFilter.in(Shop.START, Shop.ANCHOR)
                .withService("checkout"));
        assertThat(checkout.count()).isEqualTo((long) generated.truth(CHECKOUT_COUNT));
        AggregateResult.Measures declines = measures(project, new SpanFilter(minute(30), minute(50),
                Optional.of("checkout"), Optional.of("POST /orders"), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new AttributeFilter(AttributeFilter.Scope.RECORD, "payment.provider", AttributeFilter.Op.EQUALS,
                        "stripe_v3")), Optional.empty(), false));
        assertThat(declines.errorRate()).isGreaterThan(0.3).isCloseTo(generated.truth(DECLINE_RATE), within(1e-9));
    }

    @Test
    void loadingAScenarioAgainLeavesItsProjectAsItIs() {
        Scenario scenario = declining(12);
        var loader = new ScenarioLoader(clickHouse);
        Generated first = loader.load(scenario);

        Generated again = loader.load(scenario);

        assertThat(again).isEqualTo(first);
        assertThat(new ProjectTelemetry(clickHouse).spanCoverage(ScenarioLoader.projectId(scenario)).spans())
                .isEqualTo(first.spans());
    }

    @Test
    void aProjectLeftHalfLoadedIsEmptiedAndLoadedAgain() {
        Scenario scenario = declining(13);
        String project = ScenarioLoader.projectId(scenario);
        var partial = new ArrayList<SpanRow>();
        TelemetryGenerator.generate(scenario, project, new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                if (partial.size() < 5_000) {
                    partial.add(span);
                }
            }

            @Override
            public void log(LogRow log) {
            }
        });
        new TelemetryWriter(clickHouse).writeSpans(partial);

        Generated generated = new ScenarioLoader(clickHouse).load(scenario);

        assertThat(new ProjectTelemetry(clickHouse).spanCoverage(project).spans()).isEqualTo(generated.spans());
    }

    @Test
    void aScenariosProjectIsNamedAfterIt() {
        assertThat(ScenarioLoader.projectId(declining(11)))
                .isEqualTo(UUID.nameUUIDFromBytes("eval:shop-11".getBytes(StandardCharsets.UTF_8)).toString())
                .isNotEqualTo(ScenarioLoader.projectId(declining(12)));
    }

    private static Scenario declining(long seed) {
        return shop().seed(seed).ownErrors(0.01)
                .fault(new Fault("errors", Shop.stripeV3(), 0.4, 30, 20, "card declined: upstream 502"))
                .askingFor(CHECKOUT_COUNT, DECLINE_RATE).scenario();
    }

    private static AggregateResult.Measures measures(String project, SpanFilter filter) {
        return queries.aggregates().aggregate(project, Aggregation.of(filter)).groups().getFirst().measures();
    }

    private static Instant minute(int minute) {
        return Shop.START.plus(Duration.ofMinutes(minute));
    }
}
