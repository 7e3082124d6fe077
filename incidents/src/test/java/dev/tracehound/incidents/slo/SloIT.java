package dev.tracehound.incidents.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.SloQueries;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SLOs stored in PostgreSQL, their burn-rate alerts read from ClickHouse. */
class SloIT {

    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    private static ThrowawayPostgres postgres;
    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static Project project;
    private static Project other;
    private static Slos slos;
    private static SloDetection detection;
    private static int nextId;

    /**
     * Service api: four 10 ms spans a minute over the last 6 hours, all good except one a minute in the
     * last 10 minutes, which fails; service batch: one good 100 ms span a minute.
     */
    @BeforeAll
    static void start() {
        postgres = ThrowawayPostgres.create("slos");
        Flyway.configure().dataSource(postgres.dataSource())
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS).load().migrate();
        var directory = new ProjectDirectory(JdbcClient.create(postgres.dataSource()));
        project = directory.ensure("acme", "Acme", "shop", "Shop");
        other = directory.ensure("globex", "Globex", "shop", "Shop");
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        var spans = new ArrayList<SpanRow>();
        for (int minute = 1; minute <= 360; minute++) {
            for (int i = 0; i < 4; i++) {
                boolean failing = minute <= 10 && i == 0;
                spans.add(span("api", NOW.minus(Duration.ofMinutes(minute)).plusSeconds(i), failing));
            }
            spans.add(span("batch", NOW.minus(Duration.ofMinutes(minute)), false));
        }
        new TelemetryWriter(clickHouse).writeSpans(spans);
        slos = new Slos(postgres.dataSource(), Clock.systemUTC());
        detection = new SloDetection(slos, new SloEvaluator(new SloQueries(clickHouse)), Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        database.close();
        postgres.close();
    }

