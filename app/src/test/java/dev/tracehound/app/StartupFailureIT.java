package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A missing or broken real part stops start-up quickly with a message that names it; a
 * missing Docker engine does not, and health says why.
 */
class StartupFailureIT {

    private ThrowawayClickHouse clickHouse;
    private ThrowawayPostgres postgres;

    @BeforeEach
    void databases() {
        clickHouse = ThrowawayClickHouse.create();
        postgres = ThrowawayPostgres.create();
    }

    @AfterEach
    void drop() {
        postgres.close();
        clickHouse.close();
    }

    @Test
    void unreachableClickHouseStopsStartUpWithinThirtySecondsNamingTheUrl() {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.clickhouse.url", "http://127.0.0.1:1");

        FailureAnalysis analysis = failedStartUp(properties);

        assertThat(analysis.getDescription()).contains("ClickHouse at http://127.0.0.1:1").contains("refused");
        assertThat(analysis.getAction()).contains("CLICKHOUSE_URL");
    }

    @Test
    void unreachablePostgresStopsStartUpWithinThirtySecondsNamingTheUrl() {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/tracehound");

        FailureAnalysis analysis = failedStartUp(properties);

        assertThat(analysis.getDescription()).contains("PostgreSQL at jdbc:postgresql://127.0.0.1:1/tracehound");
        assertThat(analysis.getAction()).contains("DATABASE_URL");
    }

    @Test
    void aMigrationTheServerRejectsStopsStartUpWithTheFileNameAndTheServersMessage() {
        // Someone created "spans" by hand with another shape: V001 skips it (IF NOT EXISTS),
        // and the trace index view of V003 cannot read the columns it needs.
        clickHouse.execute("CREATE TABLE spans (project_id String) ENGINE = Memory");
        var properties = RealParts.properties(clickHouse, postgres);

        FailureAnalysis analysis = failedStartUp(properties);

        assertThat(analysis.getDescription()).contains("V003__trace_index.sql failed").contains("trace_id");
    }

    @Test
    void anUnknownIngestModeStopsStartUpNamingTheAllowedValues() {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.ingest.mode", "kafak");

        var failure = org.assertj.core.api.Assertions.catchThrowable(() -> RealParts.start(properties).close());

        // Spring Boot's own analysis of a bind failure then lists the valid values (EMBEDDED, KAFKA).
        assertThat(failure).hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("kafak");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> {
            throw failure;
        })).hasStackTraceContaining("Failed to bind properties under 'tracehound.ingest.mode'");
    }

    @Test
    void anUnknownModelStackStopsStartUpListingTheValidOnes() {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.agent.stack", "langchain");

        FailureAnalysis analysis = failedStartUp(properties);

        assertThat(analysis.getDescription()).isEqualTo("tracehound.agent.stack (TRACEHOUND_AGENT_STACK): unknown model "
                + "stack 'langchain': expected one of [spring-ai, langchain4j]");
        assertThat(analysis.getAction()).contains("offline investigator");
    }

    @Test
    void anUnknownModelProviderStopsStartUpListingTheValidOnes() {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.agent.provider", "gemini");

        FailureAnalysis analysis = failedStartUp(properties);

        assertThat(analysis.getDescription()).isEqualTo("tracehound.agent.provider (TRACEHOUND_AGENT_PROVIDER): unknown "
                + "model provider 'gemini': expected one of [offline, openai, anthropic, ollama]");
    }

    @Test
    void theAgentsRemovedPriceKeyStopsStartUpNamingTheOneTable() {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.agent.prices.[gpt-4o].input", "2.50");
        properties.put("tracehound.agent.prices.[gpt-4o].output", "10.00");

        FailureAnalysis analysis = failedStartUp(properties);

        assertThat(analysis.getDescription()).startsWith("tracehound.agent.prices is set (in ")
                .contains("but no longer read: LLM prices are one table now, overridden under tracehound.llm-prices");
        assertThat(analysis.getAction()).contains("Move the setting to the one named above");
    }

    @Test
    void anUnreachableDockerEngineLeavesTheServiceUpWithDockerDownInHealth() throws Exception {
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.docker.host", "unix:///nonexistent/docker.sock");

        try (var app = RealParts.start(properties)) {
            int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) app).getWebServer()
                    .getPort();
            var health = RealParts.getAsAdmin(port, "/actuator/health");

            assertThat(health.status()).isEqualTo(503);
            var docker = health.body().get("components").get("docker");
            assertThat(docker.get("status").asString()).isEqualTo("DOWN");
            assertThat(docker.get("details").get("reason").asString())
                    .contains("DOCKER_HOST=unix:///nonexistent/docker.sock");
            assertThat(health.body().get("components").get("clickhouse").get("status").asString()).isEqualTo("UP");
        }
    }

    private static FailureAnalysis failedStartUp(Map<String, Object> properties) {
        long started = System.nanoTime();
        var failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> RealParts.start(properties).close());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).as("start-up should have failed").isNotNull();
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("no analysis for %s", failure).isNotNull();
        return analysis;
    }
}
