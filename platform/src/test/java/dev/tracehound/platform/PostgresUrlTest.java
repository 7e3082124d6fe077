package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void takesJdbcUrlsAsTheyAre() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/tracehound"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://127.0.0.1:5432/tracehound", Optional.empty(), Optional.empty()));
    }

    @Test
    void turnsALibpqUrlIntoJdbcUrlUserAndPassword() {
        var url = PostgresUrl.parse("postgres://shop:p%40ss%3Aword@db.internal:6432/tracehound?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/tracehound?sslmode=require");
        assertThat(url.user()).contains("shop");
        assertThat(url.password()).contains("p@ss:word");
        assertThat(PostgresUrl.parse("postgresql://localhost/tracehound").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/tracehound");
    }

    @Test
    void refusesWhatItCannotUseWithoutEchoingThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgres://user:secret@/tracehound"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must name one host")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://user:secret@host/db"))
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("secret");
    }
}
