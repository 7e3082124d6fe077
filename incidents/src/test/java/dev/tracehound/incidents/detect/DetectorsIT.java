package dev.tracehound.incidents.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.analytics.query.ServiceHealthQueries;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.rule.AlertRule;
import dev.tracehound.incidents.rule.AlertRules;
import dev.tracehound.incidents.rule.Condition;
import dev.tracehound.incidents.rule.RuleDraft;
import dev.tracehound.incidents.rule.RuleEvaluator;
import dev.tracehound.incidents.rule.RuleQuery;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.notify.NotificationChannels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class DetectorsIT {

    private static final Instant AT = Instant.parse("2026-12-10T10:00:00Z");

    private static ThrowawayPostgres postgres;
    private static ThrowawayClickHouse clickHouseDatabase;
    private static AlertRules rules;
    private static ProjectDirectory projects;
    private static RuleEvaluator evaluator;
    private static ServiceHealthQueries health;
    private static Project shop;
    private static Project other;

    @BeforeAll
    static void start() {
        postgres = ThrowawayPostgres.create("detectors");
        Flyway.configure().dataSource(postgres.dataSource())
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS)
                .target("2026.12.10.10").load().migrate();
        JdbcClient jdbc = JdbcClient.create(postgres.dataSource());
        projects = new ProjectDirectory(jdbc);
        shop = projects.ensure("acme", "Acme", "shop", "Shop");
        other = projects.ensure("globex", "Globex", "other", "Other");
        rules = new AlertRules(jdbc, new NotificationChannels(jdbc), Clock.systemUTC());
        clickHouseDatabase = ThrowawayClickHouse.create();
        ClickHouse clickHouse = clickHouseDatabase.closing(ClickHouse.connect(
                ClickHouseSettings.of(clickHouseDatabase.url(), clickHouseDatabase.name())));
        new SchemaMigrator(clickHouse).migrate();
        evaluator = new RuleEvaluator(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse));
        health = new ServiceHealthQueries(clickHouse);
    }

    @AfterAll
    static void stop() {
        if (clickHouseDatabase != null) {
            clickHouseDatabase.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static RuleDraft draft(String name, boolean enabled) {
        return new RuleDraft(name, RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE),
                new Condition.Threshold(Condition.Direction.ABOVE, 0.05), Duration.ofMinutes(5), Duration.ofMinutes(2),
                Severity.HIGH, Map.of(), List.of(), false, enabled);
    }

    private static Detectors detectors(AnomalySettings settings) {
        return new Detectors(rules, evaluator, projects, health, settings);
    }

    @Test
    void everyEnabledRuleAndEachProjectsAnomalyDetectorsAreChecked() {
        AlertRule on = rules.create(shop.workspaceId(), shop.id(), draft("On", true), "user-1");
        AlertRule off = rules.create(shop.workspaceId(), shop.id(), draft("Off", false), "user-1");

        List<Check> checks = detectors(AnomalySettings.defaults()).checks();

        assertThat(checks).extracting(Check::source).contains("rule:" + on.id(), "anomaly:" + shop.id(),
                "anomaly:" + other.id()).doesNotContain("rule:" + off.id());
        Check anomalies = checks.stream().filter(c -> c.source().equals("anomaly:" + other.id())).findFirst()
                .orElseThrow();
        assertThat(anomalies).isEqualTo(new Check("anomaly:" + other.id(), other.workspaceId(), other.id(),
                "Anomaly detectors", Duration.ofMinutes(1), List.of(), Optional.of(Severity.MEDIUM)));
        assertThat(checks.stream().filter(c -> c.source().equals("rule:" + on.id())).findFirst().orElseThrow().interval())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anomaliesSwitchedOffAreNotChecked() {
        var off = new AnomalySettings(false, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(24), 50,
                Severity.MEDIUM);

        assertThat(detectors(off).checks()).extracting(Check::source).noneMatch(s -> s.startsWith("anomaly:"));
    }

    @Test
    void aChecksEvaluationGoesToItsRuleOrToTheAnomalyDetectors() {
        AlertRule rule = rules.create(shop.workspaceId(), shop.id(), draft("Evaluated", true), "user-1");
        Detectors detectors = detectors(AnomalySettings.defaults());

        List<Observation> seen = detectors.evaluate(rule.check(), AT);
        assertThat(seen).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo("rule:" + rule.id());
            assertThat(o.verdict()).as("no spans at all").isEqualTo(Observation.Verdict.NO_DATA);
        });
        Check anomalies = new Check("anomaly:" + shop.id(), shop.workspaceId(), shop.id(), "Anomaly detectors",
                Duration.ofMinutes(1), List.of(), Optional.of(Severity.MEDIUM));
        assertThat(detectors.evaluate(anomalies, AT)).as("a project without spans has no services").isEmpty();

        rules.delete(shop.workspaceId(), shop.id(), rule.id());
        assertThat(detectors.evaluate(rule.check(), AT)).as("deleted since it was listed").isEmpty();
        Check unknown = new Check("slo:x", shop.workspaceId(), shop.id(), "x", Duration.ofMinutes(1), List.of(),
                Optional.empty());
        assertThatThrownBy(() -> detectors.evaluate(unknown, AT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no detector evaluates 'slo:x'");
    }
}
