package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the gateway reports a ClickHouse it cannot use; these need no server. */
class ClickHouseTest {

    @Test
    void anUnreachableServerIsNamedInTheError() {
        try (ClickHouse clickHouse = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "unused"))) {
            assertThatThrownBy(clickHouse::serverVersion)
                    .isInstanceOf(ClickHouseException.class)
                    .hasMessageContaining("ClickHouse at http://127.0.0.1:1")
                    .hasMessageContaining("refused");
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsReportedWithinTwiceTheConnectTimeout() throws Exception {
        try (var silent = new ServerSocket(0)) {
            var settings = new ClickHouseSettings(URI.create("http://127.0.0.1:" + silent.getLocalPort()), null, null,
                    "unused", Duration.ofSeconds(1), Duration.ofSeconds(30));
            try (ClickHouse clickHouse = ClickHouse.connect(settings)) {
                long started = System.nanoTime();

                assertThatThrownBy(clickHouse::serverVersion)
                        .isInstanceOf(ClickHouseException.class)
                        .hasMessageMatching("(?s).*(timed out|did not answer within).*");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> ClickHouseSettings.of("ftp://x", "db")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> ClickHouseSettings.of("http://x", "db; DROP")).hasMessageContaining("plain identifier");
        assertThat(ClickHouseSettings.of("http://user:secret@host:8123", "db").displayUrl())
                .isEqualTo("http://host:8123");
    }
}
