package dev.tracehound.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.pricing.TokenCounts;
import dev.tracehound.platform.usage.AgentUsage.Day;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentUsageByDayIT {

    private AgentDatabase database;

    @BeforeAll
    void migrate() {
        database = new AgentDatabase();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void callsAddUpPerUtcDayWhateverTheConnectionsTimeZoneAndOutliveTheirSession() {
        JdbcClient client = database.newClient();
        client.sql("SET TIME ZONE 'America/Los_Angeles'").update();
        var store = new SessionStore(client);
        UUID workspace = UUID.randomUUID();
        AgentSession session = store.create(workspace, UUID.randomUUID(), "alice", "checkout", "gpt-4o");
        AgentSession elsewhere = store.create(UUID.randomUUID(), UUID.randomUUID(), "bob", "other", "gpt-4o");
        call(store, session, 1_000, 200, 4_500, "2026-12-06T23:59:30Z");
        call(store, session, 3_000, 500, 12_500, "2026-12-07T00:00:30Z");
        call(store, session, 100, 50, 750, "2026-12-07T17:00:00Z");
        call(store, elsewhere, 9_999, 9_999, 99_999, "2026-12-07T12:00:00Z");
        call(store, session, 7, 7, 7, "2026-12-08T00:00:00Z");
        store.delete(session.id());

        var days = new AgentUsageByDay(database.newClient())
                .daily(workspace, LocalDate.parse("2026-12-06"), LocalDate.parse("2026-12-08"));

        assertThat(days).containsExactly(new Day(LocalDate.parse("2026-12-06"), 1_200, 4_500),
                new Day(LocalDate.parse("2026-12-07"), 3_650, 13_250));
    }

    private static void call(SessionStore store, AgentSession session, long input, long output, long costMicros,
            String at) {
        store.recordUsage(new ModelUsage(session.id(), session.workspaceId(), session.userId(), "gpt-4o",
                TokenCounts.of(input, output), false, costMicros, true, Instant.parse(at)));
    }
}
