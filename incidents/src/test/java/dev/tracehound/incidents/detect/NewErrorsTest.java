package dev.tracehound.incidents.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.query.ServiceHealth;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewErrorsTest {

    private static final Instant AT = Instant.parse("2026-12-10T10:00:00Z");
    private static final Instant WINDOW_START = AT.minus(Duration.ofMinutes(10));
    private static final RobustStats ANY = new RobustStats(144, 0, 0);

    /**
     * payments' history starts a day before; it has had Timeout since then, and three types that
     * appeared lately: Recent 40 min before the window, Older 2.5 h before, Oldest 5 h before.
     */
    private static ProjectBaseline baseline() {
        var types = new LinkedHashMap<String, Instant>();
        types.put("Timeout", AT.minus(Duration.ofHours(23)));
        types.put("Recent", WINDOW_START.minus(Duration.ofMinutes(40)));
        types.put("Older", WINDOW_START.minus(Duration.ofMinutes(150)));
        types.put("Oldest", WINDOW_START.minus(Duration.ofHours(5)));
        return new ProjectBaseline(AT, AT.minus(Duration.ofHours(24)), WINDOW_START, Map.of(
                "payments", new ServiceBaseline(AT.minus(Duration.ofHours(24)), ANY, ANY),
                "fresh", new ServiceBaseline(AT.minus(Duration.ofHours(3)), ANY, ANY)),
                Map.of("payments", types));
    }

    private static Map<String, Observation> judge(Map<String, Long> payments, Map<String, Long> fresh) {
        var window = Map.of("payments", new ServiceHealth("payments", 100, 5, 200, payments),
                "fresh", new ServiceHealth("fresh", 100, 5, 200, fresh),
                "unknown", new ServiceHealth("unknown", 100, 5, 200, Map.of("Boom", 3L)));
        var seen = new LinkedHashMap<String, Observation>();
        for (Observation o : new NewErrors(AnomalySettings.defaults(), AT).judge(window, baseline())) {
            seen.put(o.seriesKey(), o);
        }
        return seen;
    }

    @Test
    void anErrorTypeTheServiceHasNotHadBreachesAsLow() {
        Map<String, Observation> seen = judge(Map.of("Timeout", 4L, "*url.Error", 2L), Map.of());

        Observation fresh = seen.get("payments|*url.Error");
        assertThat(fresh.verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(fresh.severity()).isEqualTo(Severity.LOW);
        assertThat(fresh.source()).isEqualTo("anomaly:new-error");
        assertThat(fresh.value()).isEqualTo(2);
        assertThat(fresh.labels()).containsOnly(Map.entry("alertname", "New error type"),
                Map.entry("service", "payments"), Map.entry("error_type", "*url.Error"));
        assertThat(fresh.summary()).isEqualTo("2 payments spans failed with *url.Error in the 10 min before "
                + "10:00 UTC, an error type not seen in the 24 h before.");
        assertThat(seen).as("Timeout is old news").doesNotContainKey("payments|Timeout");
    }

    @Test
    void aTypeStaysNewForAnHourAndIsHealthyOnceNoLongerSeenOrNoLongerNew() {
        Map<String, Observation> seen = judge(Map.of("Recent", 1L, "Older", 1L), Map.of());

        assertThat(seen.get("payments|Recent").verdict()).isEqualTo(Verdict.BREACHING);
        assertThat(seen.get("payments|Older").verdict()).as("first seen 2.5 h ago").isEqualTo(Verdict.HEALTHY);
        assertThat(seen).doesNotContainKey("payments|Oldest");

        Map<String, Observation> gone = judge(Map.of(), Map.of());
        assertThat(gone.get("payments|Recent").verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(gone.get("payments|Recent").summary()).isEqualTo("payments has had no Recent error in the 10 min before "
                + "10:00 UTC.");
    }

    @Test
    void aServiceWithLessThanSixHoursOfHistoryHasNoNewTypes() {
        Map<String, Observation> seen = judge(Map.of(), Map.of("Boom", 7L));

        assertThat(seen.keySet()).noneMatch(k -> k.startsWith("fresh|") || k.startsWith("unknown|"));
        assertThat(List.copyOf(seen.values())).allMatch(o -> o.source().equals("anomaly:new-error"));
    }
}
