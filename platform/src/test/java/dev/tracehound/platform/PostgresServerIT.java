package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ThrowawayPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class PostgresServerIT {

    @Test
    void theVersionIsTheServersOwn() {
        try (var postgres = ThrowawayPostgres.create()) {
            assertThat(new PostgresServer(postgres.dataSource()).version()).matches("\\d+(\\.\\d+)?.*");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsAnError() {
        var nowhere = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:1/tracehound?connectTimeout=2", "tracehound", "tracehound");

        assertThatThrownBy(() -> new PostgresServer(nowhere).version())
                .isInstanceOf(RuntimeException.class)
                .rootCause().hasMessageContaining("refused");
    }
}
