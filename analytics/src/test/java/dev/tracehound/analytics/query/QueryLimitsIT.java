package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.ReadLimits;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.TestClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryLimitsIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static TestClickHouse clickHouse;

    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        // 300,000 spans of project a over one hour, written server-side.
        clickHouse.clickHouse().execute("""
                INSERT INTO spans (project_id, trace_id, span_id, name, service_name, start_time_ns, duration_ns)
                SELECT 'a', lower(hex(toFixedString(toString(intDiv(number, 3)), 16))), toString(number), 'work', 'svc',
                       %d + number * 12000000, 1000000
                FROM numbers(300000)""".formatted(T0.getEpochSecond() * 1_000_000_000L));
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void aQueryReadingMoreRowsThanAllowedIsRefusedWithHowToNarrowIt() {
        var limited = new ProjectQueries(clickHouse.clickHouse().limitedTo(new ReadLimits(10_000, 0)));

        assertThatThrownBy(() -> limited.query("a", Sql.of(
                "SELECT count() AS c FROM spans WHERE project_id = {project:String} AND duration_ns > 5")))
                .isInstanceOf(QueryTooBroadException.class)
                .hasMessageContaining("more than 10000 rows")
                .hasMessageContaining("Narrow the time range");
    }

    @Test
    void aQueryReturningMoreRowsThanAllowedIsRefused() {
        var limited = new ProjectQueries(clickHouse.clickHouse().limitedTo(new ReadLimits(0, 100)));

        assertThatThrownBy(() -> limited.query("a", Sql.of(
                "SELECT span_id FROM spans WHERE project_id = {project:String} LIMIT 1000")))
                .isInstanceOf(QueryTooBroadException.class)
                .hasMessageContaining("return more than 100 rows");
    }

    @Test
    void withinTheLimitsAQueryAnswers() {
        var limited = new ProjectQueries(clickHouse.clickHouse().limitedTo(new ReadLimits(1_000_000, 100)));

        long count = limited.query("a", Sql.of(
                "SELECT count() AS c FROM spans WHERE project_id = {project:String}")).getFirst().longValue("c");

        assertThat(count).isEqualTo(300_000);
    }

    @Test
    void theLimitedConnectionIsAViewClosingItLeavesTheConnectionOpen() {
        ClickHouse limited = clickHouse.clickHouse().limitedTo(new ReadLimits(5, 5));
        limited.close();

        assertThat(clickHouse.count("SELECT count() AS c FROM spans")).isEqualTo(300_000);
    }

    @Test
    void aCallerThatStopsWaitingHasItsQueryKilledOnTheServer() throws Exception {
        String marker = "cancel_" + System.nanoTime();
        var failure = new AtomicReference<Throwable>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                clickHouse.clickHouse().query(Sql.of(
                        "SELECT count() AS c FROM numbers(100000000000) WHERE toString(number) != '" + marker + "'"));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        awaitRunning(marker, true);

        caller.interrupt();
        caller.join(Duration.ofSeconds(5));

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(ClickHouseException.class).hasMessageContaining("interrupted");
        awaitRunning(marker, false);
    }

    private static void awaitRunning(String marker, boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            long found = clickHouse.count("SELECT count() AS c FROM system.processes WHERE query LIKE '%" + marker
                    + "%' AND query NOT LIKE '%system.processes%'");
            if ((found > 0) == running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the query was " + (running ? "never seen running" : "still running after 5 s"));
    }
}
