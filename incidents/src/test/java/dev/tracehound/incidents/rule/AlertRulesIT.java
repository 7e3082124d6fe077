package dev.tracehound.incidents.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.Severity;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.NotificationChannels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class AlertRulesIT {

    private static final Instant NOW = Instant.parse("2026-12-10T10:00:00Z");

    private static ThrowawayPostgres postgres;
    private static JdbcClient jdbc;
    private static AlertRules rules;
    private static NotificationChannels channels;
    private static Project shop;
    private static Project other;
    private static Project foreign;

    @BeforeAll
    static void migrate() {
        postgres = ThrowawayPostgres.create("rules");
        Flyway.configure().dataSource(postgres.dataSource())
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS)
                .target("2026.12.10.10").load().migrate();
        jdbc = JdbcClient.create(postgres.dataSource());
        var projects = new ProjectDirectory(jdbc);
        shop = projects.ensure("acme", "Acme", "shop", "Shop");
        other = projects.ensure("acme", "Acme", "other", "Other");
        foreign = projects.ensure("globex", "Globex", "shop", "Globex shop");
        channels = new NotificationChannels(jdbc);
        rules = new AlertRules(jdbc, channels, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void drop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static RuleDraft errorRateRule(String name) {
        return new RuleDraft(name, RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE).ofService("checkout")
                .where("http.route", "/pay").groupedBy("name", "resource.service.version").withMinVolume(20),
                new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.trailingHours(6), 1.5, 0.02),
                Duration.ofMinutes(5), Duration.ofMinutes(1), Severity.HIGH, Map.of("team", "payments"), List.of(),
                true, true);
    }

    @Test
    void aRuleIsStoredReadListedUpdatedAndDeleted() {
        AlertRule created = rules.create(shop.workspaceId(), shop.id(), errorRateRule("Checkout errors"), "user-1");

        assertThat(created.name()).isEqualTo("Checkout errors");
        assertThat(created.workspaceId()).isEqualTo(shop.workspaceId());
        assertThat(created.draft()).isEqualTo(errorRateRule("Checkout errors"));
        assertThat(created.createdBy()).isEqualTo("user-1");
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(rules.get(shop.workspaceId(), shop.id(), created.id())).contains(created);
        assertThat(rules.list(shop.id())).contains(created);

        RuleDraft changed = new RuleDraft("Checkout p99", RuleQuery.Spans.of(RuleQuery.Measure.P99),
                new Condition.Threshold(Condition.Direction.ABOVE, 800), Duration.ofMinutes(10), Duration.ofSeconds(30),
                Severity.CRITICAL, Map.of(), List.of(), false, false);
        AlertRule updated = rules.update(shop.workspaceId(), shop.id(), created.id(), changed).orElseThrow();
        assertThat(updated.draft()).isEqualTo(changed);
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(rules.listEnabled()).extracting(AlertRule::id).doesNotContain(created.id());

        assertThat(rules.delete(shop.workspaceId(), shop.id(), created.id())).isTrue();
        assertThat(rules.get(shop.workspaceId(), shop.id(), created.id())).isEmpty();
        assertThat(rules.delete(shop.workspaceId(), shop.id(), created.id())).isFalse();
        assertThat(rules.update(shop.workspaceId(), shop.id(), created.id(), changed)).isEmpty();
    }

    @Test
    void anotherWorkspacesRuleIsNotFound() {
        AlertRule theirs = rules.create(foreign.workspaceId(), foreign.id(), errorRateRule("Theirs"), "user-9");

        assertThat(rules.get(shop.workspaceId(), foreign.id(), theirs.id())).isEmpty();
        assertThat(rules.get(shop.workspaceId(), shop.id(), theirs.id())).isEmpty();
        assertThat(rules.update(shop.workspaceId(), foreign.id(), theirs.id(), errorRateRule("Mine now"))).isEmpty();
        assertThat(rules.delete(shop.workspaceId(), foreign.id(), theirs.id())).isFalse();
        assertThat(rules.get(foreign.workspaceId(), foreign.id(), theirs.id())).isPresent();
        assertThat(rules.list(shop.id())).extracting(AlertRule::id).doesNotContain(theirs.id());
    }

    @Test
    void aRuleOfAnotherProjectOfTheSameWorkspaceIsNotFoundThroughThisOne() {
        AlertRule rule = rules.create(other.workspaceId(), other.id(), errorRateRule("Other's"), "user-1");

        assertThat(rules.get(shop.workspaceId(), shop.id(), rule.id())).isEmpty();
        assertThat(rules.delete(shop.workspaceId(), shop.id(), rule.id())).isFalse();
    }

    @Test
    void aProjectOfAnotherWorkspaceCannotGetARule() {
        assertThatThrownBy(() -> rules.create(shop.workspaceId(), foreign.id(), errorRateRule("Sneaky"), "user-1"))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("not a project of this workspace");
    }

    @Test
    void twoRulesOfAProjectCannotShareAName() {
        rules.create(shop.workspaceId(), shop.id(), errorRateRule("Twice"), "user-1");

        assertThatThrownBy(() -> rules.create(shop.workspaceId(), shop.id(), errorRateRule("Twice"), "user-2"))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("a rule named 'Twice' exists");
        assertThat(rules.create(other.workspaceId(), other.id(), errorRateRule("Twice"), "user-2").name())
                .as("another project may").isEqualTo("Twice");
    }

    @Test
    void channelsMustBeTheWorkspaces() {
        UUID ours = channels.create(shop.workspaceId(), ChannelKind.WEBHOOK, "ops", "http://127.0.0.1:9/hook", "s3cret")
                .id();
        UUID theirs = channels.create(foreign.workspaceId(), ChannelKind.WEBHOOK, "ops", "http://127.0.0.1:9/x", "s")
                .id();
        RuleDraft draft = errorRateRule("Notifies");

        AlertRule rule = rules.create(shop.workspaceId(), shop.id(), withChannels(draft, List.of(ours)), "user-1");
        assertThat(rule.channelIds()).containsExactly(ours);
        assertThat(rule.check().channelIds()).containsExactly(ours);
        assertThatThrownBy(() -> rules.create(shop.workspaceId(), shop.id(),
                withChannels(errorRateRule("Leaks"), List.of(ours, theirs)), "user-1"))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining(theirs + " is not a notification channel");
    }

    @Test
    void aRuleIsCheckedAsItsSourceWithItsIntervalAndInvestigatesWhenAsked() {
        AlertRule rule = rules.create(shop.workspaceId(), shop.id(), errorRateRule("Checked"), "user-1");

        Check check = rule.check();
        assertThat(check.source()).isEqualTo("rule:" + rule.id());
        assertThat(check.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(check.investigateFrom()).contains(Severity.LOW);
        assertThat(check.name()).isEqualTo("Checked");
        assertThat(check.labels()).as("its firings are grouped into incidents by these and the service")
                .containsExactly(Map.entry("team", "payments"));
        AlertRule quiet = rules.update(shop.workspaceId(), shop.id(), rule.id(), new RuleDraft("Checked",
                rule.query(), rule.condition(), rule.window(), rule.interval(), rule.severity(), rule.labels(),
                List.of(), false, true)).orElseThrow();
        assertThat(quiet.check().investigateFrom()).isEqualTo(Optional.empty());
        assertThat(rules.listEnabled()).extracting(AlertRule::id).contains(rule.id());
    }

    @Test
    void deletingTheProjectDeletesItsRules() {
        Project doomed = new ProjectDirectory(jdbc).ensure("acme", "Acme", "doomed", "Doomed");
        AlertRule rule = rules.create(doomed.workspaceId(), doomed.id(), errorRateRule("Doomed"), "user-1");

        jdbc.sql("DELETE FROM projects WHERE id = :id").param("id", doomed.id()).update();

        assertThat(rules.byId(rule.id())).isEmpty();
    }

    @Test
    void aRuleReadFromJsonIsTheSameWrittenBack() {
        String body = """
                {"name": "Payments timeouts", "window": "15m", "interval": "1m", "severity": "medium",
                 "query": {"signal": "logs", "service": "payments", "minSeverity": 17, "bodyContains": "timed out",
                           "groupBy": ["service_name"]},
                 "condition": {"type": "change", "direction": "above", "baseline": "week_before", "factor": 2,
                               "minDifference": 5},
                 "labels": {"team": "payments"}, "investigate": true}""";
        RuleDraft draft = RuleJson.draft(JsonMapper.builder().build().readTree(body));

        assertThat(draft.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(draft.enabled()).as("enabled unless said otherwise").isTrue();
        assertThat(draft.query()).isEqualTo(new RuleQuery.Logs(Optional.of("payments"), Optional.of(17),
                Optional.of("timed out"), true));
        AlertRule stored = rules.create(shop.workspaceId(), shop.id(), draft, "user-1");
        assertThat(RuleJson.draft(RuleJson.json(stored))).isEqualTo(draft);
        assertThat(RuleJson.json(stored).get("window").asString()).isEqualTo("15m");
    }

    private static RuleDraft withChannels(RuleDraft d, List<UUID> channelIds) {
        return new RuleDraft(d.name(), d.query(), d.condition(), d.window(), d.interval(), d.severity(), d.labels(),
                channelIds, d.investigate(), d.enabled());
    }
}
