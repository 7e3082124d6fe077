package dev.tracehound.platform.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastTest {

    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant JANUARY = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void tenDaysIntoAThirtyOneDayMonthTheQuantityIsExtrapolatedLinearly() {
        assertThat(Forecast.linear(1_000, DECEMBER, JANUARY, Instant.parse("2026-12-11T00:00:00Z"))).isEqualTo(3_100);
    }

    @Test
    void theFirstHoursOfAMonthCountAsOneDaySoTheyDoNotExtrapolateWildly() {
        assertThat(Forecast.linear(100, DECEMBER, JANUARY, Instant.parse("2026-12-01T01:00:00Z"))).isEqualTo(3_100);
    }

    @Test
    void anEndedPeriodForecastsWhatItUsed() {
        assertThat(Forecast.linear(1_234, DECEMBER, JANUARY, JANUARY)).isEqualTo(1_234);
        assertThat(Forecast.linear(0, DECEMBER, JANUARY, Instant.parse("2026-12-20T00:00:00Z"))).isZero();
    }
}
