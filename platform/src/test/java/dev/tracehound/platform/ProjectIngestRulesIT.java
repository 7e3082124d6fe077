package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.ProjectIngestRules.Replacement;
import dev.tracehound.platform.ProjectIngestRules.Rules;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

class ProjectIngestRulesIT {

    private ThrowawayPostgres postgres;
    private JdbcClient jdbc;
    private ProjectIngestRules rules;
    private Project project;

    @BeforeEach
    void migrate() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        jdbc = JdbcClient.create(postgres.dataSource());
        project = new ProjectDirectory(jdbc).ensure("acme", "Acme", "shop", "Shop");
        rules = new ProjectIngestRules(jdbc);
    }

    @AfterEach
    void drop() {
        postgres.close();
    }

    @Test
    void savedRulesComeBackAsTheyWere() {
        var saved = new Rules(
                List.of(new Replacement("order-id", "ORD-\\d{6}", "ORD-######"),
                        new Replacement("session", "(?<=session=)[^&\\s]+", null)),
                List.of("http.request.header.cookie", "user.*"), OptionalDouble.of(250.5), OptionalDouble.empty());

        rules.save(project.id(), saved);

        assertThat(rules.find(project.id())).contains(saved);
    }

    @Test
    void savingAgainReplacesEveryField() {
        rules.save(project.id(), new Rules(List.of(new Replacement("a", "a+", "x"), new Replacement("b", "b+", "y")),
                List.of("secret"), OptionalDouble.of(10), OptionalDouble.of(3)));
        var replacement = new Rules(List.of(new Replacement("c", "c+", "z")), List.of(), OptionalDouble.empty(),
                OptionalDouble.of(1));

        rules.save(project.id(), replacement);

        assertThat(rules.find(project.id())).contains(replacement);
        assertThat(jdbc.sql("SELECT count(*) FROM project_ingest_rules").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anInfiniteRateMeansNoLimitAndRoundTrips() {
        var unlimited = new Rules(List.of(), List.of(), OptionalDouble.of(Double.POSITIVE_INFINITY),
                OptionalDouble.empty());

        rules.save(project.id(), unlimited);

        assertThat(rules.find(project.id())).contains(unlimited);
    }

    @Test
    void aProjectWithoutRulesOrAnUnknownOneHasNone() {
        assertThat(rules.find(project.id())).isEmpty();
        assertThat(rules.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void rulesForAProjectThatDoesNotExistAreRefusedByTheDatabase() {
        assertThatThrownBy(() -> rules.save(UUID.randomUUID(), Rules.NONE))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void refusesRulesThatCouldNeverWorkAndStoresNothing() {
        assertThatThrownBy(() -> rules.save(project.id(), only(new Replacement("broken", "(unclosed", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'broken'").hasMessageContaining("invalid pattern (unclosed");
        assertThatThrownBy(() -> rules.save(project.id(), only(new Replacement(" ", "x", "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> rules.save(project.id(), only(new Replacement("empty", "x*", "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches the empty string");
        assertThatThrownBy(() -> rules.save(project.id(), new Rules(
                List.of(new Replacement("twice", "a", "x"), new Replacement("TWICE", "b", "y")), List.of(),
                OptionalDouble.empty(), OptionalDouble.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named twice");
        assertThatThrownBy(() -> rules.save(project.id(), new Rules(List.of(), List.of(""), OptionalDouble.empty(),
                OptionalDouble.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute key must not be blank");
        assertThatThrownBy(() -> rules.save(project.id(), rate(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("records per second must be positive");
        assertThatThrownBy(() -> rules.save(project.id(), rate(Double.NaN, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("records per second must be positive");
        assertThatThrownBy(() -> rules.save(project.id(), rate(10, -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst seconds must be positive");
        assertThatThrownBy(() -> rules.save(project.id(), rate(10, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst seconds must be positive");

        assertThat(rules.find(project.id())).isEmpty();
    }

    @Test
    void theDatabaseRefusesMalformedRowsWrittenByHand() {
        assertThatThrownBy(() -> insert("'{a,b}'", "'{x}'", "'{y,z}'", "NULL"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("scrub_arrays_parallel");
        assertThatThrownBy(() -> insert("'{NULL}'", "'{x}'", "'{y}'", "NULL"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("no_null");
        assertThatThrownBy(() -> insert("'{}'", "'{}'", "'{}'", "'NaN'"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("records_per_second");
        assertThatThrownBy(() -> insert("'{}'", "'{}'", "'{}'", "0"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("records_per_second");

        insert("'{a}'", "'{x}'", "'{NULL}'", "'Infinity'");
        assertThat(rules.find(project.id())).contains(new Rules(List.of(new Replacement("a", "x", null)), List.of(),
                OptionalDouble.of(Double.POSITIVE_INFINITY), OptionalDouble.empty()));
    }

    @Test
    void rulesGoWithTheirProject() {
        rules.save(project.id(), only(new Replacement("order-id", "ORD-\\d+", "ORD-?")));

        jdbc.sql("DELETE FROM projects WHERE id = :id").param("id", project.id()).update();

        assertThat(rules.find(project.id())).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM project_ingest_rules").query(Long.class).single()).isZero();
    }

    private void insert(String names, String patterns, String replacements, String rate) {
        jdbc.sql("INSERT INTO project_ingest_rules (project_id, scrub_names, scrub_patterns, scrub_replacements,"
                        + " records_per_second) VALUES (:id, " + names + ", " + patterns + ", " + replacements + ", "
                        + rate + ")")
                .param("id", project.id())
                .update();
    }

    private static Rules only(Replacement replacement) {
        return new Rules(List.of(replacement), List.of(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    private static Rules rate(double recordsPerSecond, double burstSeconds) {
        return new Rules(List.of(), List.of(), OptionalDouble.of(recordsPerSecond), OptionalDouble.of(burstSeconds));
    }
}
