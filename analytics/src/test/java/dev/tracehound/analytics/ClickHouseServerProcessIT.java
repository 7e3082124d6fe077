package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ClickHouseServerProcess;
import org.junit.jupiter.api.Test;

class ClickHouseServerProcessIT {

    private static final Sql COUNT = Sql.of("SELECT count() AS c FROM survival.events");

    @Test
    void rowsWrittenBeforeASigkillAreThereAfterTheRestart() {
        assertThat(ClickHouseServerProcess.available())
                .as("a clickhouse-server binary: install clickhouse-server (./dev test does it)")
                .isTrue();
        try (var server = ClickHouseServerProcess.start();
                var clickHouse = ClickHouse.connect(ClickHouseSettings.of(server.url(), "default"))) {
            clickHouse.execute("CREATE DATABASE survival");
            clickHouse.execute("CREATE TABLE survival.events (id UInt64, day Date) "
                    + "ENGINE = MergeTree() PARTITION BY day ORDER BY id");
            // Several inserts, so several parts must survive, not just one.
            for (int batch = 0; batch < 3; batch++) {
                clickHouse.execute("INSERT INTO survival.events SELECT number, toDate('2024-01-01') + " + batch
                        + " FROM system.numbers LIMIT 1000");
            }
            clickHouse.execute("INSERT INTO survival.events VALUES (1000000, '2024-02-01')");
            assertThat(clickHouse.query(COUNT).getFirst().longValue("c")).isEqualTo(3001);

            server.kill();

            assertThat(server.running()).isFalse();
            assertThatThrownBy(() -> clickHouse.query(COUNT)).isInstanceOf(ClickHouseException.class);

            server.restart();

            assertThat(server.running()).isTrue();
            assertThat(clickHouse.query(COUNT).getFirst().longValue("c")).isEqualTo(3001);
        }
    }
}
