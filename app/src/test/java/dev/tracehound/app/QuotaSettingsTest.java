package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuotaSettingsTest {

    @Test
    void aQuotaCacheLongerThanThirtySecondsIsRefusedSoAPlanChangeReachesIngestWithinAMinute() {
        assertThatThrownBy(() -> new IngestProperties.Quota(true, Duration.ofSeconds(60), Duration.ofMillis(200),
                Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tracehound.ingest.quota.cache-ttl must be 0s to 30s");
        assertThatCode(() -> new IngestProperties.Quota(true, Duration.ofSeconds(25), Duration.ofMillis(200),
                Duration.ofSeconds(60))).doesNotThrowAnyException();
    }
}
