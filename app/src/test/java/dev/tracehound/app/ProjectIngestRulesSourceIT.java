package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.ingest.PiiScrubCounts;
import dev.tracehound.ingest.PiiScrubber;
import dev.tracehound.ingest.ProjectRateLimiter.Rate;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.ProjectIngestRules;
import dev.tracehound.platform.ProjectIngestRules.Replacement;
import dev.tracehound.platform.ProjectIngestRules.Rules;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A project's stored rules reach ingest through the cache, and PostgreSQL going away never stops the scrub. */
class ProjectIngestRulesSourceIT {

    private static final Rate DEFAULT_RATE = new Rate(1_000, 5);
    private static final Rules ORDER_IDS_AND_COOKIES = new Rules(
            List.of(new Replacement("order-id", "ORD-\\d{6}", "ORD-######")),
            List.of("http.request.header.cookie"), OptionalDouble.of(50), OptionalDouble.empty());

    private ThrowawayPostgres postgres;
    private DelegatingDataSource dataSource;
    private Project project;
    private ProjectIngestRules rules;
    private ProjectIngestRulesSource source;

    @BeforeEach
    void migrate() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        dataSource = new DelegatingDataSource(postgres.dataSource());
        var jdbc = JdbcClient.create(dataSource);
        project = new ProjectDirectory(jdbc).ensure("acme", "Acme", "shop", "Shop");
        rules = new ProjectIngestRules(jdbc);
    }

    @AfterEach
    void drop() {
        if (source != null) {
            source.close();
        }
        postgres.close();
    }

    @Test
    void aProjectsReplacementRuleAndDroppedKeyAreApplied() {
        rules.save(project.id(), ORDER_IDS_AND_COOKIES);
        source = new ProjectIngestRulesSource(rules, Duration.ofSeconds(30), DEFAULT_RATE);

        PiiScrubber scrubber = source.forProject(project.id().toString());

        var counts = new PiiScrubCounts();
        assertThat(scrubber.scrub("ORD-123456 paid by jane@example.com", counts))
                .isEqualTo("ORD-###### paid by [REDACTED:email]");
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("http.request.header.cookie", "session=abc");
        attributes.put("HTTP.route", "/orders/ORD-654321");
        assertThat(scrubber.scrubAttributes(attributes, counts)).containsExactly(
                Map.entry("HTTP.route", "/orders/ORD-######"));
        assertThat(counts.snapshot()).isEqualTo(Map.of("order-id", 2L, "email", 1L, "dropped-attribute", 1L));
        assertThat(source.rateOverride(project.id().toString())).as("the burst is the default's")
                .contains(new Rate(50, 5));
    }

    @Test
    void aProjectWithoutRulesGetsTheBuiltInsAndTheDefaultRate() {
        source = new ProjectIngestRulesSource(rules, Duration.ofSeconds(30), DEFAULT_RATE);

        assertThat(source.forProject(project.id().toString())).isSameAs(PiiScrubber.builtInsOnly());
        assertThat(source.forProject("not-a-uuid")).isSameAs(PiiScrubber.builtInsOnly());
        assertThat(source.rateOverride(project.id().toString())).isEmpty();
    }

    @Test
    void aChangeOfRulesIsPickedUpWithinTheCacheTime() throws InterruptedException {
        rules.save(project.id(), ORDER_IDS_AND_COOKIES);
        source = new ProjectIngestRulesSource(rules, Duration.ofMillis(200), DEFAULT_RATE);
        String id = project.id().toString();
        assertThat(scrub(id, "ORD-123456 INV-42")).isEqualTo("ORD-###### INV-42");

        rules.save(project.id(), new Rules(List.of(new Replacement("invoice", "INV-\\d+", "INV-?")), List.of(),
                OptionalDouble.of(7), OptionalDouble.of(2)));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (scrub(id, "ORD-123456 INV-42").startsWith("ORD-#") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(scrub(id, "ORD-123456 INV-42")).isEqualTo("ORD-123456 INV-?");
        assertThat(source.rateOverride(id)).contains(new Rate(7, 2));
    }

    @Test
    void whenPostgresGoesAwayAProjectKeepsItsLastKnownRules() throws InterruptedException {
        rules.save(project.id(), ORDER_IDS_AND_COOKIES);
        source = new ProjectIngestRulesSource(rules, Duration.ofMillis(100), DEFAULT_RATE);
        String id = project.id().toString();
        assertThat(scrub(id, "ORD-123456")).isEqualTo("ORD-######");

        dataSource.setTargetDataSource(nowhere());
        // Past twice the TTL the entry has expired, so this is a fresh read that fails, not a refresh.
        Thread.sleep(300);

        assertThat(scrub(id, "ORD-123456 jane@example.com")).isEqualTo("ORD-###### [REDACTED:email]");
        Thread.sleep(150);
        assertThat(scrub(id, "ORD-123456")).as("after a failed background refresh too").isEqualTo("ORD-######");
        assertThat(source.rateOverride(id)).contains(new Rate(50, 5));
    }

    @Test
    void withPostgresUnreachableFromTheStartTheBuiltInsStillScrub() {
        var unreachable = new ProjectIngestRules(JdbcClient.create(nowhere()));
        source = new ProjectIngestRulesSource(unreachable, Duration.ofSeconds(30), DEFAULT_RATE);
        String id = UUID.randomUUID().toString();

        long started = System.nanoTime();
        assertThat(scrub(id, "card 4111 1111 1111 1111 of jane@example.com"))
                .isEqualTo("card [REDACTED:card-number] of [REDACTED:email]");
        assertThat(source.rateOverride(id)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStoredRuleIngestRefusesIsSkippedAndTheOthersStillApply() {
        // Written by hand, past the repository's checks: a built-in rule's name and an unclosed group.
        JdbcClient.create(dataSource).sql("""
                        INSERT INTO project_ingest_rules (project_id, scrub_names, scrub_patterns, scrub_replacements,
                            drop_attribute_keys)
                        VALUES (:id, ARRAY['email', 'broken', 'order-id'], ARRAY['x+', '(unclosed', 'ORD-\\d+'],
                            ARRAY['X', 'Y', NULL], ARRAY['secret', 'a*b'])""")
                .param("id", project.id())
                .update();
        source = new ProjectIngestRulesSource(rules, Duration.ofSeconds(30), DEFAULT_RATE);
        String id = project.id().toString();

        assertThat(scrub(id, "xx (unclosed ORD-1 jane@example.com"))
                .isEqualTo("xx (unclosed [REDACTED:order-id] [REDACTED:email]");
        PiiScrubber scrubber = source.forProject(id);
        assertThat(scrubber.scrubAttributes(Map.of("secret", "s", "a*b", "kept"), new PiiScrubCounts()))
                .isEqualTo(Map.of("a*b", "kept"));
    }

    private String scrub(String projectId, String text) {
        return source.forProject(projectId).scrub(text, new PiiScrubCounts());
    }

    private static DataSource nowhere() {
        return new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:1/tracehound?connectTimeout=2", "tracehound", "tracehound");
    }
}
