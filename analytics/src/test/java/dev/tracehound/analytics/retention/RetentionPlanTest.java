package dev.tracehound.analytics.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.retention.RetentionPlan.DayRows;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aCutoffFallsOnTheMidnightBeforeNowMinusTheRetention() {
        var cutoffs = RetentionPlan.cutoffs(Map.of("a", Duration.ofDays(30), "b", Duration.ZERO), NOW);

        assertThat(cutoffs).containsEntry("a", Instant.parse("2026-11-07T00:00:00Z"))
                .containsEntry("b", Instant.parse("2026-12-07T00:00:00Z"));
    }

    @Test
    void aNegativeRetentionIsRefused() {
        assertThatThrownBy(() -> RetentionPlan.cutoffs(Map.of("a", Duration.ofDays(-1)), NOW))
                .hasMessageContaining("retention of project a is negative");
    }

    @Test
    void aDayIsDroppedOnlyWhenEveryProjectInItIsExpired() {
        var cutoffs = Map.of("a", Instant.parse("2026-12-05T00:00:00Z"), "b", Instant.parse("2026-12-02T00:00:00Z"));
        var rows = List.of(
                new DayRows(LocalDate.parse("2026-11-27"), "a", 3),
                new DayRows(LocalDate.parse("2026-11-27"), "b", 2),
                new DayRows(LocalDate.parse("2026-12-01"), "a", 4),
                new DayRows(LocalDate.parse("2026-12-01"), "unknown", 1),
                new DayRows(LocalDate.parse("2026-12-04"), "a", 5),
                new DayRows(LocalDate.parse("2026-12-04"), "b", 6));

        RetentionPlan plan = RetentionPlan.of(rows, cutoffs);

        assertThat(plan.drops()).containsExactly(LocalDate.parse("2026-11-27"));
        assertThat(plan.deletesByCutoff()).containsOnlyKeys(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(plan.deletesByCutoff().values().iterator().next()).containsExactly("a");
        assertThat(plan.expiredRows()).isEqualTo(3 + 2 + 4 + 5);
    }

    @Test
    void projectsWithTheSameCutoffShareOneCondition() {
        Instant cutoff = Instant.parse("2026-12-05T00:00:00Z");
        var rows = List.of(
                new DayRows(LocalDate.parse("2026-12-01"), "a", 1),
                new DayRows(LocalDate.parse("2026-12-01"), "b", 1),
                new DayRows(LocalDate.parse("2026-12-01"), "c", 1));

        RetentionPlan plan = RetentionPlan.of(rows, Map.of("a", cutoff, "b", cutoff, "c", Instant.parse("2026-12-01T00:00:00Z")));

        assertThat(plan.drops()).isEmpty();
        assertThat(plan.deletesByCutoff()).containsOnlyKeys(cutoff);
        assertThat(Set.copyOf(plan.deletesByCutoff().get(cutoff))).containsExactlyInAnyOrder("a", "b");
        assertThat(plan.projectsToDelete()).isEqualTo(2);
    }
}
