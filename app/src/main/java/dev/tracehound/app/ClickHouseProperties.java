package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouseSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("tracehound.clickhouse")
record ClickHouseProperties(
        URI url, String username, String password, String database, Duration connectTimeout, Duration queryTimeout) {

    ClickHouseSettings settings() {
        return new ClickHouseSettings(url, username, password, database, connectTimeout, queryTimeout);
    }
}
