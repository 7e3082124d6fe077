package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A part that goes away after start-up shows up DOWN, with the reason and where it was looked for. */
class HealthIndicatorsTest {

    private final HealthConfiguration health = new HealthConfiguration();

    @Test
    void clickHouseDownSaysWhereAndWhy() {
        try (var nowhere = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "tracehound"))) {
            Health result = health.clickhouseHealthIndicator(nowhere).health(true);

            assertThat(result.getStatus()).isEqualTo(Status.DOWN);
            assertThat(result.getDetails()).containsEntry("url", "http://127.0.0.1:1");
            assertThat(String.valueOf(result.getDetails().get("reason"))).contains("refused");
        }
    }

    @Test
    void postgresDownSaysWhereAndWhy() {
        String url = "jdbc:postgresql://127.0.0.1:1/tracehound?connectTimeout=2";
        var properties = new DataSourceProperties();
        properties.setUrl(url);
        var dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, "tracehound", "tracehound");

        Health result = health.postgresqlHealthIndicator(dataSource, properties).health(true);

        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails()).containsEntry("url", url);
        assertThat(String.valueOf(result.getDetails().get("reason"))).contains("refused");
    }
}
