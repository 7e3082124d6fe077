package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SloQueriesIT {

    private static final Instant END = Instant.parse("2026-11-20T12:00:00Z");

    private static TestClickHouse clickHouse;
    private static SloQueries slos;
    private static int nextId;

    /**
     * Project a, service api: in the last 5 minutes 10 spans, 2 failed and 3 slow (900 ms); from 5 to
     * 60 minutes before the end 40 fast good spans; one span of another service and one of project b,
     * both failing, in the last 5 minutes.
     */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        slos = new SloQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        for (int i = 0; i < 10; i++) {
            StatusCode status = i < 2 ? StatusCode.ERROR : StatusCode.OK;
            long duration = i >= 2 && i < 5 ? 900 : 20;
            spans.add(span("a", "api", Duration.ofSeconds(10 + i * 20), duration, status));
        }
        for (int i = 0; i < 40; i++) {
            spans.add(span("a", "api", Duration.ofMinutes(6 + i), 20, StatusCode.OK));
        }
        spans.add(span("a", "worker", Duration.ofMinutes(1), 20, StatusCode.ERROR));
        spans.add(span("b", "api", Duration.ofMinutes(1), 20, StatusCode.ERROR));
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void eachWindowCountsItsValidAndBadSpansInOneQuery() {
        SpanFilter api = SpanFilter.in(END.minus(Duration.ofHours(1)), END).withService("api");

        List<SloQueries.WindowCounts> counts = slos.counts("a", api, Optional.of(Duration.ofMillis(500)),
                List.of(Duration.ofMinutes(5), Duration.ofHours(1)));

        assertThat(counts.get(0)).isEqualTo(new SloQueries.WindowCounts(Duration.ofMinutes(5), 10, 5));
        assertThat(counts.get(1)).isEqualTo(new SloQueries.WindowCounts(Duration.ofHours(1), 50, 5));
        assertThat(counts.get(1).badRatio()).isEqualTo(0.1);
    }

    @Test
    void withoutALatencyThresholdOnlyFailedSpansAreBad() {
        SpanFilter api = SpanFilter.in(END.minus(Duration.ofHours(1)), END).withService("api");

        assertThat(slos.counts("a", api, Optional.empty(), List.of(Duration.ofMinutes(5))).getFirst().bad()).isEqualTo(2);
    }

    @Test
    void aSeriesHasTheValidAndBadSpansPerBucket() {
        SpanFilter api = SpanFilter.in(END.minus(Duration.ofHours(1)), END).withService("api");

        List<SloQueries.BucketCounts> series = slos.series("a", api, Optional.of(Duration.ofMillis(500)),
                Duration.ofMinutes(30));

        assertThat(series).containsExactly(
                new SloQueries.BucketCounts(END.minus(Duration.ofHours(1)), 15, 0),
                new SloQueries.BucketCounts(END.minus(Duration.ofMinutes(30)), 35, 5));
    }

    @Test
    void aWindowLongerThanTheFilterIsRefused() {
        SpanFilter api = SpanFilter.in(END.minus(Duration.ofHours(1)), END);

        assertThatThrownBy(() -> slos.counts("a", api, Optional.empty(), List.of(Duration.ofHours(6))))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("starts before the filter's from");
    }

    private static SpanRow span(String project, String service, Duration beforeEnd, long durationMillis,
            StatusCode status) {
        int id = ++nextId;
        long start = Duration.between(Instant.EPOCH, END.minus(beforeEnd)).toNanos();
        return new SpanRow(project, String.format("%032x", id), String.format("%016x", id), "", "", "op",
                SpanKind.SERVER, status, "", service, "", "", start, Duration.ofMillis(durationMillis).toNanos(), Map.of(),
                Map.of(), List.of(), List.of(), SpanRow.LlmUsage.NONE);
    }
}