    @Test
    void aFastBurnBreachesBothWindowsOfTheFastAlertOnly() {
        Slo api = slos.create(project.workspaceId(), project.id(), spec("api availability", "api", 0.99), "u1");

        Check check = detection.checks().stream().filter(c -> c.source().equals(api.source())).findFirst().orElseThrow();
        List<Observation> observations = detection.evaluate(check, NOW);

        Observation fast = observations.stream().filter(o -> o.seriesKey().equals("fast-burn")).findFirst().orElseThrow();
        Observation slow = observations.stream().filter(o -> o.seriesKey().equals("slow-burn")).findFirst().orElseThrow();
        // Last hour: 10 of 240 spans bad = 4.2 % against a 1 % budget: 4.2×, under 14.4: not breaching.
        assertThat(fast.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(fast.value()).isCloseTo(10.0 / 240 / 0.01, within(0.01));
        // 6 h: 10 of 1440 bad is 0.69×: healthy too.
        assertThat(slow.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(fast.labels()).containsEntry("service", "api").containsEntry("slo", "api availability")
                .containsEntry("burn", "fast-burn");
        slos.delete(project.workspaceId(), project.id(), api.id());
    }

    @Test
    void aTightObjectiveBreachesAndSaysByHowMuch() {
        Slo api = slos.create(project.workspaceId(), project.id(), spec("api tight", "api", 0.999), "u1");

        List<Observation> observations = new SloEvaluator(new SloQueries(clickHouse)).evaluate(api, NOW);

        Observation fast = observations.getFirst();
        assertThat(fast.verdict()).as("4.2 %% bad in the hour and 25 %% in 5 min against 0.1 %%").isEqualTo(Verdict.BREACHING);
        assertThat(fast.severity()).isEqualTo(Severity.HIGH);
        assertThat(fast.summary()).contains("api tight: the error budget burns 41.7× as fast as 99.9 % allows over 1 h");
        Observation slow = observations.get(1);
        assertThat(slow.verdict()).as("0.69 %% bad over 6 h is 6.9× a 0.1 %% budget, over 6×").isEqualTo(Verdict.BREACHING);
        assertThat(slow.severity()).isEqualTo(Severity.MEDIUM);

        SloStatus status = SloStatus.of(new SloQueries(clickHouse), api, NOW);
        assertThat(status.valid()).isEqualTo(1440);
        assertThat(status.bad()).isEqualTo(10);
        assertThat(status.budgetLeft()).isCloseTo(1 - (10.0 / 1440) / 0.001, within(1e-9));
        slos.delete(project.workspaceId(), project.id(), api.id());
    }

    @Test
    void aLatencyThresholdMakesSlowSpansBad() {
        var spec = new SloSpec("batch fast", Optional.of("batch"), Optional.empty(), Map.of(),
                Optional.of(Duration.ofMillis(50)), 0.99, Duration.ofDays(30), List.of(), false, true);
        Slo batch = slos.create(project.workspaceId(), project.id(), spec, "u1");

        SloStatus status = SloStatus.of(new SloQueries(clickHouse), batch, NOW);

        assertThat(status.bad()).as("every batch span takes 100 ms").isEqualTo(status.valid()).isEqualTo(360);
        slos.delete(project.workspaceId(), project.id(), batch.id());
    }

    @Test
    void tooFewSpansIsNoData() {
        Slo none = slos.create(project.workspaceId(), project.id(), spec("ghost", "ghost-service", 0.99), "u1");

        assertThat(new SloEvaluator(new SloQueries(clickHouse)).evaluate(none, NOW))
                .extracting(Observation::verdict).containsOnly(Verdict.NO_DATA);
        slos.delete(project.workspaceId(), project.id(), none.id());
    }

    @Test
    void storedSlosAreTheirWorkspacesOnlyAndNamesAreUniquePerProject() {
        Slo api = slos.create(project.workspaceId(), project.id(), spec("unique", "api", 0.99), "u1");

        assertThat(slos.get(other.workspaceId(), project.id(), api.id())).isEmpty();
        assertThat(slos.delete(other.workspaceId(), other.id(), api.id())).isFalse();
        assertThatThrownBy(() -> slos.create(project.workspaceId(), project.id(), spec("unique", "api", 0.99), "u1"))
                .isInstanceOf(InvalidSloException.class).hasMessageContaining("named 'unique' already");
        var renamed = slos.update(project.workspaceId(), project.id(), api.id(),
                new SloSpec("renamed", Optional.of("api"), Optional.empty(), Map.of("http.route", "/pay"), Optional.empty(),
                        0.995, Duration.ofDays(7), List.of(UUID.randomUUID()), true, false)).orElseThrow();
        assertThat(renamed.spec().name()).isEqualTo("renamed");
        assertThat(renamed.spec().filters()).containsEntry("http.route", "/pay");
        assertThat(renamed.spec().period()).isEqualTo(Duration.ofDays(7));
        assertThat(renamed.spec().channelIds()).hasSize(1);
        assertThat(slos.enabled()).extracting(Slo::id).doesNotContain(api.id());
        assertThat(slos.delete(project.workspaceId(), project.id(), api.id())).isTrue();
    }

    @Test
    void aSpecThatCannotWorkIsRefusedWithTheReason() {
        assertThatThrownBy(() -> spec("x", "api", 1.0)).hasMessageContaining("'objective' is a percentage");
        assertThatThrownBy(() -> spec(" ", "api", 0.99)).hasMessageContaining("needs a 'name'");
        assertThatThrownBy(() -> new SloSpec("x", Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), 0.99,
                Duration.ofDays(120), List.of(), false, true)).hasMessageContaining("from 1 to 90");
        assertThatThrownBy(() -> new SloSpec("x", Optional.empty(), Optional.empty(), Map.of("bad key!", "v"),
                Optional.empty(), 0.99, Duration.ofDays(30), List.of(), false, true)).hasMessageContaining("not an attribute key");
    }

    private static SloSpec spec(String name, String service, double objective) {
        return new SloSpec(name, Optional.of(service), Optional.empty(), Map.of(), Optional.empty(), objective,
                Duration.ofDays(30), List.of(), false, true);
    }

    private static SpanRow span(String service, Instant start, boolean failing) {
        int id = ++nextId;
        return new SpanRow(project.id().toString(), String.format("%032x", id), String.format("%016x", id), "", "", "op",
                SpanKind.SERVER, failing ? StatusCode.ERROR : StatusCode.OK, "", service, "", "",
                Duration.between(Instant.EPOCH, start).toNanos(), Duration.ofMillis(service.equals("api") ? 10 : 100).toNanos(),
                Map.of(), Map.of(), List.of(), List.of(), SpanRow.LlmUsage.NONE);
    }
}
